/**
 * The fleet runner: runs every host with bounded concurrency and hands each host's report on the
 * moment the host is done, in completion order. The deadline aborts the running hosts and fails the
 * ones not started; an interrupt aborts the running hosts and starts nothing more. One host's failure,
 * even a bug, never stops the others; each host has a signal of its own, unlinked when it is done.
 */
import { setMaxListeners } from 'node:events';
import type { Resolved } from '../effects/call.js';
import type { Executor } from '../effects/command.js';
import { PlesioError } from '../errors.js';
import type { HostReport } from '../hosts/report.js';
import { scanHost } from '../hosts/scan.js';
import { formatDuration } from './duration.js';
import { Handoff } from './handoff.js';
import type { ExecutorContext, ExecutorFactory, FactsFleetOptions, FleetOptionsBase, FleetResult, FleetTarget, SagaFleetOptions, SagaReport } from './options.js';
import { StartPacer } from './pacer.js';
import { runSagaReport } from './saga-report.js';

const DEFAULT_CONCURRENCY = 32;

/**
 * Runs a fleet: plesio's fact scan on every host (`scanHost`), or a saga of your own with `saga`.
 * The results come in completion order; leaving the loop early aborts the hosts still running and
 * waits until their executors are closed.
 * @example
 * for await (const { report } of runFleet(['web1', 'db1'], { executor: (host) => sshExecutor(host), facts: ['os', 'cpu'] })) {
 *   console.log(report.host, report.status, report.facts.os);
 * }
 * @example
 * function* openssl() {
 *   const out = yield* exec('openssl version');
 *   return out.stdout.trim();
 * }
 * for await (const { report } of runFleet(hosts, { executor: (host) => sshExecutor(host), saga: openssl })) {
 *   console.log(report.host, report.result);
 * }
 */
export function runFleet<T extends FleetTarget, A extends unknown[] | [], R>(targets: readonly T[], options: SagaFleetOptions<T, A, R>): AsyncGenerator<FleetResult<T, SagaReport<Resolved<R>>>, void, undefined>;
export function runFleet<T extends FleetTarget>(targets: readonly T[], options: FactsFleetOptions<T>): AsyncGenerator<FleetResult<T, HostReport>, void, undefined>;
export function runFleet<T extends FleetTarget>(targets: readonly T[], options: FactsFleetOptions<T> | SagaFleetOptions<T, unknown[]>): AsyncGenerator<FleetResult<T, HostReport | SagaReport>, void, undefined> {
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`runFleet(targets, options): options.concurrency must be a whole number of at least 1, received ${String(concurrency)}`);
  if (options.deadlineMs !== undefined && !(options.deadlineMs > 0)) throw new RangeError(`runFleet(targets, options): options.deadlineMs must be a positive number of ms, received ${String(options.deadlineMs)}`);
  const { saga } = options as { saga?: unknown };
  if (saga !== undefined && typeof saga !== 'function') throw new TypeError(`runFleet(targets, options): options.saga is not a function, received ${typeof saga}`);
  const pacing = options.pacing ?? true;
  const pacer = pacing === false ? undefined : new StartPacer({ max: concurrency * 8, ...(pacing === true ? {} : pacing) });
  return schedule([...targets], concurrency, options, saga === undefined ? factsRunner(options as FactsFleetOptions<T>) : sagaRunner(options as SagaFleetOptions<T, unknown[]>), pacer);
}

/** How one host runs. */
interface HostRunner<T> {
  /** Runs one host to its report; may throw (the fleet then writes the host's report itself). */
  run(target: T, signal: AbortSignal, index: number, context: ExecutorContext): Promise<HostReport>;
  /** The report the fleet writes itself, for a host that threw or never started. */
  failed(report: HostReport): HostReport;
}

function factsRunner<T extends FleetTarget>(options: FactsFleetOptions<T>): HostRunner<T> {
  const run = (target: T, signal: AbortSignal, index: number, context: ExecutorContext): Promise<HostReport> => withExecutor(options.executor, target, context, (executor) => scanHost({
    executor,
    host: labelOf(target),
    signal,
    sudo: options.sudo === true,
    localFactsExec: options.localFactsExec === true,
    facts: options.facts,
    plugins: options.plugins,
    commandTimeoutMs: options.commandTimeoutMs,
    monitor: options.monitor?.(target, index),
  }));
  return { run, failed: (report) => report };
}

function sagaRunner<T extends FleetTarget>(options: SagaFleetOptions<T, unknown[]>): HostRunner<T> {
  const run = (target: T, signal: AbortSignal, index: number, context: ExecutorContext): Promise<SagaReport> => withExecutor(options.executor, target, context, (executor) => runSagaReport({
    executor,
    host: labelOf(target),
    saga: options.saga,
    args: options.args?.(target, index) ?? [],
    state: options.state?.(target, index) ?? {},
    signal,
    monitor: options.monitor?.(target, index),
  }));
  return { run, failed: (report): SagaReport => ({ ...report, result: undefined }) };
}

/** Makes the host's executor, runs `body` with it, and closes it (a recording is written on close). */
async function withExecutor<T, R>(make: ExecutorFactory<T>, target: T, context: ExecutorContext, body: (executor: Executor) => Promise<R>): Promise<R> {
  const executor = await make(target, context);
  try {
    return await body(executor);
  } finally {
    await executor.close();
  }
}

async function* schedule<T extends FleetTarget>(targets: readonly T[], concurrency: number, options: FleetOptionsBase<T>, runner: HostRunner<T>, pacer: StartPacer | undefined): AsyncGenerator<FleetResult<T, HostReport | SagaReport>, void, undefined> {
  const interrupt = options.signal;
  const deadline = new AbortController();
  const deadlineError = options.deadlineMs === undefined ? undefined : new PlesioError('deadline', `the deadline of ${formatDuration(options.deadlineMs)} passed`);
  const timer = deadlineError === undefined ? undefined : setTimeout(() => deadline.abort(deadlineError), options.deadlineMs);
  // The reader left the loop (a broken output, a break): what still runs is aborted.
  const left = new AbortController();
  const signal = AbortSignal.any([deadline.signal, left.signal, ...(interrupt === undefined ? [] : [interrupt])]);
  // One listener per running host (see runSafely) is expected, not a leak.
  setMaxListeners(concurrency + 10, signal);
  const results = new Handoff<FleetResult<T, HostReport | SagaReport>>();
  let next = 0;
  const slot = async (): Promise<void> => {
    while (next < targets.length && !signal.aborted) {
      const index = next++;
      // Gates are handed out in the order hosts start: the pacer lets earlier hosts go first.
      const context: ExecutorContext = pacer === undefined ? {} : { startGate: pacer.gate() };
      await results.put(await runSafely(runner, targets[index]!, index, signal, context));
    }
  };
  const slots = Promise.all(Array.from({ length: Math.min(concurrency, targets.length) }, slot)).then(() => results.end());
  let finished = false;
  try {
    for (let item = await results.take(); item !== undefined; item = await results.take()) {
      yield item.value;
      item.release();
    }
    // The deadline fails every host it kept from starting; an interrupt reports only what ran.
    if (interrupt?.aborted !== true && deadline.signal.aborted) {
      for (; next < targets.length; next++) {
        const label = labelOf(targets[next]!);
        yield { target: targets[next]!, index: next, report: runner.failed(failedReport(label, 'deadline', `${label}: not scanned: ${deadlineError!.message} before its turn`)) };
      }
    }
    finished = true;
  } finally {
    clearTimeout(timer);
    if (!finished) {
      left.abort(new PlesioError('cancelled', 'the fleet\'s results are no longer read'));
      results.drop();
    }
    // Every host's executor is closed before the loop over the results ends, however it ends.
    await slots;
  }
}

/** A host's run that cannot reject: what it throws becomes the host's failed report. */
async function runSafely<T extends FleetTarget>(runner: HostRunner<T>, target: T, index: number, fleet: AbortSignal, context: ExecutorContext): Promise<FleetResult<T, HostReport>> {
  const started = performance.now();
  // A signal per host, unlinked when the host is done: whatever a run leaves listening on its signal
  // goes away with the host instead of piling up on the fleet's over 10,000 hosts.
  const own = new AbortController();
  const forward = (): void => own.abort(fleet.reason);
  fleet.addEventListener('abort', forward, { once: true });
  try {
    return { target, index, report: await runner.run(target, own.signal, index, context) };
  } catch (thrown) {
    const label = labelOf(target);
    const code = thrown instanceof PlesioError ? thrown.code : 'internal';
    const message = thrown instanceof Error ? thrown.message : String(thrown);
    const report = failedReport(label, code, message.startsWith(`${label}:`) ? message : `${label}: ${message}`, performance.now() - started);
    return { target, index, report: runner.failed(report), thrown };
  } finally {
    fleet.removeEventListener('abort', forward);
  }
}

/** The name of a target in its report. */
function labelOf(target: FleetTarget): string {
  return typeof target === 'string' ? target : target.label;
}

/**
 * The report of a host that gathered nothing (a saga report's `result` is then undefined too).
 * @example
 * failedReport('web1', 'deadline', 'web1: not scanned: the deadline of 10 min passed before its turn');
 */
export function failedReport(host: string, code: string, message: string, durationMs = 0): HostReport {
  return { host, status: 'failed', error: { code, message }, facts: {}, sources: {}, duration_ms: Math.round(durationMs) };
}
