/**
 * Worker processes that die or are told to stop: a worker killed with SIGKILL mid-scan loses no host
 * and duplicates none (BullMQ's stalled-job check hands its jobs to the other worker); a worker sent
 * SIGTERM finishes its running scans, takes no new job and exits 0.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisConnection } from '../../src/distributed/connection.js';
import { enqueueRun } from '../../src/distributed/enqueue.js';
import { followRun } from '../../src/distributed/results.js';
import { jobIdFor } from '../../src/distributed/runs.js';
import { collect, fleet, recordLocalHost, spawnWorker, type WorkerProcess } from './fleet.js';
import { startRedis, type TestRedis } from './redis.js';

let redis: TestRedis;
let dir: string;
let fixtureFile: string;
const spawned: WorkerProcess[] = [];

beforeAll(async () => {
  redis = await startRedis();
  dir = await mkdtemp(join(tmpdir(), 'plesio-sigkill-'));
  fixtureFile = (await recordLocalHost(dir)).file;
});

afterAll(async () => {
  for (const worker of spawned) if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL');
  await Promise.all(spawned.map((w) => w.exited));
  await redis?.stop();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

/** A worker process on `queue` with slow hosts and short locks, so a dead worker's jobs move on in seconds. */
async function worker(queue: string, name: string, extra: string[] = [], delayMs = 150): Promise<WorkerProcess> {
  const w = spawnWorker(['--redis', redis.url, '--queue', queue, '--name', name, '--fixture', fixtureFile, '--delay-ms', String(delayMs), '--concurrency', '2', '--lock-ms', '2000', '--stalled-ms', '500', ...extra]);
  spawned.push(w);
  await w.waitFor((l) => l.event === 'ready', 'ready');
  return w;
}

describe('worker processes', () => {
  it('completes the jobs of a worker killed with SIGKILL mid-scan on the other worker, each host exactly once', async () => {
    const queue = 'sigkill';
    // Slow enough that the kill lands mid-scan however late this process reads the 'started' line.
    const doomed = await worker(queue, 'doomed', [], 1_000);
    const survivor = await worker(queue, 'survivor');
    const targets = fleet(10);
    const { runId } = await enqueueRun({ redis: redis.url, queue, targets });
    const started = await doomed.waitFor((l) => l.event === 'started', 'a started job');
    doomed.child.kill('SIGKILL');
    expect(await doomed.exited).toEqual({ code: null, signal: 'SIGKILL' });
    const unfinished = doomed.lines.filter((l) => l.event === 'started' && !doomed.lines.some((f) => f.event === 'finished' && f.jobId === l.jobId)).map((l) => l.host);
    expect(unfinished).toContain(started.host);

    const results = await collect(followRun({ redis: redis.url, queue, runId, sweepMs: 500 }));
    expect(results.map((r) => r.report.host).sort()).toEqual(targets.map((t) => t.label));
    expect(results.every((r) => r.report.status !== 'failed')).toBe(true);
    for (const host of unfinished) expect(results.find((r) => r.report.host === host)?.worker).toBe('survivor');

    const q = new Queue(queue, { connection: redisConnection(redis.url) });
    try {
      expect(await q.getJobCounts('completed', 'failed', 'active', 'wait')).toEqual({ completed: 10, failed: 0, active: 0, wait: 0 });
      const handedOn = await q.getJob(jobIdFor(runId, started.host!));
      expect(handedOn?.stalledCounter).toBeGreaterThanOrEqual(1);
    } finally {
      await q.close();
    }
    survivor.child.kill('SIGTERM');
    expect((await survivor.exited).code).toBe(0);
  });

  it('finishes the running scans of a worker sent SIGTERM, takes no new job, and exits 0', async () => {
    const queue = 'sigterm';
    const leaving = await worker(queue, 'leaving', ['--grace-ms', '20000']);
    const { runId } = await enqueueRun({ redis: redis.url, queue, targets: fleet(6) });
    await leaving.waitFor((l) => l.event === 'started', 'a started job');
    leaving.child.kill('SIGTERM');
    expect(await leaving.exited).toEqual({ code: 0, signal: null });
    const started = leaving.lines.filter((l) => l.event === 'started').map((l) => l.host);
    const finished = leaving.lines.filter((l) => l.event === 'finished').map((l) => l.host);
    expect(finished.sort()).toEqual(started.sort());
    expect(started.length).toBeLessThan(6);
    expect(leaving.lines.at(-1)?.event).toBe('closed');

    await worker(queue, 'next');
    const results = await collect(followRun({ redis: redis.url, queue, runId, sweepMs: 500 }));
    expect(results).toHaveLength(6);
    expect(results.filter((r) => r.worker === 'leaving').map((r) => r.report.host).sort()).toEqual(finished.sort());
  });
});
