/**
 * Whoever can write to the queue's Redis (issue 13.1): raw jobs written straight into a real Redis, run
 * by a worker with the real SSH factory against farm hosts (the catalogue is
 * test/support/faults/queue-attacks.ts, also measured by `npm run faults`). A job may not lend itself
 * the worker's credentials — ask it to accept an unknown host key (and so send its password to a host
 * of the job's choosing), name a known_hosts file for it to create, or a key file for it to sign with
 * — nor reach a host the worker's --allow-targets does not list, directly or through an alias of the
 * worker's ssh config; malformed jobs, down to data that is not JSON, fail too. Each fails alone with
 * `invalid-job` before any connection, and the worker goes on with the next job.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sshExecutorFactory } from '../../src/distributed/executor-factory.js';
import { JOB_VERSION } from '../../src/distributed/jobs.js';
import { followRun } from '../../src/distributed/results.js';
import { jobIdFor, saveManifest } from '../../src/distributed/runs.js';
import { startWorker } from '../../src/distributed/worker.js';
import { sshExecutor } from '../../src/executors/ssh/executor.js';
import { scanHost } from '../../src/hosts/scan.js';
import { Farm } from '../support/faults/farm.js';
import { QUEUE_ATTACK_NAMES, QUEUE_ATTACKS, runQueueAttack, type QueueApi } from '../support/faults/queue-attacks.js';
import { startRedis, type TestRedis } from './redis.js';

const api: QueueApi = { JOB_VERSION, startWorker, sshExecutorFactory, followRun, jobIdFor, saveManifest };

let redis: TestRedis;
let dir: string;
let farm: Farm;
let passwordFile: string;
const home = process.env['HOME'];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plesio-hostile-jobs-'));
  // The worker runs in this process: its ~/.ssh is a temporary one, never this machine's.
  process.env['HOME'] = dir;
  await mkdir(join(dir, '.ssh'), { mode: 0o700 });
  [redis, farm] = await Promise.all([startRedis(), Farm.start({ scanHost, sshExecutor }, { dir, connectTimeoutMs: 10_000, commandTimeoutMs: 10_000 })]);
  passwordFile = join(dir, 'worker.password');
  await writeFile(passwordFile, 'the-worker-password\n', { mode: 0o600 });
});
afterAll(async () => {
  process.env['HOME'] = home;
  await farm?.stop();
  await redis?.stop();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe('jobs written into Redis by someone else', () => {
  it.each(QUEUE_ATTACK_NAMES)('%s: fails alone with invalid-job, before any connection or credential, and the worker goes on', async (name) => {
    const outcome = await runQueueAttack(api, farm, redis.url, dir, QUEUE_ATTACKS[name], passwordFile);
    expect(outcome.problems).toEqual([]);
    // The worker says why in its log, however the job was malformed.
    expect(outcome.events).toContainEqual(expect.objectContaining({ type: 'refused' }));
  });

  it('may make checking stricter: a job asking for strict is scanned strictly by an accept-new worker', async () => {
    const stranger = await farm.add('host-key-unknown');
    const outcome = await runQueueAttack(api, farm, redis.url, dir, {
      ...QUEUE_ATTACKS['accept-new'],
      worker: () => ({ hostKeyPolicy: 'accept-new' }),
      job: (c) => ({ v: c.version, runId: c.runId, index: 0, target: { label: 'attack-0', host: '127.0.0.1', port: stranger.server.port, user: 'farm' }, options: { hostKeyPolicy: 'strict' } }),
    }, passwordFile);
    expect(outcome.report.error?.code).toBe('host-key-unknown');
    expect(stranger.server.authAttempts).toEqual([]);
  });

  it('scans an alias of the worker\'s ssh config when the HostName it stands for is allowed too', async () => {
    const outcome = await runQueueAttack(api, farm, redis.url, dir, {
      ...QUEUE_ATTACKS['alias-outside-allow-list'],
      worker: ({ sshConfig }) => ({ allowTargets: ['web-*,127.0.0.0/8'], sshConfigPath: sshConfig }),
    }, passwordFile);
    expect(outcome.report.status).toBe('ok');
    expect(outcome.contacted).toBeGreaterThan(0);
  });
});
