/**
 * `defineFact`: a checked, frozen fact from a command and a parser or from a saga; every malformed
 * definition is refused with a `PluginDefinitionError` naming the fact and the field.
 */
import { describe, expect, it } from 'vitest';
import { exec } from '../../src/effects/exec.js';
import { put } from '../../src/effects/state.js';
import { defineFact, factFromSpec, sourcedFrom } from '../../src/hosts/define-fact.js';
import { commonHostid } from '../../src/hosts/common/hostid.js';
import { PluginDefinitionError } from '../../src/hosts/plugin-error.js';
import { commandResult } from '../../src/testing/providers.js';
import { factContext } from '../../src/testing/run-fact.js';

const ctx = factContext({ os: 'linux' });

describe('a command fact', () => {
  const timezone = defineFact({ name: 'timezone', os: ['linux', 'sunos'], command: 'date +%Z', parse: (stdout) => stdout.trim() });

  it('keeps its command and parser, and lists its command', () => {
    expect(timezone).toMatchObject({ kind: 'command', name: 'timezone', os: ['linux', 'sunos'], command: 'date +%Z', needsRoot: false, optIn: false, needs: [], keys: {} });
    expect(timezone.commands).toEqual([{ command: 'date +%Z', needsRoot: false, fallback: false }]);
    expect(timezone.parse('CET\n', ctx)).toBe('CET');
  });

  it('is a saga of its own: one exec, then the parsed value', () => {
    const gen = timezone.saga(ctx);
    expect(gen.next().value).toEqual(exec('date +%Z', { timeoutMs: 30_000 }));
    expect(gen.next(commandResult('UTC\n'))).toEqual({ done: true, value: 'UTC' });
  });

  it('runs its command through sudo only when it needs root and sudo is allowed', () => {
    const serial = defineFact({ name: 'serial', command: 'cat /sys/class/dmi/id/product_serial', needsRoot: true, parse: (s) => s.trim() });
    expect(serial.saga(ctx).next().value).toEqual(exec(serial.command, { timeoutMs: 30_000 }));
    expect(serial.saga({ ...ctx, sudo: true }).next().value).toEqual(exec(serial.command, { timeoutMs: 30_000, sudo: true }));
  });

  it('hands the context to its parser', () => {
    const os = defineFact({ name: 'family', command: 'true', parse: (_s, c) => c.os });
    const gen = os.saga(factContext({ os: 'sunos' }));
    gen.next();
    expect(gen.next(commandResult(''))).toEqual({ done: true, value: 'sunos' });
  });

  it('fails with command-failed when its command exits non-zero with no output', () => {
    const gen = timezone.saga(ctx);
    gen.next();
    expect(() => gen.next(commandResult('', { code: 127, stderr: 'sh: date: not found\n' }))).toThrow(/"date \+%Z" was not found \(exit 127\)/);
  });

  it('is frozen, with its lists', () => {
    expect(Object.isFrozen(timezone)).toBe(true);
    expect(Object.isFrozen(timezone.os)).toBe(true);
    expect(Object.isFrozen(timezone.commands)).toBe(true);
  });

  it('covers every system by default, and the four BSDs for bsd', () => {
    expect(defineFact({ name: 'a', command: 'true', parse: () => 1 }).os).toEqual(['linux', 'sunos', 'freebsd', 'openbsd', 'netbsd', 'dragonfly', 'darwin', 'aix', 'hpux']);
    expect(defineFact({ name: 'a', os: 'bsd', command: 'true', parse: () => 1 }).os).toEqual(['freebsd', 'openbsd', 'netbsd', 'dragonfly']);
  });

  it('can be made from a parser spec, one line per spec', () => {
    const hostid = factFromSpec(commonHostid, { name: 'hostid', os: 'linux', description: 'The host identifier.' });
    expect(hostid).toMatchObject({ kind: 'command', name: 'hostid', command: 'hostid', description: 'The host identifier.' });
    expect(hostid.parse('007f0100\n', ctx)).toBe('007f0100');
    // Spreading the spec works too, with the fact's own name.
    expect(defineFact({ ...commonHostid, name: 'hostid' }).command).toBe('hostid');
  });
});

describe('a saga fact', () => {
  const nginx = defineFact({
    name: 'nginx', os: ['linux'], commands: ['nginx -v 2>&1', { command: 'ls /etc/nginx/sites-enabled' }],
    *saga() {
      const v = yield* exec('nginx -v 2>&1');
      if (v.code !== 0) return yield put({ nginx: null });
      const sites = yield* exec('ls /etc/nginx/sites-enabled');
      yield put({ nginx: { version: v.stdout.trim().split('/')[1] ?? null, sites: sites.stdout.split('\n').filter(Boolean) } });
    },
  });

  it('steps as a plain generator, as the issue\'s example is written', () => {
    const gen = nginx.saga(ctx);
    expect(gen.next().value).toEqual(exec('nginx -v 2>&1'));
    expect(gen.next(commandResult('nginx version: nginx/1.22.1\n')).value).toEqual(exec('ls /etc/nginx/sites-enabled'));
    expect(gen.next(commandResult('default\nshop\n')).value).toEqual(put({ nginx: { version: '1.22.1', sites: ['default', 'shop'] } }));
    expect(gen.next().done).toBe(true);
  });

  it('is named after the fact, so traces show it', () => {
    expect(nginx.saga.name).toBe('nginx');
    expect(nginx.kind).toBe('saga');
    expect(nginx.commands).toEqual([{ command: 'nginx -v 2>&1', needsRoot: false, fallback: false }, { command: 'ls /etc/nginx/sites-enabled', needsRoot: false, fallback: false }]);
  });

  it('needs root when one of the commands it lists does, unless it says otherwise', () => {
    const listed = { command: 'dmidecode', needsRoot: true };
    expect(defineFact({ name: 'a', commands: [listed], *saga() { return 1; } }).needsRoot).toBe(true);
    expect(defineFact({ name: 'a', commands: [listed], needsRoot: false, *saga() { return 1; } }).needsRoot).toBe(false);
  });

  it('may return its value with the command it came from', () => {
    const memory = defineFact({ name: 'memory', *saga() { return sourcedFrom('cat /proc/meminfo', 1024); } });
    expect(memory.saga(ctx).next()).toEqual({ done: true, value: sourcedFrom('cat /proc/meminfo', 1024) });
  });
});

describe('defineFact refuses a malformed fact, naming the field', () => {
  const saga = function* () { return 1; };
  it.each<[string, unknown, string, RegExp]>([
    ['no name', { command: 'true', parse: () => 1 }, 'name', /^defineFact: name must be a letter then letters, digits or _ \(at most 64\), received undefined$/],
    ['a name with a dash', { name: 'ssh-keys', command: 'true', parse: () => 1 }, 'name', /received "ssh-keys"/],
    ['a reserved name', { name: 'errors', command: 'true', parse: () => 1 }, 'name', /"errors" is reserved/],
    ['neither command nor saga', { name: 'x' }, 'command', /fact "x": command is missing: give a command with a parse function, or a saga/],
    ['both command and saga', { name: 'x', command: 'true', parse: () => 1, saga }, 'command', /command and saga are both given/],
    ['a command without a parser', { name: 'x', command: 'true' }, 'parse', /parse must be a function \(stdout, ctx\) => value, received undefined/],
    ['an empty command', { name: 'x', command: ' ', parse: () => 1 }, 'command', /command must be a non-empty shell command/],
    ['a saga that is not a function', { name: 'x', saga: 'exec uname' }, 'saga', /saga must be a generator function/],
    ['commands on a command fact', { name: 'x', command: 'true', parse: () => 1, commands: ['true'] }, 'commands', /commands is for saga facts/],
    ['an unknown system', { name: 'x', os: ['linux', 'windows'], saga }, 'os', /os must be linux, sunos, .*, received "windows"/],
    ['an empty os list', { name: 'x', os: [], saga }, 'os', /os is an empty list/],
    ['a two-line description', { name: 'x', description: 'a\nb', saga }, 'description', /description must be one line/],
    ['needs that names itself', { name: 'x', needs: ['x'], saga }, 'needs', /needs names the fact itself/],
    ['needs that is not a list', { name: 'x', needs: 'cpu', saga }, 'needs', /needs must be a list of fact names/],
    ['a key equal to the name', { name: 'x', keys: ['x'], saga }, 'keys', /the fact's own name/],
    ['a key listed twice', { name: 'x', keys: ['y', 'y'], saga }, 'keys', /lists a key twice/],
    ['a negative timeout', { name: 'x', timeoutMs: -1, saga }, 'timeoutMs', /timeoutMs must be a number of milliseconds > 0, received number -1/],
    ['a timeout in seconds as a string', { name: 'x', timeoutMs: '5s', saga }, 'timeoutMs', /received "5s"/],
    ['a non-boolean optIn', { name: 'x', optIn: 'yes', saga }, 'optIn', /optIn must be true or false/],
    ['a misspelt field', { name: 'x', timeout: 5000, saga }, 'timeout', /timeout is not a field of a fact \(did you mean timeoutMs\?\)/],
  ])('%s', (_what, definition, field, message) => {
    let thrown: unknown;
    try {
      defineFact(definition as never);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(PluginDefinitionError);
    expect(thrown).toMatchObject({ code: 'bad-plugin', field });
    expect((thrown as Error).message).toMatch(message);
  });

  it('refuses a definition that is not an object', () => {
    expect(() => defineFact(null as never)).toThrow(/^defineFact: definition must be an object such as \{ name, command, parse \} or \{ name, saga \}, received null$/);
  });
});
