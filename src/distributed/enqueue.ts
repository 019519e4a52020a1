/**
 * Enqueueing a run: one job per host, with the job id `<runId>/<label>` so a host is in a run once
 * however often the run is enqueued, then the run's manifest. Every job is checked for secrets before
 * anything is sent to Redis.
 */
import { Queue } from 'bullmq';
import { factCatalog } from '../hosts/scan.js';
import { DEFAULT_FACTS } from '../hosts/registry.js';
import { checkQueueName, DEFAULT_QUEUE, redisConnection, whenReady } from './connection.js';
import { checkScanJob, JOB_VERSION, type JobScanOptions, type JobTarget, type ScanJob } from './jobs.js';
import { retryJobOptions, retryPolicy, type RetryPolicy } from './retry.js';
import { newRunId } from '../history/run-id.js';
import { checkRunId, InvalidRunError, jobIdFor, saveManifest } from './runs.js';

/** Jobs and manifests are kept this long by default (completed or not), for `plesio results`. */
export const DEFAULT_RETENTION_SECONDS = 7 * 86_400;

// addBulk sends one MULTI per call; chunks keep each one small for fleets of tens of thousands.
const CHUNK = 500;

/** What to enqueue, and where. */
export interface EnqueueOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://…`. */
  redis: string;
  /** The queue name (default `plesio`); workers must use the same. */
  queue?: string;
  /** The hosts, in target order; labels must be unique. */
  targets: readonly JobTarget[];
  /** How to scan; `retryOn` comes from `retry`. */
  options?: Omit<JobScanOptions, 'retryOn'>;
  retry?: Partial<RetryPolicy>;
  /** A run id of your own (default a new one). */
  runId?: string;
  /** The facts `options.facts` may name: the built-in ones and those of `options.plugins` (default the built-in ones). */
  knownFacts?: readonly string[];
  /** How long jobs and the manifest stay in Redis (default 7 days). */
  retentionSeconds?: number;
  /** How long to wait for Redis (default 10 s). */
  connectTimeoutMs?: number;
  /** Gives up waiting for Redis (`RedisWaitInterruptedError`) when it aborts. */
  signal?: AbortSignal;
}

/** An enqueued run. */
export interface EnqueuedRun {
  readonly runId: string;
  readonly queue: string;
  readonly total: number;
}

/**
 * Builds and checks every job of a run, without touching Redis.
 * @example
 * const jobs = scanJobs('20250601T120000Z-9f3a21bc', [{ label: 'web1', host: 'web1' }], { sudo: true });
 */
export function scanJobs(runId: string, targets: readonly JobTarget[], options: JobScanOptions, knownFacts: readonly string[] = factCatalog.map((fact) => fact.name)): ScanJob[] {
  checkRunId(runId);
  const known = new Set([DEFAULT_FACTS, ...knownFacts]);
  for (const fact of options.facts ?? []) {
    if (known.has(fact)) continue;
    throw new InvalidRunError(`unknown fact ${JSON.stringify(fact)}; see plesio facts --list${options.plugins === undefined ? ' (a fact of a plugin needs its plugin: --plugin)' : ''}`);
  }
  const seen = new Set<string>();
  return targets.map((target, index) => {
    if (seen.has(target.label)) throw new InvalidRunError(`host ${JSON.stringify(target.label)} is listed twice; a run scans each host once`);
    seen.add(target.label);
    return checkScanJob({ v: JOB_VERSION, runId, index, target: withoutUndefined(target), options: withoutUndefined(options) });
  });
}

/**
 * Enqueues one job per host and records the run; resolves with the run id once every job is in Redis.
 * @example
 * const { runId } = await enqueueRun({ redis: 'redis://127.0.0.1:6379', targets: [{ label: 'web1', host: 'web1' }] });
 */
export async function enqueueRun(request: EnqueueOptions): Promise<EnqueuedRun> {
  const name = checkQueueName(request.queue ?? DEFAULT_QUEUE);
  const connection = redisConnection(request.redis);
  const policy = retryPolicy(request.retry);
  const runId = request.runId ?? newRunId();
  const retention = request.retentionSeconds ?? DEFAULT_RETENTION_SECONDS;
  const options: JobScanOptions = { ...request.options, ...(policy.attempts > 1 && { retryOn: policy.retryOn }) };
  const jobs = scanJobs(runId, request.targets, options, request.knownFacts);
  const queue = new Queue<ScanJob>(name, { connection });
  const ignore = (): void => undefined;
  // Connection errors are reported by whenReady and by the failing call; an unheard 'error' would crash.
  queue.on('error', ignore);
  try {
    await whenReady(queue, request.redis, request.connectTimeoutMs ?? 10_000, request.signal);
    const jobOptions = { ...retryJobOptions(policy), removeOnComplete: { age: retention }, removeOnFail: { age: retention } };
    for (let start = 0; start < jobs.length; start += CHUNK) {
      await queue.addBulk(jobs.slice(start, start + CHUNK).map((job) => ({ name: 'scan', data: job, opts: { ...jobOptions, jobId: jobIdFor(runId, job.target.label) } })));
    }
    await saveManifest(queue, { runId, createdAt: new Date().toISOString(), hosts: jobs.map((job) => job.target.label), options }, retention);
    return { runId, queue: name, total: jobs.length };
  } finally {
    await queue.close().catch(ignore);
    queue.off('error', ignore);
  }
}

/** A copy without `undefined` fields: they are not JSON, and the job check wants only known ones. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
