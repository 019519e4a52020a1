/**
 * Scan history: every host's report of every run kept in a SQLite scan store (`plesio scan --store`),
 * and the diff of two stored runs (`plesio diff`): new and removed hosts, changed facts by path.
 */
export { newRunId } from './run-id.js';
export { openStore, ScanStore, StoreError, UnknownRunError, type StoredConnection, type StoredRun } from './store.js';
export { recordRun, type RunRecorder } from './recorder.js';
export { DEFAULT_IGNORED, diffRuns, diffValues, type DiffOptions, type FactChange, type HostDiff, type RunDiff } from './diff.js';
export { formatChange, formatDiff } from './diff-format.js';
