/**
 * The commands end to end, in-process, against a real Redis and a real sshd: `plesio worker` scans
 * over SSH with its own key, `scan --redis --detach` enqueues, `plesio results` collects into a store,
 * `plesio diff` compares two stored runs, and the options that cannot go with `--redis` are refused.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostPlan } from '../../src/cli/plan.js';
import { asUsageErrors, UsageError } from '../../src/cli/usage-error.js';
import { registerDistributedCommands } from '../../src/cli/distributed-commands.js';
import { enqueueRun } from '../../src/distributed/enqueue.js';
import { checkQueueScanFlags, jobTargets, retryFromFlags, scanThroughQueue } from '../../src/cli/queue-scan.js';
import type { CliIO } from '../../src/cli/io.js';
import { resultsCommand } from '../../src/cli/results-output.js';
import { recordRun } from '../../src/history/recorder.js';
import { openStore } from '../../src/history/store.js';
import type { HostReport } from '../../src/hosts/report.js';
import { startSshd, type TestSshd } from '../support/sshd.js';
import { startRedis, type TestRedis } from '../distributed/redis.js';

let redis: TestRedis;
let sshd: TestSshd;
let dir: string;

beforeAll(async () => {
  [redis, sshd] = await Promise.all([startRedis(), startSshd()]);
  dir = await mkdtemp(join(tmpdir(), 'plesio-commands-'));
});

afterAll(async () => {
  await Promise.all([redis?.stop(), sshd?.stop()]);
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

/** A program with the distributed commands, its captured output, and its exit code. */
function cli(interrupt?: AbortSignal): { run(argv: string[]): Promise<number>; io: CliIO; out(): string; err(): string } {
  let out = '';
  let err = '';
  const stdout = new PassThrough().setEncoding('utf8').on('data', (s: string) => (out += s));
  const stderr = new PassThrough().setEncoding('utf8').on('data', (s: string) => (err += s));
  const io: CliIO = { stdout, stderr, ...(interrupt !== undefined && { interrupt }) };
  return {
    io,
    out: () => out,
    err: () => err,
    async run(argv) {
      let code = -1;
      const program = registerDistributedCommands(new Command('plesio').exitOverride(), io, (c) => (code = c));
      await program.parseAsync(argv, { from: 'user' });
      return code;
    },
  };
}

const plans = (count: number): HostPlan[] =>
  Array.from({ length: count }, (_, i) => ({ kind: 'ssh', label: `box-${i + 1}`, host: sshd.host, user: sshd.user, port: sshd.port, identityFiles: [] }));

describe('the distributed commands', () => {
  it('scans hosts over SSH with a worker of its own key, collects a detached run into a store, and diffs two runs', async () => {
    const stop = new AbortController();
    const worker = cli(stop.signal);
    const working = worker.run(['worker', '--redis', redis.url, '--queue', 'cli', '-F', sshd.sshConfigPath, '-i', sshd.clientKeyPath, '--known-hosts', sshd.knownHostsPath, '--concurrency', '4', '--grace', '10s']);
    try {
      const store = join(dir, 'scans.db');
      const scan = cli();
      expect(await scanThroughQueue(plans(3), { facts: ['uname', 'hostname', 'os'] }, { redis: redis.url, queue: 'cli', detach: true, format: 'json' }, scan.io)).toBe(0);
      const runId = scan.out().trim();
      expect(runId).toMatch(/^\d{8}T\d{6}Z-[0-9a-f]{8}$/);
      expect(scan.err()).toContain(`enqueued 3 hosts as run ${runId} on queue cli at ${redis.url}; collect the results with: plesio results ${runId} --redis ${redis.url} --queue cli\n`);

      const results = cli();
      expect(await results.run(['results', runId, '--redis', redis.url, '--queue', 'cli', '--format', 'ndjson', '--store', store])).toBe(0);
      const reports = results.out().trim().split('\n').map((line) => JSON.parse(line) as HostReport);
      expect(reports.map((r) => r.host).sort()).toEqual(['box-1', 'box-2', 'box-3']);
      expect(reports.every((r) => r.status === 'ok' && typeof r.facts['os'] === 'object')).toBe(true);
      expect(results.err()).toMatch(new RegExp(`run ${runId}: 3 of 3 hosts in .*: 3 ok, 0 partial, 0 failed`));

      const again = cli();
      expect(await scanThroughQueue(plans(2), { facts: ['uname', 'hostname', 'os'] }, { redis: redis.url, queue: 'cli', format: 'json', store, quiet: true }, again.io)).toBe(0);
      expect((JSON.parse(again.out()) as HostReport[]).map((r) => r.host)).toEqual(['box-1', 'box-2']);

      const diff = cli();
      expect(await diff.run(['diff', '--store', store])).toBe(0);
      expect(diff.out()).toMatch(/→ .*: 0 new hosts, 1 removed, 0 changed, 2 unchanged\n- box-3 \(removed\)\n$/);
      const list = cli();
      expect(await list.run(['diff', '--list', '--store', store])).toBe(0);
      expect(list.out().trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`^${runId} .* queue:cli +3/3 hosts$`)), expect.stringMatching(/queue:cli +2\/2 hosts$/)]);
    } finally {
      stop.abort('SIGTERM');
      expect(await working).toBe(0);
    }
    expect(worker.err()).toMatch(/takes jobs from queue cli at redis:\/\/127\.0\.0\.1:\d+, 4 at a time/);
    expect(worker.err()).toMatch(/box-1 ok \(/);
    expect(worker.err()).toMatch(/SIGTERM: finishing the running scans .*\n.*stopped\n$/);
  });

  it('logs each host key an accept-new worker records, as ssh says "Permanently added"', async () => {
    const knownHosts = join(dir, 'accept-new_known_hosts');
    await writeFile(knownHosts, '', { mode: 0o600 });
    const stop = new AbortController();
    const worker = cli(stop.signal);
    const working = worker.run(['worker', '--redis', redis.url, '--queue', 'keys', '-F', sshd.sshConfigPath, '-i', sshd.clientKeyPath, '--known-hosts', knownHosts, '--host-key-policy', 'accept-new', '--grace', '10s']);
    try {
      const scan = cli();
      expect(await scanThroughQueue(plans(1), { facts: ['uname'] }, { redis: redis.url, queue: 'keys', format: 'json', quiet: true }, scan.io)).toBe(0);
    } finally {
      stop.abort('SIGTERM');
      expect(await working).toBe(0);
    }
    const recorded = await readFile(knownHosts, 'utf8');
    expect(recorded).toMatch(new RegExp(`^\\[${sshd.host.replaceAll('.', '\\.')}\\]:${sshd.port} ssh-ed25519 `, 'm'));
    expect(worker.err()).toMatch(new RegExp(`plesio worker: added \\[${sshd.host.replaceAll('.', '\\.')}\\]:${sshd.port}'s ssh-ed25519 key SHA256:[A-Za-z0-9+/]+ to ${knownHosts.replaceAll('.', '\\.')}\n`));
  });

  it('reports a run that does not exist, and an unreachable Redis, as usage errors naming the problem', async () => {
    await expect(cli().run(['results', '20250101T000000Z-00000000', '--redis', redis.url])).rejects.toThrow(/no run "20250101T000000Z-00000000" in queue "plesio"/);
    const dead = `redis://:hunter2@127.0.0.1:${redis.port + 1}`;
    const attempt = asUsageErrors(() => enqueueRun({ redis: dead, targets: jobTargets(plans(1)), connectTimeoutMs: 1_000 }));
    await expect(attempt).rejects.toThrow(UsageError);
    await expect(attempt).rejects.toThrow(/cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+ within 1 s: .*ECONNREFUSED/);
  });

  it('prints the command that collects a run with the URL it was given, never its password', () => {
    expect(resultsCommand('r1', 'redis://10.0.0.5:6379/2', 'plesio')).toBe('plesio results r1 --redis redis://10.0.0.5:6379/2');
    const withPassword = resultsCommand('r1', 'rediss://plesio:hunter2@queue.example:6380', 'dmz');
    expect(withPassword).toBe("plesio results r1 --redis 'rediss://plesio:***@queue.example:6380' --queue dmz (with the password in place of ***, or the URL in PLESIO_REDIS or a --redis-file)");
    expect(withPassword).not.toContain('hunter2');
  });

  it('refuses the scan options that would send a secret or cannot work with --redis, and those that need it', () => {
    const redis = 'redis://queue.example:6379';
    expect(() => checkQueueScanFlags({ redis, passwordFile: 'pw' })).toThrow(/--password-file cannot be used with --redis: jobs carry no secrets/);
    expect(() => checkQueueScanFlags({ redis, askPass: true })).toThrow(/--ask-pass cannot be used with --redis/);
    expect(() => checkQueueScanFlags({ redis, local: true })).toThrow(/--local cannot be used with --redis/);
    // Issue 13.1: a job never names files on the workers, nor loosens their host-key checking.
    expect(() => checkQueueScanFlags({ redis, identity: ['fleet_ed25519'] })).toThrow(/-i\/--identity cannot be used with --redis: jobs never name files on the workers: give each worker its keys \(plesio worker -i FILE\)/);
    expect(() => checkQueueScanFlags({ redis, knownHosts: 'kh' })).toThrow(/--known-hosts cannot be used with --redis: jobs never name files on the workers/);
    expect(() => checkQueueScanFlags({ redis, hostKeyPolicy: 'accept-new' })).toThrow(/--host-key-policy accept-new cannot be used with --redis: each worker decides .* a job may only ask for strict/);
    expect(() => checkQueueScanFlags({ redis, hostKeyPolicy: 'strict' })).not.toThrow();
    expect(() => checkQueueScanFlags({ redisFile: '/etc/plesio/redis.url', identity: ['k'] })).toThrow(/-i\/--identity cannot be used with --redis/);
    expect(() => checkQueueScanFlags({ redisFile: '/etc/plesio/redis.url', detach: true })).not.toThrow();
    expect(() => jobTargets([{ kind: 'ssh', label: 'web1', host: 'web1', user: undefined, port: undefined, identityFiles: ['/home/me/.ssh/fleet'] }])).toThrow(/web1: the inventory's ansible_ssh_private_key_file \(\/home\/me\/.ssh\/fleet\) cannot be used with --redis: jobs never name files on the workers/);
    // Commander's default for a negatable option is true: only --no-pipelining (false) is refused.
    expect(() => checkQueueScanFlags({ redis, pipelining: false })).toThrow(/--no-pipelining cannot be used with --redis: workers open the SSH connections/);
    expect(() => checkQueueScanFlags({ redis, pipelining: true })).not.toThrow();
    expect(() => checkQueueScanFlags({ redis, sudo: true, format: 'json', local: false, detach: true })).not.toThrow();
    expect(() => checkQueueScanFlags({ detach: true })).toThrow(/--detach needs --redis URL/);
    expect(() => checkQueueScanFlags({ redis, detach: true, store: 'scans.db' })).toThrow(/give --store to plesio results RUN_ID/);
    expect(() => checkQueueScanFlags({ local: true, passwordFile: 'pw' })).not.toThrow();
    expect(() => jobTargets([{ kind: 'local', label: 'here' }])).toThrow(/--local and ansible_connection=local cannot be used with --redis/);
    expect(retryFromFlags({ retries: '2', retryOn: 'dns, auth', retryBackoff: '1s' })).toEqual({ attempts: 3, retryOn: ['dns', 'auth'], backoffMs: 1000 });
  });

  it('tells where the scan store is missing, and lists no runs of an empty one', async () => {
    await expect(cli().run(['diff', '--store', join(dir, 'none.db')])).rejects.toThrow(/no scan store at .*none\.db/);
    const empty = join(dir, 'empty.db');
    openStore(empty).close();
    const list = cli();
    expect(await list.run(['diff', '--list', '--store', empty])).toBe(0);
    expect(list.out()).toBe('no runs stored yet\n');
    await expect(cli().run(['diff', '--store', empty])).rejects.toThrow(/^no runs stored in .*empty\.db yet; plesio scan --store .*empty\.db … records one$/);
    const one = join(dir, 'one.db');
    const recorder = recordRun(one, { hostCount: 0, runId: '20250101T000000Z-00000001' });
    recorder.finish();
    await expect(cli().run(['diff', '--store', one])).rejects.toThrow(/^only one run stored in .*one\.db \(20250101T000000Z-00000001\); scan again with --store .*one\.db, then plesio diff compares the two$/);
  });
});
