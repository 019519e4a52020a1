/**
 * Whoever can write to the queue's Redis (issue 13.1): raw jobs written straight into a real Redis, run
 * by a worker with the real SSH factory against farm hosts. A job may not lend itself the worker's
 * credentials — ask it to accept an unknown host key (and so send its password to a host of the job's
 * choosing), name a known_hosts file for it to create, or a key file for it to sign with — nor reach
 * a host the worker's --allow-targets does not list, directly or through an alias of the worker's ssh
 * config. Each such job fails alone with `invalid-job` before any connection, malformed jobs fail
 * too, and the worker goes on with the next job.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisConnection } from '../../src/distributed/connection.js';
import { sshExecutorFactory, type WorkerCredentials } from '../../src/distributed/executor-factory.js';
import { JOB_VERSION } from '../../src/distributed/jobs.js';
import { followRun } from '../../src/distributed/results.js';
import { jobIdFor, saveManifest } from '../../src/distributed/runs.js';
import { startWorker, type WorkerEvent } from '../../src/distributed/worker.js';
import { sshExecutor } from '../../src/executors/ssh/executor.js';
import type { HostReport } from '../../src/hosts/report.js';
import { scanHost } from '../../src/hosts/scan.js';
import { Farm, type FarmHost } from '../support/faults/farm.js';
import { newHostKey } from '../support/faults/host-key.js';
import { collect } from './fleet.js';
import { startRedis, type TestRedis } from './redis.js';

let redis: TestRedis;
let dir: string;
let farm: Farm;
let known: FarmHost;
let stranger: FarmHost;
let passwordFile: string;
const home = process.env['HOME'];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plesio-hostile-jobs-'));
  // The worker runs in this process: its ~/.ssh is a temporary one, never this machine's.
  process.env['HOME'] = dir;
  await mkdir(join(dir, '.ssh'), { mode: 0o700 });
  [redis, farm] = await Promise.all([startRedis(), Farm.start({ scanHost, sshExecutor }, { dir, connectTimeoutMs: 10_000, commandTimeoutMs: 10_000 })]);
  known = await farm.add('healthy');
  // A host whose key the worker does not know: one the writer of a job might run.
  stranger = await farm.add('host-key-unknown');
  passwordFile = join(dir, 'worker.password');
  await writeFile(passwordFile, 'the-worker-password\n', { mode: 0o600 });
});
afterAll(async () => {
  process.env['HOME'] = home;
  await farm?.stop();
  await redis?.stop();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

let runs = 0;

/**
 * Writes `jobs` raw into a fresh queue (as anyone with write access to Redis can), runs one worker with
 * `credentials` until every job has a result, and returns the reports in job order with what the
 * worker said.
 */
async function runJobs(jobs: readonly unknown[], credentials: WorkerCredentials, raw?: (redis: Redis, queue: string, ids: string[]) => Promise<void>): Promise<{ reports: HostReport[]; events: WorkerEvent[] }> {
  const queue = `hostile-${++runs}`;
  const runId = `20250601T120000Z-0000000${runs % 10}`;
  const labels = jobs.map((_, i) => `job-${i}`);
  const ids = labels.map((label) => jobIdFor(runId, label));
  const writer = new Queue(queue, { connection: redisConnection(redis.url) });
  try {
    for (const [i, data] of jobs.entries()) await writer.add('scan', data as never, { jobId: ids[i]! });
    await saveManifest(writer, { runId, createdAt: new Date().toISOString(), hosts: labels, options: {} }, 600);
  } finally {
    await writer.close();
  }
  if (raw !== undefined) {
    const client = new Redis(redis.url);
    try {
      await raw(client, queue, ids);
    } finally {
      client.disconnect();
    }
  }
  const events: WorkerEvent[] = [];
  const worker = await startWorker({
    redis: redis.url,
    queue,
    concurrency: 2,
    lockDurationMs: 1_000,
    stalledIntervalMs: 500,
    executorFactory: sshExecutorFactory({ sshConfigPath: null, agent: false, knownHostsPath: farm.knownHostsPath, passwordFile, ...credentials }),
    onEvent: (event) => events.push(event),
  });
  try {
    const results = await collect(followRun({ redis: redis.url, queue, runId, sweepMs: 200 }));
    return { reports: labels.map((label) => results.find((r) => r.report.host === label)!.report), events };
  } finally {
    await worker.shutdown(0);
  }
}

/** A well-formed job of this version for a farm host, with `patch` over its target and options. */
function job(host: FarmHost, index: number, patch: { target?: Record<string, unknown>; options?: Record<string, unknown> } = {}): Record<string, unknown> {
  return {
    v: JOB_VERSION,
    runId: `20250601T120000Z-0000000${(runs + 1) % 10}`,
    index,
    target: { label: `job-${index}`, host: '127.0.0.1', port: host.server.port, user: 'farm', ...patch.target },
    options: { facts: ['hostname'], ...patch.options },
  };
}

describe('jobs written into Redis by someone else', () => {
  it('cannot make a strict worker accept an unknown host key, nor so send it the worker\'s password', async () => {
    const before = await readFile(farm.knownHostsPath, 'utf8');
    const { reports, events } = await runJobs([job(stranger, 0, { options: { hostKeyPolicy: 'accept-new' } }), job(known, 1)], {});
    expect(reports[0]).toMatchObject({ status: 'failed', error: { code: 'invalid-job', message: expect.stringMatching(/hostKeyPolicy "accept-new" is looser than this worker's \(strict\)/) } });
    expect(stranger.server.stats.connections).toBe(0);
    expect(stranger.server.authAttempts).toEqual([]);
    expect(await readFile(farm.knownHostsPath, 'utf8')).toBe(before);
    // The worker lives on: the next job is scanned.
    expect(reports[1]!.status).toBe('ok');
    expect(events).toContainEqual(expect.objectContaining({ type: 'refused', reason: expect.stringMatching(/looser/) }));
  });

  it('may make checking stricter: a job asking for strict is scanned strictly by an accept-new worker', async () => {
    const { reports } = await runJobs([job(stranger, 0, { options: { hostKeyPolicy: 'strict' } })], { hostKeyPolicy: 'accept-new' });
    expect(reports[0]!.error?.code).toBe('host-key-unknown');
    expect(stranger.server.authAttempts).toEqual([]);
  });

  it('cannot name a known_hosts file on the worker, which it would create with its folders', async () => {
    const planted = join(dir, 'planted', 'deep', 'known_hosts');
    const before = stranger.server.stats.connections;
    const { reports } = await runJobs([job(stranger, 0, { options: { knownHostsPath: planted, hostKeyPolicy: 'accept-new' } })], { hostKeyPolicy: 'accept-new', knownHostsPath: undefined });
    expect(reports[0]).toMatchObject({ status: 'failed', error: { code: 'invalid-job', message: expect.stringMatching(/knownHostsPath.*jobs never name files on the worker/) } });
    expect(existsSync(join(dir, 'planted'))).toBe(false);
    expect(stranger.server.stats.connections).toBe(before);
  });

  it('cannot make the worker sign with a key file of its choosing', async () => {
    // A key on the worker that it was not given for scanning (a host key, another service's key).
    const other = newHostKey();
    const keyFile = join(dir, 'other_ed25519');
    await writeFile(keyFile, other.privateKey, { mode: 0o600 });
    const guarded = await farm.add('healthy', { auth: { publicKey: other.publicKey } });
    const { reports } = await runJobs([job(guarded, 0, { target: { identityFiles: [keyFile] } })], {});
    expect(reports[0]).toMatchObject({ status: 'failed', error: { code: 'invalid-job', message: expect.stringMatching(/identityFiles.*jobs never name files on the worker/) } });
    expect(guarded.server.authAttempts.filter((a) => a.method === 'publickey')).toEqual([]);
  });

  it('cannot reach a host outside --allow-targets, by address or by an alias of the worker\'s ssh config', async () => {
    const config = join(dir, 'worker_ssh_config');
    await writeFile(config, `Host web-alias\n  HostName 127.0.0.1\n  Port ${known.server.port}\n`, { mode: 0o600 });
    const before = known.server.stats.connections;
    const alias = (index: number): Record<string, unknown> => job(known, index, { target: { host: 'web-alias', port: undefined } });
    const refused = await runJobs([job(known, 0), alias(1)], { allowTargets: ['web-*', '10.99.0.0/16'], sshConfigPath: config });
    expect(refused.reports.map((r) => r.error?.code)).toEqual(['invalid-job', 'invalid-job']);
    expect(refused.reports[0]!.error!.message).toMatch(/target.host "127.0.0.1" is not among this worker's --allow-targets \(web-\*,10.99.0.0\/16\); it was not contacted/);
    expect(refused.reports[1]!.error!.message).toMatch(/"web-alias" is this worker's ssh_config alias of "127.0.0.1", which is not among/);
    expect(known.server.stats.connections).toBe(before);
    // With the address allowed too, the alias is scanned.
    const allowed = await runJobs([alias(0)], { allowTargets: ['web-*,127.0.0.0/8'], sshConfigPath: config });
    expect(allowed.reports[0]!.status).toBe('ok');
  });

  it('fails each malformed job alone, and the worker goes on with the next one', async () => {
    const { reports, events } = await runJobs(
      ['scan 127.0.0.1', { ...job(known, 1), v: 1 }, job(known, 2, { target: { label: 'job-2\n'.repeat(1000) } }), job(known, 3), { not: 'json' }],
      {},
      // Not JSON at all: BullMQ alone would take it up again, every lock duration, for ever.
      async (client, queue, ids) => void (await client.hset(`bull:${queue}:${ids[4]}`, 'data', '{"v":2,')),
    );
    expect(reports.map((r) => r.error?.code ?? r.status)).toEqual(['invalid-job', 'invalid-job', 'invalid-job', 'ok', 'invalid-job']);
    expect(reports[0]!.error!.message).toBe('the job must be an object');
    expect(reports[1]!.error!.message).toMatch(/job version 1 is not supported/);
    expect(reports[2]!.error!.message).toMatch(/target.label must be a non-empty one-line string/);
    // Neither the worker nor the follower can read that one: each says so, and neither waits for ever.
    expect(reports[4]!.error!.message).toMatch(/^the job of job-4 in Redis cannot be read \(it was not written by plesio\)/);
    expect(events).toContainEqual(expect.objectContaining({ type: 'refused', reason: expect.stringMatching(/^the job's data or options are not JSON: /) }));
    expect(events.filter((e) => e.type === 'refused')).toHaveLength(4);
  });
});
