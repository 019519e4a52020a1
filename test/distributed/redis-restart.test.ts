/**
 * Redis restarting during a run. With persistence (an append-only file) the run goes on: workers and
 * the follower reconnect, every host has exactly one result. Without it, the jobs are gone: the hosts
 * not yet finished are reported as failed with code `job-lost`, not waited for forever.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fixture } from '../../src/executors/index.js';
import { enqueueRun } from '../../src/distributed/enqueue.js';
import { fixtureExecutorFactory } from '../../src/distributed/fixture-factory.js';
import type { RunResult } from '../../src/distributed/outcome.js';
import { followRun } from '../../src/distributed/results.js';
import { startWorker } from '../../src/distributed/worker.js';
import { fleet, recordLocalHost, spawnWorker, type WorkerProcess } from './fleet.js';
import { startRedis, type TestRedis } from './redis.js';

let dir: string;
let fixtureFile: string;
let fixture: Fixture;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plesio-restart-'));
  ({ file: fixtureFile, fixture } = await recordLocalHost(dir));
});

afterAll(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe('Redis restarting during a run', () => {
  it('goes on after a restart of a persistent Redis: every host is reported exactly once', async () => {
    const redis = await startRedis({ persistent: true });
    const workers: WorkerProcess[] = [];
    try {
      for (const name of ['w1', 'w2']) {
        const w = spawnWorker(['--redis', redis.url, '--name', name, '--fixture', fixtureFile, '--delay-ms', '150', '--concurrency', '2', '--lock-ms', '2000', '--stalled-ms', '500']);
        workers.push(w);
        await w.waitFor((l) => l.event === 'ready', 'ready');
      }
      const targets = fleet(16);
      const { runId } = await enqueueRun({ redis: redis.url, targets });
      const results: RunResult[] = [];
      let restarted: Promise<void> | undefined;
      for await (const result of followRun({ redis: redis.url, runId, sweepMs: 500 })) {
        results.push(result);
        // Restart mid-run, with jobs running on both workers.
        if (results.length === 3) restarted = redis.restart();
      }
      await restarted;
      expect(results.map((r) => r.report.host).sort()).toEqual(targets.map((t) => t.label));
      expect(results.filter((r) => r.report.status === 'failed')).toEqual([]);
      for (const w of workers) w.child.kill('SIGTERM');
      for (const w of workers) expect((await w.exited).code).toBe(0);
    } finally {
      for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
      await Promise.all(workers.map((w) => w.exited));
      await redis.stop();
    }
  });

  it('reports the unfinished hosts as job-lost when Redis restarts without its data', async () => {
    const redis = await startRedis();
    const worker = await startWorker({ redis: redis.url, concurrency: 2, executorFactory: fixtureExecutorFactory(fixture, { delayMs: 300 }), lockDurationMs: 2000 });
    try {
      const targets = fleet(6);
      const { runId } = await enqueueRun({ redis: redis.url, targets });
      const results: RunResult[] = [];
      for await (const result of followRun({ redis: redis.url, runId, sweepMs: 300 })) {
        results.push(result);
        if (results.length === 1) await redis.restart();
      }
      expect(results.map((r) => r.report.host).sort()).toEqual(targets.map((t) => t.label));
      const lost = results.filter((r) => r.report.error?.code === 'job-lost');
      expect(lost.length).toBeGreaterThanOrEqual(4);
      expect(lost[0]!.report.status).toBe('failed');
    } finally {
      await worker.shutdown(0);
      await redis.stop();
    }
  });
});
