/**
 * A scan worker: a BullMQ Worker whose processor scans the job's host with the same saga and executors
 * as `plesio scan`, and returns the `HostReport` as the job's result. A host that failed is a
 * *completed* job whose report says why (only listed codes are retried, see `retry.ts`); a job fails
 * only when the worker itself could not run it. `shutdown()` lets running scans finish for a grace
 * period, then hands the rest back to the queue for another worker.
 */
import { hostname } from 'node:os';
import { UnrecoverableError, WaitingError, Worker, type Job, type JobJson } from 'bullmq';
import { PlesioError } from '../errors.js';
import type { HostReport } from '../hosts/report.js';
import { runFleet } from '../fleet/run-fleet.js';
import type { ExecutorFactory, FleetResult } from '../fleet/options.js';
import { checkQueueName, DEFAULT_QUEUE, redisConnection, whenReady } from './connection.js';
import { sshExecutorFactory } from './executor-factory.js';
import { checkScanJob, type ScanJob } from './jobs.js';
import { checkJobPlugins } from './job-plugins.js';
import type { PluginSet } from '../fleet/plugins.js';
import { HostRetryError, shouldRetry } from './retry.js';

/** How a worker runs. */
export interface ScanWorkerOptions {
  redis: string;
  /** Default `plesio`. */
  queue?: string;
  /** Hosts scanned at once (default 32). */
  concurrency?: number;
  /** Default: SSH with the worker's own credentials (`sshExecutorFactory()`). */
  executorFactory?: ExecutorFactory<ScanJob>;
  /** Recorded as `processedBy` on each job (default `<hostname>:<pid>`). */
  name?: string;
  /** How long a job stays claimed without a renewal; a dead worker's jobs move on after it (default 30 s). */
  lockDurationMs?: number;
  /** How often this worker looks for jobs of dead workers (default 15 s). */
  stalledIntervalMs?: number;
  /** How often a job may be handed on from a dead worker before it fails with code `stalled` (default 2). */
  maxStalledCount?: number;
  /** How long to wait for Redis at start (default 10 s). */
  connectTimeoutMs?: number;
  /** Gives up waiting for Redis at start (`RedisWaitInterruptedError`) when it aborts. */
  signal?: AbortSignal;
  /** Hears what the worker does, for logs and tests. */
  onEvent?: (event: WorkerEvent) => void;
  /**
   * The plugins this worker loaded (`loadPlugins`): it runs only jobs naming exactly these (same names,
   * versions and content hashes), and fails the others with `plugin-mismatch`. Default none.
   */
  plugins?: Pick<PluginSet, 'plugins' | 'refs'>;
  /** Allow jobs asking for executable local fact files (`--local-facts-exec`); default false: such jobs fail. */
  localFactsExec?: boolean;
}

/** What a worker runs its jobs with, besides their executors. */
interface JobRunner {
  readonly factory: ExecutorFactory<ScanJob>;
  readonly emit: (event: WorkerEvent) => void;
  readonly plugins: Pick<PluginSet, 'plugins' | 'refs'>;
  readonly localFactsExec: boolean;
}

/** What a worker reports as it goes. */
export type WorkerEvent =
  | { readonly type: 'started' | 'handed-back'; readonly jobId: string; readonly host: string }
  | { readonly type: 'finished' | 'retrying'; readonly jobId: string; readonly report: HostReport }
  /** A job this worker will not run (malformed, other plugins): it fails with `code: message`. */
  | { readonly type: 'refused'; readonly jobId: string; readonly host: string | undefined; readonly reason: string }
  | { readonly type: 'error'; readonly error: Error };

/** A running worker. */
export interface ScanWorker {
  readonly name: string;
  /**
   * Stops taking jobs, lets running scans finish for `graceMs` (default 30 s), hands the others back
   * to the queue, and closes the connections. Safe to call twice; `shutdown(0)` during a graceful
   * shutdown hands the running jobs back at once.
   */
  shutdown(graceMs?: number): Promise<void>;
}

/**
 * Starts a worker and resolves once it is connected and taking jobs.
 * @example
 * const worker = await startWorker({ redis: 'redis://127.0.0.1:6379', concurrency: 16 });
 * process.once('SIGTERM', () => void worker.shutdown());
 */
export async function startWorker(options: ScanWorkerOptions): Promise<ScanWorker> {
  const emit = options.onEvent ?? (() => undefined);
  const runner: JobRunner = {
    factory: options.executorFactory ?? sshExecutorFactory(),
    emit,
    plugins: options.plugins ?? { plugins: [], refs: [] },
    localFactsExec: options.localFactsExec === true,
  };
  const name = options.name ?? `${hostname()}:${process.pid}`;
  const lockDuration = options.lockDurationMs ?? 30_000;
  const worker = new ReadingWorker(checkQueueName(options.queue ?? DEFAULT_QUEUE), (job, token, signal) => processJob(job, token, signal, runner), {
    connection: redisConnection(options.redis),
    concurrency: options.concurrency ?? 32,
    name,
    lockDuration,
    stalledInterval: options.stalledIntervalMs ?? Math.max(1000, Math.round(lockDuration / 2)),
    maxStalledCount: options.maxStalledCount ?? 2,
    autorun: false,
  });
  // BullMQ reports lost connections as 'error' and reconnects by itself; an unheard 'error' would crash.
  worker.on('error', (error) => emit({ type: 'error', error }));
  try {
    await whenReady(worker, options.redis, options.connectTimeoutMs ?? 10_000, options.signal);
  } catch (error) {
    await worker.close(true).catch(() => undefined);
    throw error;
  }
  const running = worker.run().catch((error: Error) => emit({ type: 'error', error }));
  let closing: Promise<void> | undefined;
  let handBack: () => void = () => undefined;
  return {
    name,
    shutdown(graceMs = 30_000): Promise<void> {
      if (closing !== undefined) {
        if (graceMs === 0) handBack();
        return closing;
      }
      const timer = setTimeout(() => handBack(), graceMs);
      handBack = () => {
        clearTimeout(timer);
        worker.cancelAllJobs('shutdown');
      };
      closing = (async () => {
        try {
          if (graceMs === 0) handBack();
          await worker.close();
          await running;
        } finally {
          clearTimeout(timer);
        }
      })();
      return closing;
    },
  };
}

// Where `ReadingWorker` puts the reason a job could not be read.
const UNREADABLE = 'plesio:unreadable';

/**
 * A BullMQ Worker that hands a job whose data or options are not JSON (written into Redis by hand) to
 * the processor, which refuses it. BullMQ itself would throw while reading it, leave it active, take
 * it again once its lock expired, and again, for ever: the run would never finish.
 */
class ReadingWorker extends Worker<ScanJob, HostReport> {
  protected override createJob(data: JobJson, jobId: string): ReturnType<Worker<ScanJob, HostReport>['createJob']> {
    try {
      return super.createJob(data, jobId);
    } catch (error) {
      return super.createJob({ ...data, data: JSON.stringify({ [UNREADABLE]: (error as Error).message }), opts: '{}' } as JobJson, jobId);
    }
  }
}

/** Scans one job's host; see the file comment for what completes, retries or fails a job. */
async function processJob(job: Job<ScanJob, HostReport>, token: string | undefined, signal: AbortSignal | undefined, runner: JobRunner): Promise<HostReport> {
  const { factory, emit } = runner;
  const jobId = job.id ?? '?';
  const refuse = (code: string, message: string): never => {
    const label = (job.data as { target?: { label?: unknown } } | undefined)?.target?.label;
    const reason = `${code}: ${message}`;
    // A label is shown only when it could be one: a hostile job's megabyte label stays out of the logs.
    emit({ type: 'refused', jobId, host: typeof label === 'string' && label.length <= 255 ? label : undefined, reason });
    throw new UnrecoverableError(reason);
  };
  let data: ScanJob;
  try {
    const unreadable = (job.data as unknown as Record<string, unknown> | null)?.[UNREADABLE];
    if (typeof unreadable === 'string') throw new Error(`the job's data or options are not JSON: ${unreadable}`);
    data = checkScanJob(job.data);
  } catch (error) {
    return refuse('invalid-job', (error as Error).message);
  }
  // No code travels with a job: it names plugins, and runs only where exactly those are loaded.
  try {
    checkJobPlugins(data.options.plugins ?? [], runner.plugins.refs);
  } catch (error) {
    return refuse('plugin-mismatch', (error as Error).message);
  }
  if (data.options.localFactsExec === true && !runner.localFactsExec) {
    return refuse('invalid-job', 'the job asks to run executable local fact files, which this worker does not allow (plesio worker --local-facts-exec)');
  }
  const host = data.target.label;
  emit({ type: 'started', jobId, host });
  // A fleet of one: the job's host runs as every fleet host does (its executor made and closed, its
  // own signal, a bug caught); BullMQ decides how many jobs run at once.
  const fleet = runFleet([{ label: host, job: data }], {
    executor: ({ job: scanJob }) => factory(scanJob),
    concurrency: 1,
    sudo: data.options.sudo === true,
    localFactsExec: data.options.localFactsExec === true,
    facts: data.options.facts,
    plugins: runner.plugins.plugins,
    commandTimeoutMs: data.options.commandTimeoutMs,
    signal,
  });
  let result: FleetResult<unknown> | undefined;
  for await (const each of fleet) result = each;
  if (result?.thrown !== undefined) {
    // The worker could not scan (its password file is unreadable, an unknown fact) or would not (the
    // job asks for more than this worker allows): the job fails; only the first kind may be retried.
    const error = result.thrown;
    const code = error instanceof PlesioError ? error.code : 'worker-error';
    const message = `${code}: ${error instanceof Error ? error.message : String(error)}`;
    if (code === 'invalid-job') return refuse(code, error instanceof Error ? error.message : String(error));
    if (code === 'unknown-fact') throw new UnrecoverableError(message);
    throw new Error(message, { cause: error });
  }
  if (result === undefined || signal?.aborted === true) {
    // Shut down mid-scan (or before the scan began): the job goes back to the queue, untouched, for
    // another worker. If Redis refuses (the lock was lost), the stalled-job check hands it on once
    // the lock expires.
    const handedBack = await job.moveToWait(token).then(() => true, () => false);
    if (handedBack) emit({ type: 'handed-back', jobId, host });
    throw new WaitingError();
  }
  const report = result.report;
  if (shouldRetry(report, job.attemptsMade, job.opts.attempts ?? 1, data.options.retryOn ?? [])) {
    emit({ type: 'retrying', jobId, report });
    throw new HostRetryError(report);
  }
  emit({ type: 'finished', jobId, report });
  return report;
}
