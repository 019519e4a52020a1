/**
 * `plesio scan`: prepares the scan (see `scan-setup.ts`), runs the fleet, streams the reports to the
 * chosen format, draws the progress and says how it went on stderr. Returns the exit code: 0 every
 * host scanned, 2 some failed, 128+n after signal n.
 */
import { constants } from 'node:os';
import type { HostReport } from '../hosts/report.js';
import type { HostKeyAdded } from '../executors/index.js';
import { executorFactory } from './executors.js';
import { hostKeyNotice } from './host-key-notice.js';
import { formatDuration } from '../fleet/duration.js';
import { runFleet } from '../fleet/run-fleet.js';
import { reportSink } from './output/sink.js';
import { openOutput } from './output/stream.js';
import type { HostPlan } from './plan.js';
import { progressOn } from './progress.js';
import { prepareScan, type ScanFlags, type ScanSetup } from './scan-setup.js';
import type { FleetOptionsBase, FleetResult } from '../fleet/options.js';
import { openTrace } from './trace.js';
import type { CliIO } from './io.js';
import { asUsageErrors, hasErrno, UsageError } from './usage-error.js';
import { checkQueueScanFlags, scanThroughQueue, type QueueScanFlags } from './queue-scan.js';

/**
 * Runs `plesio scan`; throws `UsageError` for a usage or configuration problem.
 * @example
 * const code = await runScan(['web1'], flags, { stdout: process.stdout, stderr: process.stderr });
 */
export async function runScan(targets: string[], flags: ScanFlags, io: CliIO): Promise<number> {
  checkQueueScanFlags(flags as unknown as Record<string, unknown>);
  if (flags.redis !== undefined) return runQueuedScan(targets, flags, io);
  const setup = await prepareScan(targets, flags);
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
export type CommonFleetOptions = Pick<FleetOptionsBase<HostPlan>, 'executor' | 'concurrency' | 'deadlineMs' | 'signal' | 'monitor'>;

/** How the summary speaks of a run: `scanned 3 hosts`, `ran inventory.mjs on 3 hosts`. */
export interface RunWording {
  readonly verb: string;
  /** What the verb applies to before `on N hosts`, e.g. the saga's file; none for a scan. */
  readonly object?: string;
  /** Renders the `table` format (default: the scan's table). */
  readonly table?: (reports: readonly HostReport[]) => string;
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
  const { plans, concurrency, deadlineMs, connect } = setup;
  // SQLite loads only for a scan that keeps its results.
  const store = flags.store === undefined ? undefined : await asUsageErrors(async () => (await import('../history/recorder.js')).recordRun(flags.store!, { hostCount: plans.length }));
  const unpipelined: string[] = [];
  const addedKeys: HostKeyAdded[] = [];
  const output = await openOutput(flags.output, io.stdout);
  const trace = flags.trace === undefined ? undefined : await openTrace(flags.trace).catch(async (error: unknown) => {
    await output.close();
    throw error;
  });
  const sink = reportSink(flags.format, output, wording.table);
  const progress = (await progressOn(io.stderr, { quiet: flags.quiet === true }))(plans.length);
  const started = performance.now();
  const tally = { ok: 0, partial: 0, failed: 0, failures: [] as HostReport[] };
  let reported = 0;
  let completed = false;
  try {
    const results = start({
      executor: executorFactory(connect, { noPipelining: (label) => unpipelined.push(label), hostKeyAdded: (added) => addedKeys.push(added) }),
      concurrency,
      ...(deadlineMs !== undefined && { deadlineMs }),
      ...(io.interrupt !== undefined && { signal: io.interrupt }),
      ...(trace !== undefined && { monitor: (plan: HostPlan, index: number) => trace.monitorFor(plan.label, index + 1) }),
    });
    for await (const { report, index } of results) {
      reported += 1;
      tally[report.status] += 1;
      // The first few failures are named on stderr at the end; the output has them all.
      if (report.status === 'failed' && tally.failures.length < 10) tally.failures.push(report);
      progress.hostDone(report);
      store?.save(wording.stored?.(report) ?? report, index);
      // Awaited: a slow output slows the scan; a failing one (a closed pipe, a full disk) stops it.
      await sink.write(report, index);
    }
    completed = true;
  } catch (error) {
    // The reader went away (`plesio scan … | head`): stop quietly, as a tool killed by SIGPIPE would.
    if (hasErrno(error, 'EPIPE')) return 128 + constants.signals.SIGPIPE;
    if (hasErrno(error)) throw new UsageError(`cannot write the reports to ${flags.output ?? 'stdout'}: ${(error as Error).message}`, { cause: error });
    throw error;
  } finally {
    // An interrupted run stays unfinished in the store: diff then knows it is incomplete.
    if (completed && io.interrupt?.aborted !== true) store?.finish();
    store?.close();
    progress.stop();
    // As `ssh` warns "Permanently added…" (and `ssh -q` does not): after the bar, which a line would break.
    if (flags.quiet !== true) for (const added of addedKeys) io.stderr.write(`${hostKeyNotice(added)}\n`);
    // Finished hosts are written even when the scan was interrupted or the output broke.
    await sink.end().catch(() => undefined);
    await output.close().catch(() => undefined);
    await trace?.close();
  }

  const elapsed = formatDuration(performance.now() - started);
  const counts = `${tally.ok} ok, ${tally.partial} partial, ${tally.failed} failed`;
  if (io.interrupt?.aborted === true) {
    // Said even with --quiet: it explains the missing hosts and the exit status.
    const signal = String(io.interrupt?.reason ?? 'SIGINT');
    io.stderr.write(`plesio: interrupted by ${signal} after ${elapsed}: ${counts}; ${plans.length - reported} of ${plans.length} hosts were not scanned\n`);
    return 128 + (constants.signals[signal as NodeJS.Signals] ?? 2);
  }
  if (flags.quiet !== true) {
    const hosts = `${plans.length} host${plans.length === 1 ? '' : 's'}`;
    io.stderr.write(`plesio: ${wording.verb} ${wording.object === undefined ? hosts : `${wording.object} on ${hosts}`} in ${elapsed}: ${counts}\n`);
    for (const { host, error } of tally.failures) {
      // Most messages already start with the host; say it once.
      const reason = error?.message.startsWith(`${host}: `) ? error.message.slice(host.length + 2) : error?.message;
      io.stderr.write(`  ${host}: ${error?.code}: ${reason}\n`);
    }
    if (tally.failed > tally.failures.length) io.stderr.write(`  … and ${tally.failed - tally.failures.length} more failed hosts (see the output)\n`);
    if (unpipelined.length > 0) {
      // Slower hosts, not failed ones: worth a line, so an operator knows where the time went.
      const names = unpipelined.slice(0, 10).join(', ') + (unpipelined.length > 10 ? `, … (${unpipelined.length - 10} more)` : '');
      io.stderr.write(`plesio: ${unpipelined.length} host${unpipelined.length === 1 ? '' : 's'} ran one channel per command, pipelined sessions being unavailable there (NODE_DEBUG=plesio says why): ${names}\n`);
    }
  }
  return tally.failed > 0 ? 2 : 0;
}

/**
 * `plesio scan --redis URL`: plans the hosts here, then enqueues one job per host for the workers.
 * Identity and known_hosts paths are the workers' (they are not checked here), and no secret is read.
 */
async function runQueuedScan(targets: string[], flags: ScanFlags, io: CliIO): Promise<number> {
  const local: ScanFlags = { ...flags, knownHosts: undefined };
  // The identity files named here are paths on the workers: plan with them, but do not read them.
  const { plans, facts, plugins, connect } = await prepareScan(targets, { ...local, identity: undefined });
  const identity = flags.identity ?? [];
  const withKeys = identity.length === 0 ? plans : plans.map((p) => (p.kind === 'ssh' ? { ...p, identityFiles: [...identity, ...p.identityFiles.filter((f) => !identity.includes(f))] } : p));
  return scanThroughQueue(withKeys, {
    sudo: flags.sudo === true,
    ...(facts !== undefined && { facts }),
    ...(plugins !== undefined && { plugins: plugins.refs }),
    ...(flags.localFactsExec === true && { localFactsExec: true }),
    ...(connect.commandTimeoutMs !== undefined && { commandTimeoutMs: connect.commandTimeoutMs }),
    ...(connect.connectTimeoutMs !== undefined && { connectTimeoutMs: connect.connectTimeoutMs }),
    ...(flags.hostKeyPolicy !== undefined && { hostKeyPolicy: flags.hostKeyPolicy }),
    ...(flags.knownHosts !== undefined && { knownHostsPath: flags.knownHosts }),
  }, flags as unknown as QueueScanFlags, io, plugins?.registry.names);
}
