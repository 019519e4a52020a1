/**
 * `plesio run SAGA [targets]`: a saga of the user's own on every host, with everything `plesio scan`
 * offers for reaching hosts and writing reports (inventories, SSH options, concurrency, deadline,
 * formats, record/replay, trace, store). The saga is called with one object of the `--arg key=value`
 * options; each host's report holds its final state (`facts`), its return value (`result`), errors and
 * sources.
 */
import { PlesioError } from '../errors.js';
import type { SagaReport } from '../fleet/options.js';
import { runFleet } from '../fleet/run-fleet.js';
import type { HostReport } from '../hosts/report.js';
import type { CliIO } from './io.js';
import { escapeControls } from '../escape-controls.js';
import { checkOutputPaths } from './output/paths.js';
import { runHosts } from './scan-command.js';
import { prepareScan, type ScanFlags } from './scan-setup.js';
import { UsageError } from './usage-error.js';

/** The options of `plesio run`, as commander hands them over: scan's, without the fact options. */
export interface RunFlags extends Omit<ScanFlags, 'facts' | 'sudo' | 'plugin' | 'config' | 'localFactsExec' | 'redis'> {
  /** `--arg key=value`, repeatable. */
  arg?: string[];
}

/**
 * Runs `plesio run`; throws `UsageError` for a usage problem, a saga that does not load included.
 * @example
 * const code = await runSagaCommand('./openssl-version.mjs', ['web1'], { format: 'json' }, io);
 */
export async function runSagaCommand(spec: string, targets: string[], flags: RunFlags, io: CliIO): Promise<number> {
  const args = sagaArgs(flags.arg ?? []);
  await checkOutputPaths([[flags.output, 'the --output file'], [flags.trace, 'the --trace file'], [flags.store, 'the scan store (--store)']]);
  const { loadSagaModule } = await import('../fleet/saga-module.js');
  const module = await loadSagaModule(spec, process.cwd()).catch((error: unknown) => {
    throw error instanceof PlesioError && error.code === 'bad-plugin' ? new UsageError(error.message, { cause: error }) : error;
  });
  // No plugins: a run's saga does its own work; --plugin and the config files are for fact scans.
  const setup = await prepareScan(targets, flags, { plugins: false, interrupt: io.interrupt });
  return runHosts(setup, flags, io, { verb: 'ran', object: spec, table: sagaTable, stored }, (common) => runFleet(setup.plans, {
    ...common,
    saga: module.saga,
    args: () => [args],
  }));
}

/**
 * `--arg key=value` options as the saga's one argument; a key given twice is an error.
 * @example
 * sagaArgs(['path=/etc/ssl', 'pattern=*.pem']) // => { path: '/etc/ssl', pattern: '*.pem' }
 */
export function sagaArgs(list: readonly string[]): Record<string, string> {
  const entries: [string, string][] = [];
  for (const item of list) {
    const eq = item.indexOf('=');
    const key = eq < 0 ? item : item.slice(0, eq);
    if (eq < 0 || !/^[A-Za-z_][\w.-]{0,63}$/.test(key)) throw new UsageError(`--arg ${JSON.stringify(item)}: give key=value, the key a letter or _ then letters, digits, _, . or -`);
    if (entries.some(([k]) => k === key)) throw new UsageError(`--arg ${key} is given twice; give each key once`);
    entries.push([key, item.slice(eq + 1)]);
  }
  return Object.fromEntries(entries);
}

/** In the store (and so in `plesio diff`), the return value is kept beside the final state as `result`. */
function stored(report: HostReport): HostReport {
  const { result } = report as SagaReport;
  return result === undefined ? report : { ...report, facts: { ...report.facts, result } };
}

/** The `table` format of a run: host, status, the return value on one line, the error. */
function sagaTable(reports: readonly HostReport[]): string {
  const rows = [['HOST', 'STATUS', 'RESULT', 'ERROR'], ...reports.map((r) => {
    const result = (r as SagaReport).result;
    const errors = Object.keys((r.facts.errors ?? {}) as object);
    const error = r.error !== null ? `${r.error.code}: ${r.error.message}` : errors.length > 0 ? `failed: ${errors.join(', ')}` : '';
    const shown = result === undefined ? '-' : typeof result === 'string' ? result : JSON.stringify(result);
    return [r.host, r.status, cell(shown, 60), cell(error, 200)];
  })];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n') + '\n';
}

/** One line, escaped (a host's text never reaches the terminal raw), at most `max` characters. */
function cell(text: string, max: number): string {
  const line = escapeControls(text.replace(/\s+/g, ' '));
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
