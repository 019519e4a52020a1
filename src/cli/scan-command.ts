/**
 * `plesio scan`: prepares the scan (see `scan-setup.ts`), runs the fleet, streams the reports to the
 * chosen format, draws the progress and says how it went on stderr. Returns the exit code: 0 every
 * host scanned, 2 some failed, 1 an output could not be written, 128+n after signal n.
 */
import type { HostReport } from '../hosts/report.js';
import type { HostKeyAdded } from '../executors/index.js';
import { escapeControls } from '../escape-controls.js';
import { executorFactory } from './executors.js';
import { hostKeyNotice } from './host-key-notice.js';
import { formatDuration } from '../fleet/duration.js';
import { runFleet } from '../fleet/run-fleet.js';
import { BROKEN_PIPE_EXIT, WriteFailures } from './output/failures.js';
import { checkOutputPaths } from './output/paths.js';
import { openFactCacheOutput } from './output/fact-cache.js';
import { reportSink, type TableRenderer } from './output/sink.js';
import { openOutput } from './output/stream.js';
import { tableWidth } from './output/table.js';
import { connectionOf, type HostPlan } from './plan.js';
import { progressOn } from './progress.js';
import { prepareScan, type ScanFlags, type ScanSetup } from './scan-setup.js';
import type { FleetOptionsBase, FleetResult } from '../fleet/options.js';
import { openTrace } from './trace.js';
import { interruptedExit, type CliIO } from './io.js';
import { Tally } from './summary.js';
import { asUsageErrors } from './usage-error.js';
import { checkQueueScanFlags, scanThroughQueue, type QueueScanFlags } from './queue-scan.js';
import { redisUrl, wantsRedis } from './redis-url.js';

/**
 * Runs `plesio scan`; throws `UsageError` for a usage or configuration problem.
 * @example
 * const code = await runScan(['web1'], flags, { stdout: process.stdout, stderr: process.stderr });
 */
export async function runScan(targets: string[], flags: ScanFlags, io: CliIO): Promise<number> {
  checkQueueScanFlags(flags as unknown as Record<string, unknown>);
  // Before anything that takes time or asks something: a prompt, an enqueue, the scan itself.
  await checkOutputPaths([[flags.output, 'the --output file'], [flags.trace, 'the --trace file'], [flags.store, 'the scan store (--store)']]);
  // As the outputs: an unusable cache directory fails the scan (or the enqueue) before it starts.
  await openFactCacheOutput(flags);
  if (wantsRedis(flags)) return runQueuedScan(targets, flags, io);
  const setup = await prepareScan(targets, flags, { interrupt: io.interrupt });
  return runHosts(setup, flags, io, { verb: 'scanned' }, (common) => runFleet(setup.plans, {
    ...common,
    sudo: flags.sudo === true,
    localFactsExec: flags.localFactsExec === true,
    facts: setup.facts,
    plugins: setup.plugins?.plugins,
    commandTimeoutMs: setup.connect.commandTimeoutMs,
  }));
}

/** What every fleet run of the CLI shares: the hosts' executors, the bounds, the interrupt, the trace. */
export type CommonFleetOptions = Pick<FleetOptionsBase<HostPlan>, 'executor' | 'concurrency' | 'deadlineMs' | 'signal' | 'monitor' | 'pacing'>;

/** How the summary speaks of a run: `scanned 3 hosts`, `ran inventory.mjs on 3 hosts`. */
export interface RunWording {
  readonly verb: string;
  /** What the verb applies to before `on N hosts`, e.g. the saga's file; none for a scan. */
  readonly object?: string;
  /** Renders the `table` format (default: the scan's table). */
  readonly table?: TableRenderer;
  /** The report as the store keeps it (default: as it is). */
  readonly stored?: (report: HostReport) => HostReport;
}

/**
 * Runs the fleet `start` makes from the shared options, and writes its reports to the chosen output,
 * the store and the trace, with the progress bar and the summary; resolves to the exit code.
 * @example
 * return runHosts(setup, flags, io, { verb: 'scanned' }, (common) => runFleet(setup.plans, { ...common, facts: ['os'] }));
 */
export async function runHosts(setup: ScanSetup, flags: ScanFlags, io: CliIO, wording: RunWording, start: (common: CommonFleetOptions) => AsyncIterable<FleetResult<HostPlan, HostReport>>): Promise<number> {
  const { plans, concurrency, deadlineMs, connect, duplicates } = setup;
  if (duplicates.length > 0) io.stderr.write(`${duplicatesNotice(duplicates)}\n`);
  // SQLite loads only for a scan that keeps its results; a replayed run is labelled by its recording.
  const source = flags.replay === undefined ? 'local' : `replay:${flags.replay}`;
  const factCache = await openFactCacheOutput(flags);
  const store = flags.store === undefined ? undefined : await asUsageErrors(async () => (await import('../history/recorder.js')).recordRun(flags.store!, { hostCount: plans.length, source }));
  const unpipelined: string[] = [];
  const addedKeys: HostKeyAdded[] = [];
  const failures = new WriteFailures();
  const output = await openOutput(flags.output, io.stdout);
  const trace = flags.trace === undefined ? undefined : await openTrace(flags.trace).catch(async (error: unknown) => {
    await output.close();
    throw error;
  });
  const formatSink = reportSink(flags.format, output, wording.table, tableWidth(io.stdout, flags.output));
  const sink = factCache?.around(formatSink, failures) ?? formatSink;
  const progress = (await progressOn(io.stderr, { quiet: flags.quiet === true }))(plans.length);
  const started = performance.now();
  const tally = new Tally();
  const events = {
    noPipelining: (label: string) => unpipelined.push(label),
    hostKeyAdded: (added: HostKeyAdded) => addedKeys.push(added),
    recordFailed: (file: string, error: unknown) => failures.add(file, error, 'the recording'),
  };
  let completed = false;
  try {
    const results = start({
      executor: executorFactory(connect, events),
      concurrency,
      ...(flags.pacing === false && { pacing: false }),
      ...(deadlineMs !== undefined && { deadlineMs }),
      ...(io.interrupt !== undefined && { signal: io.interrupt }),
      ...(trace !== undefined && { monitor: (plan: HostPlan, index: number) => trace.monitorFor(plan.label, index + 1) }),
    });
    for await (const { report, index } of results) {
      tally.add(report);
      progress.hostDone(report);
      if (store !== undefined && !failures.has(flags.store!)) {
        try {
          store.save(wording.stored?.(report) ?? report, index, connectionOf(plans[index]));
        } catch (error) {
          // The reports still go to the output; the store's failure is said at the end.
          failures.add(flags.store!, error, 'the results');
        }
      }
      // Awaited: a slow output slows the scan; a failing one (a closed pipe, a full disk) stops it.
      await sink.write(report, index);
    }
    completed = true;
  } catch (error) {
    failures.add(output.name, error);
  } finally {
    // An interrupted run, or one the store missed results of, stays unfinished: diff knows it is incomplete.
    if (completed && io.interrupt?.aborted !== true && !failures.has(flags.store ?? '')) store?.finish();
    store?.close();
    progress.stop();
    // As `ssh` warns "Permanently added…" (and `ssh -q` does not): after the bar, which a line would break.
    if (flags.quiet !== true) for (const added of addedKeys) io.stderr.write(`${hostKeyNotice(added)}\n`);
    // Finished hosts are written even when the scan was interrupted; every flush and close is checked.
    if (!failures.has(output.name) && !failures.brokenPipe) await sink.end().catch((error: unknown) => failures.add(output.name, error));
    await output.close().catch((error: unknown) => failures.add(output.name, error));
    await trace?.close().catch((error: unknown) => failures.add(flags.trace!, error, 'the trace'));
  }
  if (failures.brokenPipe) return BROKEN_PIPE_EXIT;

  const elapsed = formatDuration(performance.now() - started);
  if (io.interrupt?.aborted === true) {
    // Said even with --quiet: it explains the missing hosts and the exit status.
    io.stderr.write(`plesio: interrupted by ${String(io.interrupt.reason ?? 'SIGINT')} after ${elapsed}: ${tally.counts()}; ${plans.length - tally.reported} of ${plans.length} hosts were not scanned\n`);
  } else if (flags.quiet !== true) {
    if (factCache !== undefined) io.stderr.write(factCache.summary());
    const hosts = `${plans.length} host${plans.length === 1 ? '' : 's'}`;
    io.stderr.write(`plesio: ${wording.verb} ${wording.object === undefined ? hosts : `${wording.object} on ${hosts}`} in ${elapsed}: ${tally.counts()}\n`);
    for (const line of tally.details()) io.stderr.write(`${line}\n`);
    if (unpipelined.length > 0) {
      // Slower hosts, not failed ones: worth a line, so an operator knows where the time went.
      io.stderr.write(`plesio: ${unpipelined.length} host${unpipelined.length === 1 ? '' : 's'} ran one channel per command, pipelined sessions being unavailable there (NODE_DEBUG=plesio says why): ${listed(unpipelined)}\n`);
    }
  }
  // Said even with --quiet, and it decides the exit status: results did not all get where they were asked to go.
  failures.report(io.stderr);
  if (failures.any) return 1;
  if (io.interrupt?.aborted === true) return interruptedExit(io.interrupt);
  return tally.failed > 0 ? 2 : 0;
}

/**
 * The stderr line for targets named more than once (issue 14, item 16).
 * @example
 * duplicatesNotice(['web1', 'db1']); // => 'plesio: 2 targets were given more than once and are scanned once: web1, db1'
 */
export function duplicatesNotice(labels: readonly string[]): string {
  const one = labels.length === 1;
  return `plesio: ${labels.length} target${one ? ' was' : 's were'} given more than once and ${one ? 'is' : 'are'} scanned once: ${listed(labels)}`;
}

/** The first ten names, escaped, and how many more. */
function listed(names: readonly string[]): string {
  return escapeControls(names.slice(0, 10).join(', ') + (names.length > 10 ? `, … (${names.length - 10} more)` : ''));
}

/**
 * `plesio scan --redis`: plans the hosts here, then enqueues one job per host for the workers. No
 * secret is read and no file is named in a job: keys, known_hosts and the host-key policy are the
 * workers' (`checkQueueScanFlags` refused the options that would name them).
 */
async function runQueuedScan(targets: string[], flags: ScanFlags, io: CliIO): Promise<number> {
  const redis = await redisUrl(flags);
  const { plans, facts, plugins, connect, duplicates } = await prepareScan(targets, flags, { interrupt: io.interrupt });
  if (duplicates.length > 0) io.stderr.write(`${duplicatesNotice(duplicates)}\n`);
  return scanThroughQueue(plans, {
    sudo: flags.sudo === true,
    ...(facts !== undefined && { facts }),
    ...(plugins !== undefined && { plugins: plugins.refs }),
    ...(flags.localFactsExec === true && { localFactsExec: true }),
    ...(connect.commandTimeoutMs !== undefined && { commandTimeoutMs: connect.commandTimeoutMs }),
    ...(connect.connectTimeoutMs !== undefined && { connectTimeoutMs: connect.connectTimeoutMs }),
    ...(flags.hostKeyPolicy !== undefined && { hostKeyPolicy: flags.hostKeyPolicy }),
  }, { ...(flags as unknown as QueueScanFlags), redis: redis.url, redisSource: redis }, io, plugins?.registry.names);
}
