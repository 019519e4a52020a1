/**
 * The fleet runner: scans hosts with bounded concurrency, hands each report on the moment its host
 * finishes, and stops cleanly. `--deadline` aborts what is running (those hosts report code `deadline`)
 * and reports the hosts never started as failed with the same code; an interrupt aborts what is running
 * and starts nothing more. One host's failure — even a bug — never stops the others.
 */
import { setMaxListeners } from 'node:events';
import type { HostReport } from '../hosts/report.js';
import { PlesioError } from '../errors.js';
import { formatDuration } from './numbers.js';

/** How to run a fleet. */
export interface FleetOptions<H> {
  readonly hosts: readonly H[];
  /** Hosts scanned at once. */
  readonly concurrency: number;
  /** Whole-run time limit in ms, or undefined for none. */
  readonly deadlineMs: number | undefined;
  /** Aborted on Ctrl-C: running scans are aborted, nothing more starts. */
  readonly interrupt: AbortSignal | undefined;
  /** The host's label, for the reports the runner writes itself. */
  label(host: H): string;
  /** Scans one host (`index` is its position in `hosts`); must honour `signal`. */
  scan(host: H, signal: AbortSignal, index: number): Promise<HostReport>;
  /** Receives each report as its host finishes; awaited, so a slow output slows the scan. */
  report(report: HostReport, index: number): Promise<void>;
}

/** What happened to the fleet as a whole. */
export interface FleetOutcome {
  /** Hosts that ended with status `failed` (the deadline's included). */
  failed: number;
  /** Hosts reported (every host unless interrupted). */
  reported: number;
  interrupted: boolean;
  deadlineReached: boolean;
}

/**
 * Runs the fleet; resolves once every started scan has ended and been reported.
 * @example
 * const outcome = await runFleet({ hosts, concurrency: 32, deadlineMs: undefined, interrupt, label: (h) => h.label, scan, report });
 */
export async function runFleet<H>(options: FleetOptions<H>): Promise<FleetOutcome> {
  const { hosts, interrupt } = options;
  const deadline = new AbortController();
  const deadlineError = options.deadlineMs === undefined ? undefined : new PlesioError('deadline', `the --deadline of ${formatDuration(options.deadlineMs)} passed`);
  const timer = deadlineError === undefined ? undefined : setTimeout(() => deadline.abort(deadlineError), options.deadlineMs);
  // A failing output (a closed pipe, a full disk) stops the scan too: its reports would be lost.
  const broken = new AbortController();
  let failure: unknown;
  const signal = AbortSignal.any([deadline.signal, broken.signal, ...(interrupt === undefined ? [] : [interrupt])]);
  // One listener per running host (see scanSafely) is expected, not a leak.
  setMaxListeners(options.concurrency + 10, signal);
  const outcome: FleetOutcome = { failed: 0, reported: 0, interrupted: false, deadlineReached: false };
  const deliver = async (report: HostReport, index: number): Promise<void> => {
    outcome.reported += 1;
    if (report.status === 'failed') outcome.failed += 1;
    await options.report(report, index);
  };
  let next = 0;
  const worker = async (): Promise<void> => {
    try {
      while (next < hosts.length && !signal.aborted) {
        const index = next++;
        await deliver(await scanSafely(options, hosts[index]!, signal, index), index);
      }
    } catch (error) {
      failure ??= error;
      broken.abort(error);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(options.concurrency, hosts.length) }, worker));
    if (failure !== undefined) throw failure;
    outcome.interrupted = interrupt?.aborted === true;
    outcome.deadlineReached = deadline.signal.aborted;
    // The deadline fails every host it kept from starting; an interrupt reports only what ran.
    if (!outcome.interrupted && outcome.deadlineReached) {
      for (; next < hosts.length; next++) {
        const label = options.label(hosts[next]!);
        await deliver(failedReport(label, 'deadline', `${label}: not scanned: ${deadlineError!.message} before its turn`), next);
      }
    }
  } finally {
    clearTimeout(timer);
  }
  return outcome;
}

/** A scan that cannot reject: a thrown error (a bug, an unreadable fixture) becomes the host's failure. */
async function scanSafely<H>(options: FleetOptions<H>, host: H, fleet: AbortSignal, index: number): Promise<HostReport> {
  const started = performance.now();
  // A signal per host, unlinked when the host is done: whatever a scan leaves listening on its signal
  // goes away with the host instead of piling up on the fleet's over 10,000 hosts.
  const own = new AbortController();
  const forward = (): void => own.abort(fleet.reason);
  fleet.addEventListener('abort', forward, { once: true });
  try {
    return await options.scan(host, own.signal, index);
  } catch (error) {
    const label = options.label(host);
    const code = error instanceof PlesioError ? error.code : 'internal';
    const message = error instanceof Error ? error.message : String(error);
    return failedReport(label, code, message.startsWith(`${label}:`) ? message : `${label}: ${message}`, performance.now() - started);
  } finally {
    fleet.removeEventListener('abort', forward);
  }
}

/** The report of a host that gathered nothing. */
export function failedReport(host: string, code: string, message: string, durationMs = 0): HostReport {
  return { host, status: 'failed', error: { code, message }, facts: {}, sources: {}, duration_ms: Math.round(durationMs) };
}
