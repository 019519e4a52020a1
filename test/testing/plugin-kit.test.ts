/**
 * The plugin author's test kit: `runFact` against a table of outputs, `factFixtures` and
 * `checkFactFixtures` over a folder of real samples, `factContext` to step a fact's saga, and
 * `replayHost` to scan a recorded host with a plugin loaded.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defineFact, definePlugin, exec, factFromSpec, PrivilegeRequiredError } from '../../src/index.js';
import { commonHostid } from '../../src/hosts/common/hostid.js';
import { checkFactFixtures, commandResult, factContext, factFixtures, FactFixtureError, replayHost, runFact } from '../../src/testing/index.js';

const root = join(import.meta.dirname, '..', 'fixtures');
const recording = join(root, 'scans', 'linux-debian12-firecracker.json');
const timezone = defineFact({ name: 'timezone', os: ['linux', 'sunos'], command: 'date +%Z', parse: (stdout) => stdout.trim() });
const dirs: string[] = [];

/** A temporary folder holding `files`. */
function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'plesio-fixtures-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

afterAll(() => { for (const dir of dirs) rmSync(dir, { recursive: true, force: true }); });

describe('runFact', () => {
  it('runs a command fact against a table and gives its value, source and the commands asked', async () => {
    const run = await runFact(timezone, { commands: { 'date +%Z': 'CET\n' } });
    expect(run).toMatchObject({ value: 'CET', error: undefined, sources: { timezone: 'date +%Z' } });
    expect(run.calls.map((c) => c.command)).toEqual(['date +%Z']);
  });

  it('gives the error a scan would report, typed errors of the host included', async () => {
    const refused = await runFact(defineFact({ name: 'serial', needsRoot: true, command: 'cat /root/serial', parse: (s) => s }), {
      commands: { 'cat /root/serial': new PrivilegeRequiredError('mock: sudo -n: a password is required', { host: 'mock' }) },
      sudo: true,
    });
    expect(refused.error).toEqual({ code: 'privilege-required', message: 'mock: sudo -n: a password is required' });
    expect(refused.value).toBeUndefined();
  });

  it('hands a fact the facts it reads through state, and the system through os', async () => {
    const greeting = defineFact({
      name: 'greeting', needs: ['hostname'],
      *saga(ctx) {
        const out = yield* exec('echo hi');
        return `${out.stdout.trim()} from ${ctx.os}`;
      },
    });
    const run = await runFact(greeting, { commands: { 'echo hi': 'hi\n' }, os: 'sunos', state: { hostname: 'web1' } });
    expect(run.value).toBe('hi from sunos');
    expect(run.state).toMatchObject({ hostname: 'web1', greeting: 'hi from sunos' });
  });
});

describe('factContext', () => {
  it('makes the context to step a fact saga with, defaulting sudo and the timeout', () => {
    expect(factContext({ os: 'linux' })).toEqual({ os: 'linux', sudo: false, timeoutMs: 30_000 });
    const gen = timezone.saga(factContext({ os: 'linux', timeoutMs: 5_000 }));
    expect(gen.next().value).toEqual(exec('date +%Z', { timeoutMs: 5_000 }));
    expect(gen.next(commandResult('UTC\n')).value).toBe('UTC');
  });
});

describe('factFixtures and checkFactFixtures', () => {
  const hostid = factFromSpec(commonHostid, { name: 'hostid' });

  it('reads a folder of real samples, source line stripped, and checks every one', () => {
    const dir = join(root, 'parsers', 'common.hostid');
    const samples = factFixtures(hostid, dir);
    expect(samples.map((s) => s.name)).toEqual(['abs-guide-no-leading-zeros', 'coreutils-doc-example', 'debian12-firecracker-docker']);
    for (const s of samples) {
      expect(s.stdout).not.toMatch(/^# source:/);
      expect(s.source.length).toBeGreaterThan(0);
      expect(s.parse()).toEqual(s.expected);
    }
    expect(checkFactFixtures(hostid, dir)).toBe(3);
  });

  it('lists every sample that differs from its expected value', () => {
    const dir = folder({
      'a.txt': '# source: a test\n007f0100\n', 'a.json': '"007f0100"',
      'b.txt': '# source: a test\n0a0b0c0d\n', 'b.json': '"ffffffff"',
      'c.txt': '# source: a test\nnot a hostid\n', 'c.json': '"x"',
    });
    let error: unknown;
    try { checkFactFixtures(hostid, dir); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(FactFixtureError);
    const message = (error as Error).message;
    expect(message).toMatch(/^2 of 3 samples of fact "hostid" differ:/);
    expect(message).toContain(`${join(dir, 'b.txt')}: expected "ffffffff", parsed "0a0b0c0d"`);
    expect(message).toMatch(/c\.txt: the parser threw ParseError: common\.hostid: /);
  });

  it.each([
    ['a sample without its source line', { 'a.txt': '007f0100\n', 'a.json': '"007f0100"' }, /a\.txt: the first line must be "# source: <where this output came from>", found "007f0100"/],
    ['a sample without its expected value', { 'a.txt': '# source: x\n007f0100\n' }, /a\.txt has no expected value: write it to .*a\.json/],
    ['an expected value that is not JSON', { 'a.txt': '# source: x\n007f0100\n', 'a.json': '007f0100' }, /a\.json: not JSON/],
    ['no sample at all', { 'README.md': 'samples go here' }, /no <case>\.txt sample for fact "hostid"/],
  ])('refuses %s', (_what, files, message) => {
    expect(() => factFixtures(hostid, folder(files))).toThrow(message);
  });

  it('refuses a missing folder and a saga fact', () => {
    expect(() => factFixtures(hostid, join(root, 'nope'))).toThrow(/nope: no such folder of samples for fact "hostid"/);
    const saga = defineFact({ name: 's', *saga() { return 1; } });
    expect(() => factFixtures(saga, join(root, 'parsers', 'common.hostid'))).toThrow(/fact "s" is a saga fact: .* test a saga fact with runFact/);
  });
});

describe('replayHost', () => {
  it('scans a recorded host with a plugin loaded, its commands answered by the test', async () => {
    const acme = definePlugin({ name: 'acme', version: '1.0.0', facts: [timezone] });
    const report = await replayHost(recording, { plugins: [acme], commands: { 'date +%Z': 'UTC\n' } });
    expect(report).toMatchObject({ host: 'debian12-firecracker', status: 'ok', error: null });
    expect(report.facts).toMatchObject({ hostid: '007f0100', timezone: 'UTC' });
    expect(report.sources['timezone']).toBe('date +%Z');
  });

  it('fails the plugin fact whose command the recording lacks, naming the command', async () => {
    const report = await replayHost(recording, { plugins: [definePlugin({ name: 'acme', version: '1.0.0', facts: [timezone] })], facts: ['timezone'] });
    expect(report.status).toBe('partial');
    expect(report.facts.errors?.['timezone']).toMatchObject({ code: 'unexpected-command', message: expect.stringContaining('"date +%Z"') });
  });
});
