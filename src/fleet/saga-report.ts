/**
 * One host's run of a saga of your own, made into a report the outputs, the store and diff take as
 * they take a scan's: the final state as facts, per-key failures under `errors`, sources, a status.
 */
import type { Fn, Resolved } from '../effects/call.js';
import type { Executor } from '../effects/command.js';
import { errorInfo, ScanCancelledError } from '../hosts/index.js';
import type { ErrorInfo } from '../hosts/report.js';
import { sourcesOf } from '../hosts/sources.js';
import type { Monitor } from '../interpreter/monitor.js';
import { run, type RootTask } from '../interpreter/run.js';
import type { SagaReport } from './options.js';

/** What one host's saga run is given. */
export interface SagaRun<F extends Fn> {
  readonly executor: Executor;
  /** The host's name in the report. */
  readonly host: string;
  readonly saga: F;
  readonly args: Parameters<F>;
  readonly state: Record<string, unknown>;
  readonly signal: AbortSignal;
  readonly monitor: Monitor | undefined;
}

/**
 * Runs `saga` against one host and reports it; never rejects for what the saga does.
 * @example
 * const report = await runSagaReport({ executor, host: 'web1', saga: uptime, args: [], state: {}, signal, monitor: undefined });
 */
export async function runSagaReport<F extends Fn>(options: SagaRun<F>): Promise<SagaReport<Resolved<ReturnType<F>>>> {
  const started = performance.now();
  const task = run({ executor: options.executor, state: options.state, signal: options.signal, ...(options.monitor !== undefined && { monitor: options.monitor }) }, options.saga, ...options.args);
  let thrown: { error: unknown } | undefined;
  try {
    await task.toPromise();
  } catch (error) {
    thrown = { error };
  }
  return sagaReport(options.host, task, thrown, options.signal, performance.now() - started);
}

function sagaReport<R>(host: string, task: RootTask<R>, thrown: { error: unknown } | undefined, signal: AbortSignal, durationMs: number): SagaReport<R> {
  const facts = { ...(task.state() as Record<string, unknown>) };
  // Sources a saga named itself (`sourcedFrom`) win over the last command of a put, as in a scan.
  const named = isRecord(facts['sources']) ? (facts['sources'] as Record<string, string>) : {};
  delete facts['sources'];
  const sources = sourcesOf(facts, named, task.provenance());
  let error: ErrorInfo | null = null;
  if (task.isCancelled()) {
    const atDeadline = (signal.reason as { code?: unknown } | undefined)?.code === 'deadline';
    error = errorInfo(new ScanCancelledError(host, atDeadline ? 'deadline' : 'cancelled'));
  } else if (thrown !== undefined) {
    error = errorInfo(thrown.error);
  }
  const failures = isRecord(facts['errors']) ? Object.keys(facts['errors']).length : 0;
  return {
    host,
    status: error !== null ? 'failed' : failures > 0 ? 'partial' : 'ok',
    error,
    facts,
    sources,
    duration_ms: Math.round(durationMs),
    result: task.result(),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
