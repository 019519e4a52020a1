/**
 * `scanHost`: the report a scan gives — status, the host's own error, facts with their `errors`, and
 * the command behind every fact — for the ways a host answers, fails or is not supported.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CommandResult, ExecOptions, Executor } from '../../src/effects/command.js';
import { ConnectionLostError, StartTimeoutError } from '../../src/executors/errors.js';
import { readFixture } from '../../src/executors/fixture.js';
import { replayExecutor } from '../../src/executors/replay.js';
import { commonUname } from '../../src/hosts/common/uname.js';
import { IP_JSON_COMMAND } from '../../src/hosts/linux/network.js';
import { linuxMeminfo } from '../../src/hosts/linux/meminfo.js';
import { linuxMemoryBlocks } from '../../src/hosts/linux/memory-blocks.js';
import { linuxHostid } from '../../src/hosts/linux/hostid.js';
import { scanHost, UnknownFactError } from '../../src/hosts/scan.js';

const scans = join(import.meta.dirname, '..', 'fixtures', 'scans');
const linuxFixture = await readFixture(join(scans, 'linux-debian12-firecracker.json'));
const sunosFixture = await readFixture(join(scans, 'sunos-solaris11-assembled.json'));

/** Wraps an executor: `answer` may replace a command's outcome; otherwise the inner one answers. */
function override(inner: Executor, answer: (command: string, options?: ExecOptions) => Promise<CommandResult> | undefined): Executor {
  return { host: inner.host, exec: (c, o) => answer(c, o) ?? inner.exec(c, o), close: () => inner.close() };
}

/** Holds back `slow`'s answer until every other answer of this tick has settled, so it ends last. */
function endingLast(inner: Executor, slow: string): Executor {
  return override(inner, (command, options) => (command === slow ? new Promise((resolve) => setTimeout(resolve, 0)).then(() => inner.exec(command, options)) : undefined));
}

describe('scanHost reports', () => {
  it('reports ok with every fact and a source for each when the host answers everything', async () => {
    const report = await scanHost({ executor: replayExecutor(linuxFixture) });
    expect(report).toMatchObject({ host: 'debian12-firecracker', status: 'ok', error: null });
    expect(report.facts).not.toHaveProperty('errors');
    expect(Object.keys(report.sources).sort()).toEqual(Object.keys(report.facts).sort());
  });

  it('labels the report with the host option rather than the executor\'s host when given', async () => {
    const report = await scanHost({ executor: replayExecutor(linuxFixture), host: 'web1', facts: ['hostid'] });
    expect(report.host).toBe('web1');
  });

  it('marks the host failed with the connection error, and keeps the facts gathered before and beside it', async () => {
    const lost = new ConnectionLostError('debian12-firecracker: the connection was lost', { host: 'debian12-firecracker' });
    const executor = override(replayExecutor(linuxFixture), (command) => (command === 'cat /proc/cpuinfo' ? Promise.reject(lost) : undefined));
    const report = await scanHost({ executor });
    expect(report.status).toBe('failed');
    expect(report.error).toEqual({ code: 'connection-lost', message: 'debian12-firecracker: the connection was lost' });
    expect(report.facts.errors).toEqual({ cpu: { code: 'connection-lost', message: 'debian12-firecracker: the connection was lost' } });
    expect(report.facts).toMatchObject({ uname: expect.stringMatching(/^Linux /), hostid: '007f0100', installed_memory_in_MB: 24576 });
  });

  it('marks the host failed when a command never started, keeps the other facts, and tries none of its fallbacks', async () => {
    const message = 'debian12-firecracker: the iproute2 command did not start within 60000 ms: the session shell had not started';
    const asked: string[] = [];
    const executor = override(replayExecutor(linuxFixture), (command) => {
      asked.push(command);
      return command === IP_JSON_COMMAND ? Promise.reject(new StartTimeoutError(message, { host: 'debian12-firecracker', command })) : undefined;
    });
    const report = await scanHost({ executor });
    expect(report.status).toBe('failed');
    expect(report.error).toEqual({ code: 'start-timeout', message });
    // The one command both read: neither fact is gathered, and no other fact fails.
    expect(report.facts.errors).toEqual({ interfaces: { code: 'start-timeout', message }, routes: { code: 'start-timeout', message } });
    expect(report.facts).toMatchObject({ hostid: '007f0100', installed_memory_in_MB: 24576 });
    // Its fallbacks would only have waited as long again.
    expect(asked.filter((c) => /^(ip addr|ip route|ifconfig|cat \/proc\/net\/route)/.test(c))).toEqual([]);
  });

  it('marks the host partial, not failed, when one fact fails for a reason of its own', async () => {
    const executor = override(replayExecutor(linuxFixture), (command) => (command === linuxHostid.command ? Promise.resolve({ stdout: '', stderr: 'sh: hostid: not found\n', code: 127, signal: null, durationMs: 1 }) : undefined));
    const report = await scanHost({ executor });
    expect(report.status).toBe('partial');
    expect(report.error).toBeNull();
    expect(report.facts.errors).toEqual({ hostid: { code: 'command-failed', message: `${JSON.stringify(linuxHostid.command)} was not found (exit 127): sh: hostid: not found` } });
    for (const key of ['hostid', 'hostid_source']) {
      expect(report.facts).not.toHaveProperty(key);
      expect(report.sources).not.toHaveProperty(key);
    }
  });

  it('fails the host with no facts when uname itself cannot run', async () => {
    const lost = new ConnectionLostError('h: connection reset by peer', { host: 'h' });
    const report = await scanHost({ executor: override(replayExecutor(linuxFixture), () => Promise.reject(lost)) });
    expect(report).toMatchObject({ status: 'failed', error: { code: 'connection-lost', message: 'h: connection reset by peer' }, facts: {}, sources: {} });
  });

  it.each([
    ['IRIX64', 'IRIX64\nindy\n6.5\n07202013\nIP35\nIRIX64 indy 6.5 07202013 IP35\n'],
    ['OSF1', 'OSF1\ntru64\nV5.1\n2650\nalpha\nOSF1 tru64 V5.1 2650 alpha\n'],
    ['Haiku', 'Haiku\nshredder\n1\nhrev57937\nx86_64\nHaiku shredder 1 hrev57937 Jul 16 2024 06:10:04 x86_64 x86_64 Haiku\n'],
  ])('keeps uname, reports %s as unsupported under errors, and does not fail the host', async (os, stdout) => {
    const executor = override(replayExecutor(linuxFixture), (command) => (command === commonUname.command ? Promise.resolve({ stdout, stderr: '', code: 0, signal: null, durationMs: 1 }) : Promise.reject(new Error(`unexpected ${command}`))));
    const report = await scanHost({ executor });
    expect(report.status).toBe('partial');
    expect(report.error).toBeNull();
    expect(report.facts).toMatchObject({ uname: stdout.trim().split('\n').pop(), unsupported_os: os });
    expect(report.facts.errors).toEqual({ os: { code: 'unsupported-os', message: `${os} is not supported: only uname was gathered` } });
    expect(report.sources['uname']).toBe(commonUname.command);
  });

  it('rejects an unknown --facts name before running anything, listing the known ones', async () => {
    const calls: string[] = [];
    const executor = override(replayExecutor(linuxFixture), (command) => { calls.push(command); return undefined; });
    await expect(scanHost({ executor, facts: ['hostid', 'serial'] })).rejects.toThrow(UnknownFactError);
    await expect(scanHost({ executor, facts: ['serial'] })).rejects.toThrow(/unknown fact "serial"; known facts: uname, kernel/);
    expect(calls).toEqual([]);
  });

  it('reports a cancelled scan as failed with the facts gathered before the cancel', async () => {
    const controller = new AbortController();
    const executor = override(replayExecutor(linuxFixture), (command, options) => {
      if (command !== 'cat /proc/cpuinfo') return undefined;
      // The scan is cancelled while this command runs; it ends when its signal fires.
      queueMicrotask(() => controller.abort());
      return new Promise((_, reject) => options?.signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));
    });
    const report = await scanHost({ executor, signal: controller.signal });
    expect(report.status).toBe('failed');
    expect(report.error?.code).toBe('cancelled');
    expect(report.facts['uname']).toMatch(/^Linux /);
    expect(report.facts).not.toHaveProperty('cpu');
  });
});

describe('scanHost sources', () => {
  it('names the command the memory fact came from, whichever of its parallel commands ends last', async () => {
    for (const slow of [linuxMemoryBlocks.command, linuxMeminfo.command]) {
      const report = await scanHost({ executor: endingLast(replayExecutor(linuxFixture), slow), facts: ['installed_memory_in_MB'] });
      expect(report.facts['memory_source']).toBe('memory-blocks');
      expect(report.sources['installed_memory_in_MB']).toBe(linuxMemoryBlocks.command);
      expect(report.sources['memory_source']).toBe(linuxMemoryBlocks.command);
    }
  });

  it('names ifconfig as the source of SunOS interfaces and df of filesystems, even when dladm or mount ends last', async () => {
    for (const slow of ['/usr/sbin/dladm show-vnic', '/usr/sbin/mount -v']) {
      const report = await scanHost({ executor: endingLast(replayExecutor(sunosFixture), slow), facts: ['interfaces', 'filesystems'] });
      expect(report.sources).toMatchObject({ interfaces: '/sbin/ifconfig -a', filesystems: '/usr/bin/df -k' });
    }
  });

  it('names zonename and virtinfo, started with the facts that read them, as their facts\' sources', async () => {
    const report = await scanHost({ executor: replayExecutor(sunosFixture), facts: ['zonename', 'virtualization'] });
    expect(report.sources).toMatchObject({ zonename: '/usr/bin/zonename', virtualization: '/usr/sbin/virtinfo' });
  });

  it('names the fallback that answered, not the preferred command that failed', async () => {
    const executor = override(replayExecutor(sunosFixture), (command) => (command === '/usr/sbin/smbios' ? Promise.resolve({ stdout: '', stderr: 'smbios: not found\n', code: 127, signal: null, durationMs: 1 }) : command.includes('prtdiag') ? Promise.resolve({ stdout: 'System Configuration: Sun Microsystems  sun4v SPARC Enterprise T5120\n', stderr: '', code: 0, signal: null, durationMs: 1 }) : undefined));
    const report = await scanHost({ executor, facts: ['device'] });
    expect(report.facts['device']).toMatchObject({ system_product: 'SPARC Enterprise T5120' });
    expect(report.sources['device']).toMatch(/prtdiag/);
  });
});
