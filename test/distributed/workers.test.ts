/**
 * Workers in this process against a real Redis: two workers share a fleet, a run is enqueued once
 * however often it is sent, a failed host is a result (retried only for the listed codes), a job the
 * worker cannot run or must refuse fails with its code, and shutdown hands running jobs back.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { ConnectError, mockExecutor, type Fixture } from '../../src/executors/index.js';
import { PlesioError } from '../../src/errors.js';
import { defineFact } from '../../src/hosts/define-fact.js';
import { definePlugin } from '../../src/hosts/plugin.js';
import { redisConnection } from '../../src/distributed/connection.js';
import { enqueueRun } from '../../src/distributed/enqueue.js';
import { fixtureExecutorFactory } from '../../src/distributed/fixture-factory.js';
import { followRun } from '../../src/distributed/results.js';
import { jobIdFor, saveManifest } from '../../src/distributed/runs.js';
import { JOB_VERSION } from '../../src/distributed/jobs.js';
import { startWorker, type ScanWorker, type WorkerEvent } from '../../src/distributed/worker.js';
import { collect, fleet, recordLocalHost } from './fleet.js';
import { startRedis, type TestRedis } from './redis.js';

let redis: TestRedis;
let dir: string;
let fixture: Fixture;

beforeAll(async () => {
  redis = await startRedis();
  dir = await mkdtemp(join(tmpdir(), 'plesio-workers-'));
  fixture = (await recordLocalHost(dir)).fixture;
});

afterAll(async () => {
  await redis?.stop();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

async function withWorkers<T>(count: number, options: Omit<Parameters<typeof startWorker>[0], 'redis'>, body: (workers: ScanWorker[]) => Promise<T>): Promise<T> {
  const workers: ScanWorker[] = [];
  try {
    for (let i = 0; i < count; i++) workers.push(await startWorker({ redis: redis.url, name: `w${i + 1}`, ...options }));
    return await body(workers);
  } finally {
    await Promise.all(workers.map((w) => w.shutdown(0)));
  }
}

describe('workers sharing a queue', () => {
  it('scans every host of a fleet once when two workers share the queue, and both take part', async () => {
    const queue = 'share';
    const targets = fleet(12);
    await withWorkers(2, { queue, concurrency: 3, executorFactory: fixtureExecutorFactory(fixture, { delayMs: 20 }) }, async () => {
      const { runId, total } = await enqueueRun({ redis: redis.url, queue, targets });
      expect(total).toBe(12);
      const results = await collect(followRun({ redis: redis.url, queue, runId, sweepMs: 500 }));
      expect(results.map((r) => r.report.host).sort()).toEqual(targets.map((t) => t.label));
      expect(new Set(results.map((r) => r.worker))).toEqual(new Set(['w1', 'w2']));
      for (const result of results) {
        expect(result.report.status).not.toBe('failed');
        expect(result.report.host).toBe(targets[result.index]!.label);
        expect(result.jobId).toBe(jobIdFor(runId, result.report.host));
      }
    });
  });

  it('enqueues a host once even when the same run is enqueued twice', async () => {
    const queue = 'twice';
    const targets = fleet(3);
    const first = await enqueueRun({ redis: redis.url, queue, targets });
    await enqueueRun({ redis: redis.url, queue, targets, runId: first.runId });
    const counts = await withQueue(queue, (q) => q.getJobCounts('wait'));
    expect(counts['wait']).toBe(3);
  });

  it('yields only the finished hosts without waiting when asked, and the rest once a worker runs them', async () => {
    const queue = 'no-wait';
    const { runId } = await enqueueRun({ redis: redis.url, queue, targets: fleet(2) });
    let total = 0;
    expect(await collect(followRun({ redis: redis.url, queue, runId, wait: false, onManifest: (m) => (total = m.hosts.length) }))).toEqual([]);
    expect(total).toBe(2);
    await withWorkers(1, { queue, executorFactory: fixtureExecutorFactory(fixture) }, async () => {
      expect(await collect(followRun({ redis: redis.url, queue, runId, sweepMs: 200 }))).toHaveLength(2);
    });
  });

  it('reports an unreachable host as a completed job with its error code, after the configured attempts', async () => {
    const queue = 'unreachable';
    const events: WorkerEvent[] = [];
    const down = (): ReturnType<typeof mockExecutor> => mockExecutor(() => new ConnectError('unreachable', 'web: no route to host', { host: 'web' }), { host: 'web' });
    await withWorkers(1, { queue, executorFactory: down, onEvent: (e) => events.push(e) }, async () => {
      const { runId } = await enqueueRun({ redis: redis.url, queue, targets: fleet(1, 'down'), retry: { attempts: 2, backoffMs: 10 } });
      const [result, ...more] = await collect(followRun({ redis: redis.url, queue, runId, sweepMs: 200 }));
      expect(more).toEqual([]);
      expect(result!.report).toMatchObject({ host: 'down-01', status: 'failed', error: { code: 'unreachable' } });
      expect(result!.attempts).toBe(2);
      expect(events.filter((e) => e.type === 'retrying')).toHaveLength(1);
      expect(await withQueue(queue, (q) => q.getJobState(jobIdFor(runId, 'down-01')))).toBe('completed');
    });
  });

  it('does not retry a host whose error code is not listed in the retry policy', async () => {
    const queue = 'no-retry';
    const events: WorkerEvent[] = [];
    const refused = (): ReturnType<typeof mockExecutor> => mockExecutor(() => new ConnectError('refused', 'web: connection refused', { host: 'web' }), { host: 'web' });
    await withWorkers(1, { queue, executorFactory: refused, onEvent: (e) => events.push(e) }, async () => {
      const { runId } = await enqueueRun({ redis: redis.url, queue, targets: fleet(1, 'refused'), retry: { attempts: 3, backoffMs: 10, retryOn: ['unreachable'] } });
      const [result] = await collect(followRun({ redis: redis.url, queue, runId, sweepMs: 200 }));
      expect(result!.report.error?.code).toBe('refused');
      expect(events.some((e) => e.type === 'retrying')).toBe(false);
    });
  });

  it('reports a host the worker itself could not scan as a failed result with the worker\'s error code', async () => {
    const queue = 'worker-error';
    const broken = (): never => {
      throw new PlesioError('secret', 'cannot read the secret from /etc/plesio/password: permission denied');
    };
    await withWorkers(1, { queue, executorFactory: broken }, async () => {
      const { runId } = await enqueueRun({ redis: redis.url, queue, targets: fleet(1, 'locked'), retry: { attempts: 2, backoffMs: 10 } });
      const [result] = await collect(followRun({ redis: redis.url, queue, runId, sweepMs: 200 }));
      expect(result!.report).toMatchObject({ host: 'locked-01', status: 'failed', error: { code: 'secret', message: 'cannot read the secret from /etc/plesio/password: permission denied' } });
      expect(result!.attempts).toBe(2);
    });
  });

  it('turns a job that carries a secret into a failed result with code invalid-job, never a scan', async () => {
    const queue = 'secret';
    let scans = 0;
    const factory = fixtureExecutorFactory(fixture);
    await withWorkers(1, { queue, executorFactory: (job) => (scans++, factory(job)) }, async () => {
      const runId = '20250101T000000Z-5ec7e7aa';
      // A producer that skipped the check: the worker checks again.
      const data = { v: JOB_VERSION, runId, index: 0, target: { label: 'sneaky', host: 'sneaky' }, options: { password: 'hunter2' } };
      await withQueue(queue, async (q) => {
        await q.add('scan', data as never, { jobId: jobIdFor(runId, 'sneaky') });
        await saveManifest(q, { runId, createdAt: new Date().toISOString(), hosts: ['sneaky'], options: {} }, 60);
      });
      const [result] = await collect(followRun({ redis: redis.url, queue, runId, sweepMs: 200 }));
      expect(result!.report).toMatchObject({ host: 'sneaky', status: 'failed', error: { code: 'invalid-job' } });
      expect(result!.report.error?.message).toMatch(/no secrets/);
      expect(scans).toBe(0);
    });
  });

  it('fails a job naming plugins this worker has not loaded with code plugin-mismatch, and runs the next job', async () => {
    const queue = 'plugins';
    const acme = definePlugin({ name: 'acme', version: '1.2.0', facts: [defineFact({ name: 'timezone', os: 'linux', command: 'date +%Z', parse: (s) => s.trim() })] });
    const plugins = { plugins: [acme], refs: [{ name: 'acme', version: '1.2.0', hash: `sha256:${'a'.repeat(64)}` }] };
    let scans = 0;
    const factory = fixtureExecutorFactory(fixture);
    await withWorkers(1, { queue, plugins, executorFactory: (job) => (scans++, factory(job)) }, async () => {
      const other = await enqueueRun({ redis: redis.url, queue, targets: fleet(1, 'other'), options: { plugins: [{ ...plugins.refs[0]!, hash: `sha256:${'b'.repeat(64)}` }], facts: ['timezone'] }, knownFacts: ['timezone'] });
      const [refused] = await collect(followRun({ redis: redis.url, queue, runId: other.runId, sweepMs: 200 }));
      expect(refused!.report).toMatchObject({ status: 'failed', error: { code: 'plugin-mismatch' } });
      expect(refused!.report.error?.message).toMatch(/it needs acme@1\.2\.0 \(sha256:bbbbbbbbbbbb…\), this worker has acme@1\.2\.0 \(sha256:aaaaaaaaaaaa…\)/);
      expect(scans).toBe(0);
      const same = await enqueueRun({ redis: redis.url, queue, targets: fleet(1, 'same'), options: { plugins: plugins.refs, facts: ['timezone'] }, knownFacts: ['timezone'] });
      const [done] = await collect(followRun({ redis: redis.url, queue, runId: same.runId, sweepMs: 200 }));
      expect(scans).toBe(1);
      expect(done!.report.error).toBeNull();
      // The recorded host never ran date +%Z: the plugin's fact was asked, and failed on its own.
      expect(Object.keys((done!.report.facts.errors ?? {}) as object)).toEqual(['timezone']);
      const asksExec = await enqueueRun({ redis: redis.url, queue, targets: fleet(1, 'exec'), options: { plugins: plugins.refs, localFactsExec: true } });
      const [execRefused] = await collect(followRun({ redis: redis.url, queue, runId: asksExec.runId, sweepMs: 200 }));
      expect(execRefused!.report.error).toEqual({ code: 'invalid-job', message: 'the job asks to run executable local fact files, which this worker does not allow (plesio worker --local-facts-exec)' });
    });
  });

  it('hands running jobs back to the queue when the shutdown grace runs out, and another worker finishes them', async () => {
    const queue = 'hand-back';
    const events: WorkerEvent[] = [];
    const slow = fixtureExecutorFactory(fixture, { delayMs: 2_000 });
    const first = await startWorker({ redis: redis.url, queue, name: 'leaving', concurrency: 2, executorFactory: slow, onEvent: (e) => events.push(e) });
    const { runId } = await enqueueRun({ redis: redis.url, queue, targets: fleet(2, 'slow') });
    await until(() => events.filter((e) => e.type === 'started').length === 2);
    await first.shutdown(200);
    expect(events.filter((e) => e.type === 'handed-back')).toHaveLength(2);
    expect(events.some((e) => e.type === 'finished')).toBe(false);
    await withWorkers(1, { queue, name: 'staying', executorFactory: fixtureExecutorFactory(fixture) }, async () => {
      const results = await collect(followRun({ redis: redis.url, queue, runId, sweepMs: 200 }));
      expect(results.map((r) => [r.report.host, r.worker, r.report.status === 'failed'])).toEqual(expect.arrayContaining([
        ['slow-01', 'staying', false],
        ['slow-02', 'staying', false],
      ]));
      expect(results).toHaveLength(2);
    });
  });
});

async function withQueue<T>(name: string, body: (queue: Queue) => Promise<T>): Promise<T> {
  const queue = new Queue(name, { connection: redisConnection(redis.url) });
  try {
    return await body(queue);
  } finally {
    await queue.close();
  }
}

async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
