/**
 * Distributed mode: enqueue host scans on a BullMQ queue in Redis, run workers that take them, follow
 * a run's results. The commands that use it (`plesio worker`, `plesio results`, `plesio scan --redis`)
 * are in `src/cli`; the scan store and diff are in `src/history`.
 */
export { DEFAULT_QUEUE, RedisUnavailableError, RedisWaitInterruptedError, redactUrl, redisConnection } from './connection.js';
export { checkScanJob, InvalidJobError, JOB_VERSION, type JobScanOptions, type JobTarget, type ScanJob } from './jobs.js';
export { DEFAULT_RETENTION_SECONDS, enqueueRun, scanJobs, type EnqueuedRun, type EnqueueOptions } from './enqueue.js';
export { DEFAULT_RETRY, retryPolicy, type RetryPolicy } from './retry.js';
export { checkRunId, InvalidRunError, jobIdFor, RunNotFoundError, type RunManifest } from './runs.js';
export { sshExecutorFactory, type WorkerCredentials } from './executor-factory.js';
export { delayedExecutor, fixtureExecutorFactory, type FixtureFleetOptions } from './fixture-factory.js';
export { startWorker, type ScanWorker, type ScanWorkerOptions, type WorkerEvent } from './worker.js';
export { followRun, type FollowOptions } from './results.js';
export type { RunResult } from './outcome.js';
