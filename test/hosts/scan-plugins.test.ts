/**
 * `scanHost({ plugins })`: plugin facts run in the same scan as the built-in ones, may replace one,
 * are selected by `facts`, share commands with the built-ins, fail alone, and bad plugins are refused
 * before anything runs. Also: the deadline counts the time spent parsing.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CommandResult, ExecOptions, Executor } from '../../src/effects/command.js';
import { readFixture } from '../../src/executors/fixture.js';
import { replayExecutor } from '../../src/executors/replay.js';
import { commonUname } from '../../src/hosts/common/uname.js';
import { defineFact } from '../../src/hosts/define-fact.js';
import { definePlugin } from '../../src/hosts/plugin.js';
import { FactConflictError, PluginDefinitionError } from '../../src/hosts/plugin-error.js';
import { scanHost } from '../../src/hosts/scan.js';

const scans = join(import.meta.dirname, '..', 'fixtures', 'scans');
const linuxFixture = await readFixture(join(scans, 'linux-debian12-firecracker.json'));

/** The recorded Debian host, answering `extra` commands too, and counting what it is asked. */
function debian(extra: Record<string, string | ((options?: ExecOptions) => Promise<CommandResult>)> = {}): Executor & { asked: string[] } {
  const replay = replayExecutor(linuxFixture);
  const asked: string[] = [];
  return {
    host: replay.host,
    asked,
    exec: (command, options) => {
      asked.push(command);
      const answer = extra[command];
      if (answer === undefined) return replay.exec(command, options);
      return typeof answer === 'string' ? Promise.resolve({ stdout: answer, stderr: '', code: 0, signal: null, durationMs: 0 }) : answer(options);
    },
    close: () => replay.close(),
  };
}

const tz = defineFact({ name: 'tz', os: ['linux', 'sunos'], description: 'The local timezone abbreviation.', command: 'date +%Z', parse: (stdout) => stdout.trim() });
const acme = definePlugin({ name: 'acme', version: '1.2.0', facts: [tz] });

describe('scanHost with plugins', () => {
  it('gathers a plugin fact in the same scan as the built-in facts, after them in the report, with its source', async () => {
    const report = await scanHost({ executor: debian({ 'date +%Z': 'UTC\n' }), plugins: [acme] });
    expect(report.status).toBe('ok');
    expect(report.facts['tz']).toBe('UTC');
    expect(Object.keys(report.facts).slice(-2)).toEqual(['apparmor', 'tz']);
    expect(report.sources['tz']).toBe('date +%Z');
    expect(report.facts['hostid']).toBe('007f0100');
  });

  it('selects plugin facts by name, running only uname and their commands', async () => {
    const executor = debian({ 'date +%Z': 'UTC\n' });
    const report = await scanHost({ executor, plugins: [acme], facts: ['tz'] });
    expect(executor.asked).toEqual([commonUname.command, 'date +%Z']);
    expect(Object.keys(report.facts)).toEqual(['uname', 'kernel', 'architecture', 'tz']);
  });

  it('lets a plugin fact replace a built-in one: its command runs instead', async () => {
    const hostid = defineFact({ name: 'hostid', os: 'linux', command: 'cat /etc/machine-id', parse: (s) => s.trim().slice(0, 8) });
    const executor = debian({ 'cat /etc/machine-id': '4c4c4544004c\n' });
    const report = await scanHost({ executor, plugins: [definePlugin({ name: 'ids', version: '1', facts: [hostid] })] });
    expect(report.facts['hostid']).toBe('4c4c4544');
    expect(report.sources['hostid']).toBe('cat /etc/machine-id');
    expect(executor.asked).not.toContain('hostid');
  });

  it('runs a command a plugin fact and a built-in fact both read once', async () => {
    const memTotal = defineFact({ name: 'mem_total_kb', os: 'linux', command: 'cat /proc/meminfo', parse: (s) => Number(/^MemTotal:\s+(\d+)/m.exec(s)?.[1]) });
    const executor = debian();
    const report = await scanHost({ executor, plugins: [definePlugin({ name: 'mem', version: '1', facts: [memTotal] })] });
    expect(report.facts['mem_total_kb']).toBeGreaterThan(0);
    expect(executor.asked.filter((c) => c === 'cat /proc/meminfo')).toHaveLength(1);
  });

  it('reports a plugin parser\'s bug as that fact\'s error, naming the plugin, and keeps every other fact', async () => {
    const buggy = defineFact({ name: 'tz', os: 'linux', command: 'date +%Z', parse: (s) => (JSON.parse(s) as { zone: string }).zone });
    const report = await scanHost({ executor: debian({ 'date +%Z': 'UTC\n' }), plugins: [definePlugin({ name: 'buggy', version: '0.1.0', facts: [buggy] })] });
    expect(report.status).toBe('partial');
    expect(report.error).toBeNull();
    expect(report.facts.errors?.['tz']).toMatchObject({ code: 'plugin-error', message: expect.stringMatching(/^plugin "buggy", fact "tz": SyntaxError: /) });
    expect(report.facts['hostid']).toBe('007f0100');
    expect(report.facts).not.toHaveProperty('tz');
  });

  it('gathers a plugin\'s BSD fact beside the built-in FreeBSD facts, and FreeBSD is no longer unsupported', async () => {
    const tz = definePlugin({ name: 'acme-bsd', version: '1', facts: [defineFact({ name: 'tz', os: 'bsd', command: 'date +%Z', parse: (s) => s.trim() })] });
    const replay = replayExecutor(await readFixture(join(scans, 'freebsd-assembled.json')));
    const executor: Executor = {
      host: replay.host,
      exec: (command, options) => (command === 'date +%Z' ? Promise.resolve({ stdout: 'UTC\n', stderr: '', code: 0, signal: null, durationMs: 0 }) : replay.exec(command, options)),
      close: () => replay.close(),
    };
    const report = await scanHost({ executor, plugins: [tz], facts: ['tz', 'os'] });
    expect(report.facts).toMatchObject({ tz: 'UTC', os: { family: 'freebsd', version: '14.3' } });
    expect(report.facts).not.toHaveProperty('unsupported_os');
    expect(report.status).toBe('ok');
  });

  it('refuses a bad plugin and conflicting plugins before running anything', async () => {
    const executor = debian();
    await expect(scanHost({ executor, plugins: [{ name: 'acme', version: '1', facts: [{ name: 'x', command: 'true' }] } as never] })).rejects.toThrow(PluginDefinitionError);
    await expect(scanHost({ executor, plugins: [acme, definePlugin({ name: 'tz', version: '1', facts: [tz] })] })).rejects.toThrow(FactConflictError);
    await expect(scanHost({ executor, facts: ['tz'] })).rejects.toThrow(/unknown fact "tz"/);
    expect(executor.asked).toEqual([]);
  });
});

describe('the deadline counts parsing', () => {
  it('reports a host whose parsing ran past the deadline as deadline, keeping its facts', async () => {
    const controller = new AbortController();
    const deadline = Object.assign(new Error('the --deadline of 20 ms passed'), { code: 'deadline' });
    setTimeout(() => controller.abort(deadline), 20);
    // A parser that holds the event loop until the deadline's time has passed (as a huge output would).
    const slow = defineFact({
      name: 'slow', os: 'linux', command: 'date +%Z',
      parse: (s) => {
        const until = performance.now() + 40;
        while (performance.now() < until) { /* parsing */ }
        return s.trim();
      },
    });
    const report = await scanHost({ executor: debian({ 'date +%Z': 'UTC\n' }), plugins: [definePlugin({ name: 'slow', version: '1', facts: [slow] })], facts: ['slow'], signal: controller.signal });
    expect(report.status).toBe('failed');
    expect(report.error?.code).toBe('deadline');
    expect(report.facts).toMatchObject({ uname: expect.stringMatching(/^Linux /), slow: 'UTC' });
  });

  it('reports a host that ended before the deadline as ok', async () => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 60_000);
    const report = await scanHost({ executor: debian({ 'date +%Z': 'UTC\n' }), plugins: [acme], facts: ['tz'], signal: controller.signal });
    clearTimeout(timer);
    expect(report).toMatchObject({ status: 'ok', error: null });
  });
});
