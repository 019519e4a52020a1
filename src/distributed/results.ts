/**
 * Following a run: yields each host's result as its job finishes, each host exactly once, whichever
 * worker ran it and however often it was retried or handed on. Queue events say early which job
 * finished; a periodic sweep of the unfinished jobs is the safety net for events missed while Redis
 * restarted or before the follower started.
 */
import { Queue, QueueEvents } from 'bullmq';
import type { HostReport } from '../hosts/report.js';
import { checkQueueName, DEFAULT_QUEUE, redactUrl, redisConnection, RedisUnavailableError, whenReady } from './connection.js';
import type { ScanJob } from './jobs.js';
import { jobOutcome, lostOutcome, unreadableOutcome, type RunResult } from './outcome.js';
import { checkRunId, jobIdFor, loadManifest, type RunManifest } from './runs.js';

/** Which run to follow, and how. */
export interface FollowOptions {
  redis: string;
  queue?: string;
  runId: string;
  /** Stops following (the generator returns; while waiting for Redis, it throws `RedisWaitInterruptedError`); results so far were yielded. */
  signal?: AbortSignal;
  /** `false`: yield the results already there, then stop (default true: until every host finished). */
  wait?: boolean;
  /** Called once with the run's manifest, before the first result (e.g. to size a progress bar). */
  onManifest?: (manifest: RunManifest) => void;
  /** How often every unfinished job is checked (default 5 s, longer for big runs); events make most results faster. */
  sweepMs?: number;
  /** How long Redis may stay unreachable mid-run before following fails (default 5 min). */
  outageMs?: number;
  connectTimeoutMs?: number;
}

// Jobs checked at once: ioredis pipelines them on one connection.
const BATCH = 200;

/**
 * Yields the results of a run as its hosts finish.
 * @example
 * for await (const { report, index } of followRun({ redis: 'redis://127.0.0.1:6379', runId })) {
 *   console.log(index, report.host, report.status);
 * }
 */
export async function* followRun(options: FollowOptions): AsyncGenerator<RunResult, void, undefined> {
  const name = checkQueueName(options.queue ?? DEFAULT_QUEUE);
  const runId = checkRunId(options.runId);
  const connection = redisConnection(options.redis);
  const queue = new Queue<ScanJob, HostReport>(name, { connection });
  // Made once Redis answers: closing a QueueEvents that never connected waits for it forever.
  let events: QueueEvents | undefined;
  const ignore = (): void => undefined;
  queue.on('error', ignore);
  const hinted = new Set<string>();
  let wake: () => void = ignore;
  const hint = ({ jobId }: { jobId: string }): void => {
    hinted.add(jobId);
    wake();
  };
  try {
    await whenReady(queue, options.redis, options.connectTimeoutMs ?? 10_000, options.signal);
    const manifest = await loadManifest(queue, runId);
    options.onManifest?.(manifest);
    const pending = new Map(manifest.hosts.map((label, index) => [jobIdFor(runId, label), { label, index }] as const));
    const waiting = options.wait !== false;
    if (waiting) {
      events = new QueueEvents(name, { connection, autorun: false });
      events.on('error', ignore);
      events.on('completed', hint);
      events.on('failed', hint);
      events.run().catch(ignore);
    }
    const sweepMs = options.sweepMs ?? 5_000;
    let lastSweep = -Infinity;
    let outageSince: number | undefined;
    while (pending.size > 0 && options.signal?.aborted !== true) {
      // A big run is swept less often (1 ms per unfinished host): events bring most results anyway.
      const interval = Math.max(sweepMs, pending.size);
      const sweep = performance.now() - lastSweep >= interval;
      const ids = sweep ? [...pending.keys()] : [...hinted].filter((id) => pending.has(id));
      hinted.clear();
      try {
        for (let start = 0; start < ids.length; start += BATCH) {
          for (const result of await finished(queue, ids.slice(start, start + BATCH), pending)) {
            pending.delete(result.jobId);
            yield result;
          }
        }
        if (sweep) lastSweep = performance.now();
        outageSince = undefined;
      } catch (error) {
        // Redis is restarting or unreachable: keep the results so far and try again, for a while.
        outageSince ??= performance.now();
        if (performance.now() - outageSince > (options.outageMs ?? 300_000)) {
          throw new RedisUnavailableError(`lost Redis at ${redactUrl(options.redis)} while following run ${runId}: ${(error as Error).message}`, { cause: error });
        }
        for (const id of ids) hinted.add(id);
      }
      if (!waiting || pending.size === 0) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, outageSince === undefined ? Math.max(0, interval - (performance.now() - lastSweep)) : 1_000);
        function done(): void {
          clearTimeout(timer);
          options.signal?.removeEventListener('abort', done);
          wake = ignore;
          resolve();
        }
        options.signal?.addEventListener('abort', done, { once: true });
        wake = done;
        if (hinted.size > 0 || options.signal?.aborted === true) done();
      });
    }
  } finally {
    await events?.close().catch(ignore);
    await queue.close().catch(ignore);
    events?.off('error', ignore);
    queue.off('error', ignore);
  }
}

/** The results of the jobs among `ids` that have finished (or are gone). */
async function finished(queue: Queue<ScanJob, HostReport>, ids: readonly string[], pending: ReadonlyMap<string, { label: string; index: number }>): Promise<RunResult[]> {
  const states = await Promise.all(ids.map((id) => queue.getJobState(id)));
  const results: RunResult[] = [];
  await Promise.all(ids.map(async (id, i) => {
    const state = states[i];
    const host = pending.get(id)!;
    // The manifest's id, not the job's: a job gone between the two calls still ends its host.
    if (state === 'completed' || state === 'failed') {
      // A job written into Redis by hand may not even be JSON: BullMQ cannot read it, and it ends its host.
      const job = await queue.getJob(id).catch((error: Error) => error);
      results.push(job instanceof Error ? unreadableOutcome(host.label, host.index, id, job) : { ...jobOutcome(job, state, host.label, host.index), jobId: id });
    }
    else if (state === 'unknown') results.push(lostOutcome(host.label, host.index, id));
  }));
  return results;
}
