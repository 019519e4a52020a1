/**
 * Distributed mode and scan history: enqueue host scans on a BullMQ queue in Redis, run workers that
 * take them, follow a run's results, keep scans in SQLite and diff two of them. The commands that use
 * them (`plesio worker`, `results`, `diff`, `scan --redis`) are in `src/cli`.
 */
export { DEFAULT_QUEUE, RedisUnavailableError, redactUrl, redisConnection } from './connection.js';
export { checkScanJob, InvalidJobError, JOB_VERSION, type JobScanOptions, type JobTarget, type ScanJob } from './jobs.js';
export { DEFAULT_RETENTION_SECONDS, enqueueRun, scanJobs, type EnqueuedRun, type EnqueueOptions } from './enqueue.js';
export { DEFAULT_RETRY, retryPolicy, type RetryPolicy } from './retry.js';
export { checkRunId, jobIdFor, newRunId, RunNotFoundError, type RunManifest } from './runs.js';
export { sshExecutorFactory, type ExecutorFactory, type WorkerCredentials } from './executor-factory.js';
export { delayedExecutor, fixtureExecutorFactory, type FixtureFleetOptions } from './fixture-factory.js';
export { startWorker, type ScanWorker, type ScanWorkerOptions, type WorkerEvent } from './worker.js';
export { followRun, type FollowOptions } from './results.js';
export type { RunResult } from './outcome.js';
export { openStore, ScanStore, UnknownRunError, type StoredRun } from './store.js';
export { recordRun, type RunRecorder } from './recorder.js';
export { DEFAULT_IGNORED, diffRuns, diffValues, type DiffOptions, type FactChange, type HostDiff, type RunDiff } from './diff.js';
export { formatChange, formatDiff } from './diff-format.js';
