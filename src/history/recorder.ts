/**
 * `plesio scan --store FILE` without `--redis`: the scan command saves each host's report as it
 * finishes, under a new run id, so `plesio diff` can compare it with the next scan.
 */
import { newRunId } from './run-id.js';
import { openStore, type StoredConnection } from './store.js';
import type { HostReport } from '../hosts/report.js';

/** A run being recorded in a scan store. */
export interface RunRecorder {
  readonly runId: string;
  /** Saves one host's report; `index` is its position among the targets, `connection` how it was reached. */
  save(report: HostReport, index: number, connection?: StoredConnection): void;
  /** Marks the run finished (skip it when the scan was interrupted) and closes the store. */
  finish(): void;
  /** Closes the store; the run stays unfinished unless `finish()` was called. Safe after `finish()`. */
  close(): void;
}

/**
 * Opens `file` (creating it if needed) and starts a run of `hostCount` hosts.
 * @example
 * const recorder = recordRun('scans.db', { hostCount: plans.length });
 * try {
 *   recorder.save(report, 0);
 *   recorder.finish();
 * } finally {
 *   recorder.close();
 * }
 */
export function recordRun(file: string, run: { hostCount: number; source?: string; runId?: string }): RunRecorder {
  const store = openStore(file);
  const runId = run.runId ?? newRunId();
  let open = true;
  try {
    store.startRun({ runId, source: run.source ?? 'local', hostCount: run.hostCount });
  } catch (error) {
    store.close();
    throw error;
  }
  return {
    runId,
    save: (report, index, connection) => store.saveReport(runId, report, index, connection),
    finish() {
      store.finishRun(runId);
      this.close();
    },
    close() {
      if (open) store.close();
      open = false;
    },
  };
}
