/**
 * The fact runner, run by the real interpreter against a mock host: facts forked side by side, `needs`
 * waited for, `timeoutMs` applied, `needsRoot` through sudo, and every failure — a command, a parser,
 * a plugin's bug — under `errors[name]` without spoiling the other facts.
 */
import { describe, expect, it } from 'vitest';
import { exec } from '../../src/effects/exec.js';
import { select } from '../../src/effects/state.js';
import type { ExecOptions } from '../../src/effects/command.js';
import { mockExecutor } from '../../src/executors/mock.js';
import { defineFact, sourcedFrom, type Fact } from '../../src/hosts/define-fact.js';
import { gatherFacts } from '../../src/hosts/gather.js';
import { memoExecutor } from '../../src/hosts/memo-executor.js';
import { ParseError } from '../../src/hosts/parse-error.js';
import { run } from '../../src/interpreter/run.js';
import { TestClock } from '../../src/testing/clock.js';
import { runFact } from '../../src/testing/run-fact.js';

const ctx = { os: 'linux', sudo: false, timeoutMs: 30_000 } as const;
const echo = (name: string, more: Record<string, unknown> = {}): Fact => defineFact({ name, command: `echo ${name}`, parse: (s: string) => s.trim(), ...more } as never);

/** Answers every command after the current tick, and records how many were running at once. */
function slowHost() {
  let running = 0;
  const stats = { most: 0, order: [] as string[] };
  const executor = mockExecutor(async (command) => {
    stats.order.push(`start ${command}`);
    stats.most = Math.max(stats.most, ++running);
    await new Promise((resolve) => setImmediate(resolve));
    running--;
    stats.order.push(`end ${command}`);
    return `${command.replace(/^echo /, '')}\n`;
  });
  return { executor, stats };
}

describe('gatherFacts', () => {
  it('runs every fact at once, each command started before any has answered', async () => {
    const { executor, stats } = slowHost();
    const plan = ['a', 'b', 'c'].map((n) => ({ plugin: 'acme', fact: echo(n) }));
    const task = run({ executor: memoExecutor(executor), state: {} }, gatherFacts, plan, ctx);
    await task.toPromise();
    expect(stats.most).toBe(3);
    expect(task.state()).toEqual({ a: 'a', b: 'b', c: 'c' });
  });

  it('runs a fact after the facts it needs, with its own command started while it waits', async () => {
    const { executor, stats } = slowHost();
    const a = echo('a');
    const b = defineFact({
      name: 'b', needs: ['a'], commands: ['echo b'],
      *saga() {
        const own = yield* exec('echo b');
        const seen = yield* select((s: { a?: string }) => s.a);
        return `${own.stdout.trim()} after ${seen}`;
      },
    });
    const task = run({ executor: memoExecutor(executor), state: {} }, gatherFacts, [{ plugin: 'acme', fact: a }, { plugin: 'acme', fact: b }], ctx);
    await task.toPromise();
    expect(task.state()).toEqual({ a: 'a', b: 'b after a' });
    // Both commands were running at once, and `echo b` ran once although asked twice.
    expect(stats.order.slice(0, 2)).toEqual(['start echo a', 'start echo b']);
    expect(executor.calls.map((c) => c.command)).toEqual(['echo a', 'echo b']);
  });

  it('starts early only the commands of a waiting fact that are not fallbacks, which run only when needed', async () => {
    const { executor } = slowHost();
    const b = defineFact({
      name: 'b', needs: ['a'], commands: ['echo b', { command: 'echo b-fallback', fallback: true }],
      *saga() {
        const own = yield* exec('echo b');
        return own.stdout.trim();
      },
    });
    const task = run({ executor: memoExecutor(executor), state: {} }, gatherFacts, [{ plugin: 'acme', fact: echo('a') }, { plugin: 'acme', fact: b }], ctx);
    await task.toPromise();
    expect(task.state()).toEqual({ a: 'a', b: 'b' });
    expect(executor.calls.map((c) => c.command)).toEqual(['echo a', 'echo b']);
  });

  it('fails a saga fact that runs past its timeoutMs with code timeout, stops its command, and keeps the others', async () => {
    const clock = new TestClock();
    const aborted: string[] = [];
    const executor = mockExecutor((command: string, options: ExecOptions) => {
      if (command !== 'sleep 60') return 'fast\n';
      return new Promise((_, reject) => options.signal?.addEventListener('abort', () => { aborted.push(command); reject(new Error('aborted')); }));
    });
    const slow = defineFact({ name: 'slow', timeoutMs: 1_000, commands: ['sleep 60'], *saga() {
      return (yield* exec('sleep 60')).stdout;
    } });
    const plan = [{ plugin: 'acme', fact: slow }, { plugin: 'acme', fact: echo('fast', { command: 'echo fast' }) }];
    const task = run({ executor: memoExecutor(executor), state: {}, clock }, gatherFacts, plan, ctx);
    await new Promise((resolve) => setImmediate(resolve));
    clock.advance(1_000);
    await task.toPromise();
    expect(task.state()).toEqual({ fast: 'fast', errors: { slow: { code: 'timeout', message: 'fact "slow" took longer than its 1000 ms' } } });
    expect(aborted).toEqual(['sleep 60']);
  });

  it('does not fail a command fact whose command waits to start longer than its timeoutMs: the timeout is the command\'s, from its start', async () => {
    const clock = new TestClock();
    let started: (stdout: string) => void = () => undefined;
    const seen: Array<number | undefined> = [];
    const executor = mockExecutor((command: string, options: ExecOptions) => {
      seen.push(options.timeoutMs);
      // Held back as a busy fleet holds a command before its start; it then answers at once.
      return new Promise<string>((resolve) => (started = resolve));
    });
    const df = defineFact({ name: 'df', timeoutMs: 1_000, command: 'df -k', parse: (s) => s.trim() });
    const task = run({ executor: memoExecutor(executor), state: {}, clock }, gatherFacts, [{ plugin: 'acme', fact: df }], ctx);
    await new Promise((resolve) => setImmediate(resolve));
    clock.advance(5_000);
    started('/dev/sda1\n');
    await task.toPromise();
    expect(task.state()).toEqual({ df: '/dev/sda1' });
    expect(seen).toEqual([1_000]);
  });

  it('gives each command of a fact with timeoutMs that timeout when it is shorter than the scan\'s', async () => {
    const { calls } = await runFact(defineFact({ name: 'df', timeoutMs: 15_000, command: 'df -k', parse: (s) => s }), { commands: { 'df -k': 'x\n' } });
    expect(calls).toEqual([{ command: 'df -k', sudo: false, timeoutMs: 15_000, maxOutputBytes: undefined }]);
  });
});

describe('a fact that needs root', () => {
  const serial = defineFact({ name: 'serial', needsRoot: true, command: 'cat /sys/class/dmi/id/product_serial', parse: (s) => s.trim() });
  const commands = { 'cat /sys/class/dmi/id/product_serial': 'VMware-42\n' };

  it('runs its command through sudo -n when sudo is allowed', async () => {
    const { value, calls } = await runFact(serial, { commands, sudo: true });
    expect(value).toBe('VMware-42');
    expect(calls.map((c) => c.sudo)).toEqual([true]);
  });

  it('runs it without sudo otherwise, for whatever a user may read', async () => {
    const { calls } = await runFact(serial, { commands });
    expect(calls.map((c) => c.sudo)).toEqual([false]);
  });
});

describe('a failing fact', () => {
  it('records a ParseError with code parse', async () => {
    const bad = defineFact({ name: 'n', command: 'echo x', parse: () => { throw new ParseError('acme.n', 'not a number', 'x'); } });
    expect((await runFact(bad, { commands: { 'echo x': 'x\n' } })).error).toEqual({ code: 'parse', message: 'acme.n: not a number (near "x")' });
  });

  it('records anything else a parser throws as the plugin\'s error, naming the plugin and the fact', async () => {
    const buggy = defineFact({ name: 'n', command: 'echo x', parse: (s) => (JSON.parse(s) as { a: { b: number } }).a.b });
    const { value, error } = await runFact(buggy, { commands: { 'echo x': '{}\n' }, plugin: 'acme' });
    expect(value).toBeUndefined();
    expect(error?.code).toBe('plugin-error');
    expect(error?.message).toMatch(/^plugin "acme", fact "n": TypeError: Cannot read properties of undefined/);
  });

  it('records a saga throwing a non-error value as the plugin\'s error', async () => {
    // eslint-disable-next-line require-yield
    const odd = defineFact({ name: 'odd', *saga() { throw 'boom'; } });
    expect((await runFact(odd, { plugin: 'acme' })).error).toEqual({ code: 'plugin-error', message: 'plugin "acme", fact "odd": threw boom' });
  });

  it('records a saga yielding something that is not an effect as the plugin\'s error', async () => {
    const wrong = defineFact({ name: 'wrong', *saga() { yield 42 as never; return 1; } });
    expect((await runFact(wrong, { plugin: 'acme' })).error).toEqual({ code: 'plugin-error', message: 'plugin "acme", fact "wrong": InvalidEffectError: saga wrong yielded 42, which is not an effect' });
  });

  it('keeps the code of the typed errors plesio raises (a failed command, an unexpected one)', async () => {
    const missing = defineFact({ name: 'm', command: 'nginx -v', parse: (s) => s });
    expect((await runFact(missing, { commands: { 'nginx -v': { code: 127, stderr: 'sh: nginx: not found\n' } } })).error)
      .toEqual({ code: 'command-failed', message: '"nginx -v" was not found (exit 127): sh: nginx: not found' });
    expect((await runFact(missing, { commands: {} })).error?.code).toBe('unexpected-command');
  });

  it('spoils no other fact', async () => {
    const plan = [
      { plugin: 'acme', fact: defineFact({ name: 'bad', command: 'echo bad', parse: () => { throw new RangeError('nope'); } }) },
      { plugin: 'acme', fact: echo('good') },
    ];
    const task = run({ executor: memoExecutor(mockExecutor({ 'echo bad': 'bad\n', 'echo good': 'good\n' })), state: {} }, gatherFacts, plan, ctx);
    await task.toPromise();
    expect(task.state()).toEqual({ good: 'good', errors: { bad: { code: 'plugin-error', message: 'plugin "acme", fact "bad": RangeError: nope' } } });
  });
});

describe('what a fact puts', () => {
  it('puts a fact with keys as its keys, each with the source it names', async () => {
    const mem = defineFact({ name: 'mem', keys: { mem_source: 'where mem came from' }, *saga() { return sourcedFrom('cat /proc/meminfo', { mem: 1024, mem_source: 'meminfo' }); } });
    const run = await runFact(mem);
    expect(run.value).toEqual({ mem: 1024, mem_source: 'meminfo' });
    expect(run.sources).toEqual({ mem: 'cat /proc/meminfo', mem_source: 'cat /proc/meminfo' });
  });

  it('names the last command the fact ran as the source when it names none', async () => {
    const two = defineFact({ name: 'two', *saga() { yield* exec('echo 1'); return (yield* exec('echo 2')).stdout.trim(); } });
    expect((await runFact(two, { commands: { 'echo 1': '1\n', 'echo 2': '2\n' } })).sources).toEqual({ two: 'echo 2' });
  });

  it('refuses a fact with keys returning something else than an object of its keys', async () => {
    const notObject = defineFact({ name: 'a', keys: ['b'], *saga() { return 1; } });
    expect((await runFact(notObject, { plugin: 'acme' })).error).toEqual({ code: 'plugin-error', message: 'plugin "acme", fact "a": a fact with keys returns an object of them ({ a, b }), not number' });
    const extra = defineFact({ name: 'a', keys: ['b'], *saga() { return { a: 1, c: 2 }; } });
    expect((await runFact(extra, { plugin: 'acme' })).error?.message).toBe('plugin "acme", fact "a": returned the key "c", which is not its name or one of its keys (a, b)');
  });

  it('puts nothing for a saga that returns nothing, and a null value as null', async () => {
    expect((await runFact(defineFact({ name: 'a', *saga() { /* nothing found */ } }))).state).toEqual({});
    expect((await runFact(defineFact({ name: 'a', *saga() { return null; } }))).state).toEqual({ a: null });
  });
});
