/**
 * `plesio diff [RUN_A] [RUN_B] --store FILE`: what changed between two stored scans (by default the
 * last two), for the whole fleet or one `--host`; `--list` shows the stored runs. Runs are named by id
 * or as `latest` and `latest~N`.
 */
import { existsSync } from 'node:fs';
import { escapeControls } from '../escape-controls.js';
import { UsageError } from './usage-error.js';
import { PlesioError } from '../errors.js';
import { diffRuns, type DiffOptions } from '../history/diff.js';
import { formatDiff } from '../history/diff-format.js';
import type { CliIO } from './io.js';
import { openStore, type StoredRun } from '../history/store.js';

/** The options of `plesio diff`, as commander hands them over. */
export interface DiffFlags {
  store: string;
  host?: string;
  format: 'text' | 'json';
  /** Also show facts that change on every scan (uptime, used space). */
  all?: boolean;
  list?: boolean;
}

/**
 * Writes the diff of two stored runs (or the list of runs) to stdout; returns the exit code.
 * @example
 * runDiff('latest~1', 'latest', { store: 'scans.db', format: 'text' }, io);
 */
export function runDiff(a: string | undefined, b: string | undefined, flags: DiffFlags, io: CliIO): number {
  if (!existsSync(flags.store)) throw new UsageError(`no scan store at ${flags.store}; plesio scan --store ${flags.store} … records one`);
  const store = openStore(flags.store);
  try {
    if (flags.list === true) {
      const runs = store.runs();
      io.stdout.write(flags.format === 'json' ? JSON.stringify(runs, null, 2) + '\n' : listRuns(runs));
      return 0;
    }
    if (a === undefined && b === undefined) {
      // The default compares the last two runs: say plainly when there are not two yet.
      const runs = store.runs();
      if (runs.length === 0) throw new UsageError(`no runs stored in ${flags.store} yet; plesio scan --store ${flags.store} … records one`);
      if (runs.length === 1) throw new UsageError(`only one run stored in ${flags.store} (${runs[0]!.runId}); scan again with --store ${flags.store}, then plesio diff compares the two`);
    }
    const [first, second] = [store.run(a ?? 'latest~1'), store.run(b ?? 'latest')];
    const before = store.reports(first.runId);
    const after = store.reports(second.runId);
    if (flags.host !== undefined && ![...before, ...after].some((r) => r.host === flags.host)) {
      throw new UsageError(`host ${JSON.stringify(flags.host)} is in neither run ${first.runId} nor ${second.runId}`);
    }
    const options: DiffOptions = { ...(flags.host !== undefined && { host: flags.host }), ...(flags.all === true && { ignore: [] }) };
    const diff = diffRuns(before, after, options);
    io.stdout.write(flags.format === 'json' ? JSON.stringify({ from: first.runId, to: second.runId, ...diff }, null, 2) + '\n' : formatDiff(diff, first.runId, second.runId));
    return 0;
  } catch (error) {
    if (error instanceof PlesioError && !(error instanceof UsageError) && error.code === 'run-not-found') throw new UsageError(error.message, { cause: error });
    throw error;
  } finally {
    store.close();
  }
}

function listRuns(runs: readonly StoredRun[]): string {
  if (runs.length === 0) return 'no runs stored yet\n';
  const rows = runs.map((r) => [r.runId, r.startedAt, r.source, `${r.resultCount}${r.hostCount === null ? '' : `/${r.hostCount}`} hosts`, r.finishedAt === null ? 'unfinished' : '']);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) => escapeControls(row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd())).join('\n') + '\n';
}
