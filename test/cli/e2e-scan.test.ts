/**
 * The built CLI against a real loopback sshd: targets, formats, facts, exit codes, host keys,
 * record/replay and traces. Most tests ask for one or two facts, to keep the suite quick.
 */
import { readFile, readdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import type { HostReport } from '../../src/hosts/report.js';
import { linuxFiles } from '../../src/hosts/linux/files.js';
import { linuxHostid } from '../../src/hosts/linux/hostid.js';
import { freePort, generateKey } from '../support/process.js';
import { startSshd, type TestSshd } from '../support/sshd.js';
import { E2E_TIMEOUT_MS, ensureBuilt, runCli, tempDir, withoutTiming, writeTemp } from './helpers.js';

let sshd: TestSshd;
let home: { dir: string; remove: () => Promise<void> };
/** The options every SSH scan of the test server needs. */
let auth: string[];
let target: string;

beforeAll(async () => {
  [, sshd, home] = await Promise.all([ensureBuilt(), startSshd(), tempDir()]);
  auth = ['-i', sshd.clientKeyPath, '--known-hosts', sshd.knownHostsPath];
  target = `root@127.0.0.1:${sshd.port}`;
}, E2E_TIMEOUT_MS);
afterAll(async () => {
  await sshd?.stop();
  await home?.remove();
});

const scan = (...args: string[]) => runCli(['scan', ...args], { home: home.dir });

describe('plesio scan over SSH', { timeout: E2E_TIMEOUT_MS }, () => {
  test('scans one host completely and prints a JSON array on stdout, messages on stderr', async () => {
    const run = await scan(target, ...auth);
    expect(run.code).toBe(0);
    const [report] = JSON.parse(run.stdout) as HostReport[];
    expect(report).toMatchObject({ host: target, error: null, facts: { kernel: expect.any(String), hostname: expect.any(String) } });
    expect(['ok', 'partial']).toContain(report!.status);
    expect(report!.sources.kernel).toMatch(/uname/);
    // Not a terminal: no progress bar, only the summary.
    expect(run.stderr).toMatch(/^plesio: scanned 1 host in .*: \d ok, \d partial, 0 failed\n$/);
  });

  test('scans several targets written in every form, and reports them in the order given', async () => {
    const targets = [target, `127.0.0.1:${sshd.port}`, `[127.0.0.1]:${sshd.port}`, 'testhost'];
    const run = await scan(...targets, '-l', 'root', '-F', sshd.sshConfigPath, ...auth, '--facts', 'os');
    expect(run.code).toBe(0);
    const reports = JSON.parse(run.stdout) as HostReport[];
    expect(reports.map((r) => [r.host, r.status])).toEqual(targets.map((t) => [t, 'ok']));
    expect(reports.every((r) => (r.facts.os as { id: string }).id !== undefined)).toBe(true);
  });

  test('gathers only the facts asked for with --facts, running only their commands', async () => {
    const { dir, remove } = await tempDir();
    try {
      const run = await scan(target, ...auth, '--facts', 'hostid,os', '--record', dir);
      expect(run.code).toBe(0);
      const [report] = JSON.parse(run.stdout) as HostReport[];
      // Linux's hostid says where it came from; its os reads the release files of the file sweep.
      expect(Object.keys(report!.facts).sort()).toEqual(['architecture', 'hostid', 'hostid_source', 'kernel', 'os', 'uname']);
      const fixture = JSON.parse(await readFile(join(dir, (await readdir(dir))[0]!), 'utf8')) as { entries: { command: string }[] };
      expect(fixture.entries.map((e) => e.command).sort()).toEqual(['cat /etc/os-release 2>/dev/null || cat /usr/lib/os-release', linuxFiles.command, linuxHostid.command, 'uname -s; uname -n; uname -r; uname -v; uname -m; uname -a'].sort());
    } finally {
      await remove();
    }
  });

  test('writes the same reports as ndjson, yaml and a table', async () => {
    const targets = [target, 'testhost'];
    const common = [...targets, ...auth, '-F', sshd.sshConfigPath, '--facts', 'os'];
    const [ndjson, yaml, table] = await Promise.all(['ndjson', 'yaml', 'table'].map((format) => scan(...common, '--format', format)));
    const fromNdjson = ndjson!.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as HostReport);
    // ndjson is in the order hosts finished; the others in target order.
    expect(fromNdjson.map((r) => r.host).sort()).toEqual([...targets].sort());
    expect((parse(yaml!.stdout) as HostReport[]).map(withoutTiming)).toEqual(targets.map((t) => withoutTiming(fromNdjson.find((r) => r.host === t)!)));
    const lines = table!.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^HOST +STATUS +IP +OS +KERNEL/);
    expect(lines.slice(1).map((l) => l.split(/\s+/).slice(0, 2))).toEqual(targets.map((t) => [t, 'ok']));
    for (const run of [ndjson, yaml, table]) expect(run!.code).toBe(0);
  });

  test('writes to --output and nothing to stdout', async () => {
    const { dir, remove } = await tempDir();
    try {
      const run = await scan(target, ...auth, '--facts', 'os', '--format', 'ndjson', '--output', join(dir, 'out.ndjson'));
      expect(run).toMatchObject({ code: 0, stdout: '' });
      expect(JSON.parse(await readFile(join(dir, 'out.ndjson'), 'utf8'))).toMatchObject({ host: target, status: 'ok' });
    } finally {
      await remove();
    }
  });

  test('exits with 2 when a host fails, reporting its code and reason next to the hosts that worked', async () => {
    const closed = `root@127.0.0.1:${await freePort()}`;
    const run = await scan(closed, target, ...auth, '--facts', 'os');
    expect(run.code).toBe(2);
    const reports = JSON.parse(run.stdout) as HostReport[];
    expect(reports.map((r) => [r.host, r.status, r.error?.code])).toEqual([[closed, 'failed', 'refused'], [target, 'ok', undefined]]);
    expect(reports[0]!.error!.message).not.toContain('\n');
    expect(run.stderr).toContain(`  ${closed}: refused: `);
  });

  test('scans with --no-pipelining, a channel per command, to the same report as with pipelined sessions', async () => {
    const [pipelined, unpipelined] = await Promise.all([scan(target, ...auth, '--facts', 'os,hostid'), scan(target, ...auth, '--facts', 'os,hostid', '--no-pipelining')]);
    expect([pipelined!.code, unpipelined!.code]).toEqual([0, 0]);
    const [report] = JSON.parse(unpipelined!.stdout) as HostReport[];
    expect(report).toMatchObject({ host: target, status: 'ok', error: null, facts: { os: expect.any(Object), hostid: expect.any(String) } });
    expect(withoutTiming(report!)).toEqual(withoutTiming((JSON.parse(pipelined!.stdout) as HostReport[])[0]!));
  });

  test('names, after the summary, the hosts where pipelined sessions were unavailable', async () => {
    // No temporary directory for the session shell there: every command takes a channel of its own.
    const odd = await startSshd({ env: { TMPDIR: '/nonexistent/plesio' } });
    try {
      const oddTarget = `root@127.0.0.1:${odd.port}`;
      const run = await scan(target, oddTarget, '-i', sshd.clientKeyPath, '-i', odd.clientKeyPath, '--known-hosts', await writeTemp(home.dir, 'both_known_hosts', `[127.0.0.1]:${sshd.port} ${sshd.hostPublicKey}\n[127.0.0.1]:${odd.port} ${odd.hostPublicKey}\n`), '--facts', 'os');
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout).map((r: HostReport) => r.status)).toEqual(['ok', 'ok']);
      expect(run.stderr).toContain(`plesio: 1 host ran one channel per command, pipelined sessions being unavailable there (NODE_DEBUG=plesio says why): ${oddTarget}\n`);
      expect(run.stderr).not.toContain(`${target}\n`);
    } finally {
      await odd.stop();
    }
  });

  test('refuses a host whose key is not in known_hosts under the strict policy, and one whose key changed', async () => {
    const unknown = await writeTemp(home.dir, 'empty_known_hosts', '');
    const otherKey = await generateKey(join(home.dir, `impostor-${Date.now()}`));
    const changed = await writeTemp(home.dir, 'changed_known_hosts', `[127.0.0.1]:${sshd.port} ${otherKey}\n`);
    const [a, b] = await Promise.all([
      scan(target, '-i', sshd.clientKeyPath, '--known-hosts', unknown, '--facts', 'os'),
      scan(target, '-i', sshd.clientKeyPath, '--known-hosts', changed, '--host-key-policy', 'accept-new', '--facts', 'os'),
    ]);
    expect([a!.code, b!.code]).toEqual([2, 2]);
    expect((JSON.parse(a!.stdout) as HostReport[])[0]!.error!.code).toBe('host-key-unknown');
    expect((JSON.parse(b!.stdout) as HostReport[])[0]!.error!.code).toBe('host-key-mismatch');
    expect(await readFile(unknown, 'utf8')).toBe('');
  });

  test('records each host with --record, then --replay gives the same output without connecting', async () => {
    const { dir, remove } = await tempDir();
    try {
      const closed = `root@127.0.0.1:${await freePort()}`;
      const recorded = await scan(target, closed, ...auth, '--record', dir);
      expect(recorded.code).toBe(2);
      // Readable names: the port's colon is an underscore (issue 14, item 20).
      expect((await readdir(dir)).sort()).toEqual([`${target.replace(':', '_')}.json`, `${closed.replace(':', '_')}.json`].sort());
      // No key, no known_hosts: nothing but the recordings is used.
      const replayed = await scan(target, closed, '--replay', dir);
      expect(replayed.code).toBe(2);
      const strip = (run: { stdout: string }) => (JSON.parse(run.stdout) as HostReport[]).map(withoutTiming);
      expect(strip(replayed)).toEqual(strip(recorded));
      const all = await scan('--replay', dir, '--format', 'ndjson');
      expect(all.stdout.trimEnd().split('\n').map((l) => (JSON.parse(l) as HostReport).host).sort()).toEqual([closed, target].sort());
    } finally {
      await remove();
    }
  });

  test('writes a Chrome trace with a process per host and a slice per command', async () => {
    const file = join(home.dir, 'scan.trace.json');
    const run = await scan(target, 'testhost', '-F', sshd.sshConfigPath, ...auth, '--facts', 'os', '--trace', file);
    expect(run.code).toBe(0);
    const { traceEvents } = JSON.parse(await readFile(file, 'utf8')) as { traceEvents: { ph: string; pid: number; name: string; cat?: string; args?: { name?: string } }[] };
    expect(traceEvents.filter((e) => e.name === 'process_name').map((e) => e.args!.name)).toEqual([target, 'testhost']);
    for (const pid of [1, 2]) {
      const slices = traceEvents.filter((e) => e.pid === pid && e.ph === 'X').map((e) => e.name);
      expect(slices.some((name) => name.startsWith('exec cat /etc/os-release'))).toBe(true);
      expect(slices.some((name) => name.startsWith('exec uname'))).toBe(true);
    }
  });

  test('fails every host with code deadline when --deadline passes first', async () => {
    const targets = [target, `127.0.0.1:${sshd.port}`, 'testhost'];
    const run = await scan(...targets, '-l', 'root', '-F', sshd.sshConfigPath, ...auth, '--deadline', '1ms', '--concurrency', '1', '--format', 'ndjson');
    expect(run.code).toBe(2);
    const reports = run.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as HostReport);
    expect(reports.map((r) => [r.host, r.status, r.error?.code]).sort()).toEqual(targets.map((t) => [t, 'failed', 'deadline']).sort());
  });
});

describe('plesio scan --local', { timeout: E2E_TIMEOUT_MS }, () => {
  test('scans this machine without SSH, as npm start does', async () => {
    const run = await scan('--local', '--facts', 'os', '--format', 'ndjson');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ host: hostname(), status: 'ok', facts: { os: expect.any(Object) } });
  });
});
