/**
 * `scanHost`: run the host scan saga against one executor and turn the run into a `HostReport` —
 * facts, per-fact errors, the command behind each fact, and the host's own error if it failed.
 */
import type { Executor } from '../effects/command.js';
import type { Monitor } from '../interpreter/monitor.js';
import { run } from '../interpreter/run.js';
import { PlesioError } from '../errors.js';
import type { ErrorInfo, HostReport } from './report.js';
import { scanHostSaga } from './scan-saga.js';
import { errorInfo, isHostError } from './probe.js';
import { factRegistry } from './builtins.js';
import type { FactInfo } from './catalog.js';
import { memoExecutor } from './memo-executor.js';
import { sourcesOf } from './sources.js';
import type { Provenance } from '../interpreter/state.js';
import type { Plugin, PluginDefinition } from './plugin.js';
import { LOCAL_FACTS_EXEC } from './local/saga.js';
import { DEFAULT_FACTS, SCAN_KEYS, type FactRegistry } from './registry.js';

export type { FactInfo, FactSource } from './catalog.js';

/** How to scan one host. */
export interface ScanOptions {
  /** The executor connected (or connecting lazily) to the host. */
  executor: Executor;
  /** The label of the host in the report (default `executor.host`). */
  host?: string;
  /** Only these facts (names as `plesio facts --list` shows); only their commands run. `default` in the list adds every fact gathered by default. */
  facts?: readonly string[];
  /** User plugins, gathered with the built-in facts (a fact of a built-in's name replaces it). */
  plugins?: readonly (Plugin | PluginDefinition)[];
  /** Allow `sudo -n` for facts that need root. */
  sudo?: boolean;
  /** Let the `local` fact run executable fact files on the host (default false: they are only named). */
  localFactsExec?: boolean;
  /** Per-command timeout in ms (default 30 000; filesystems are capped lower so a stale NFS mount cannot hang a scan). */
  commandTimeoutMs?: number;
  /** Cancels the scan: running commands are aborted; the facts gathered so far are reported. */
  signal?: AbortSignal;
  /** Observes the scan's tasks and effects (progress, traces). */
  monitor?: Monitor;
}

/** A fact name given to `--facts` that no plugin writes. */
export class UnknownFactError extends PlesioError {
  constructor(name: string, known: readonly string[]) {
    super('unknown-fact', `unknown fact ${JSON.stringify(name)}; known facts: ${known.join(', ')}`);
  }
}

/** The scan was cancelled (Ctrl-C, a deadline) before it ended. */
export class ScanCancelledError extends PlesioError {
  constructor(host: string, reason: string) {
    super(reason === 'deadline' ? 'deadline' : 'cancelled', `${host}: scan ${reason === 'deadline' ? 'stopped at the deadline' : 'cancelled'}`, { host });
  }
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** Every built-in fact key: its plugins, systems, commands and whether they need root. */
export const factCatalog: readonly FactInfo[] = factRegistry().catalog();

/**
 * Scans one host and reports what it found. Never rejects for a host problem: a failure is in the
 * report (`status: 'failed'`, `error`), next to the facts gathered before it. Rejects only for bad
 * arguments: an unknown fact name, a bad plugin.
 * @example
 * const report = await scanHost({ executor: localExecutor(), plugins: [acme] });
 * console.log(report.facts.hostid, report.facts.timezone);
 */
export async function scanHost(options: ScanOptions): Promise<HostReport> {
  const host = options.host ?? options.executor.host;
  const registry = factRegistry(options.plugins ?? []);
  if (options.facts !== undefined) {
    for (const f of options.facts) if (f !== DEFAULT_FACTS && !registry.names.includes(f)) throw new UnknownFactError(f, registry.names);
  }
  const started = performance.now();
  const task = run({
    // Each command at most once per scan, whichever facts read it.
    executor: memoExecutor(options.executor),
    state: {},
    ...(options.localFactsExec === true && { context: { [LOCAL_FACTS_EXEC]: true } }),
    ...(options.monitor !== undefined && { monitor: options.monitor }),
    ...(options.signal !== undefined && { signal: options.signal }),
  }, scanHostSaga, {
    sudo: options.sudo === true,
    timeoutMs: options.commandTimeoutMs ?? DEFAULT_TIMEOUT_MS,
    facts: options.facts,
    registry,
  });
  let runError: unknown;
  try {
    await task.toPromise();
  } catch (error) {
    runError = error;
  }
  // A scan that ended synchronously after the deadline (a long parse holds the event loop, and the
  // deadline's timer with it) still ran past it: let due timers fire before deciding (issue 13, item 5).
  if (options.signal !== undefined && !options.signal.aborted) await new Promise((resolve) => setTimeout(resolve, 0));
  return report(host, task.state() as Record<string, unknown>, task.provenance(), {
    cancelled: task.isCancelled() || options.signal?.aborted === true,
    reason: options.signal?.reason,
    runError,
    registry,
    started,
  });
}

interface Ending {
  readonly cancelled: boolean;
  readonly reason: unknown;
  readonly runError: unknown;
  readonly registry: FactRegistry;
  readonly started: number;
}

function report(host: string, finalState: Record<string, unknown>, provenance: Record<string, Provenance>, end: Ending): HostReport {
  const state = { ...finalState };
  const factErrors = { ...(state['errors'] ?? {}) } as Record<string, ErrorInfo>;
  let error: ErrorInfo | null = null;
  if (end.cancelled) {
    const reason = end.reason as { code?: unknown } | string | undefined;
    const deadline = reason === 'deadline' || (reason instanceof Error && (reason as { code?: unknown }).code === 'deadline');
    error = errorInfo(new ScanCancelledError(host, deadline ? 'deadline' : 'cancelled'));
  } else if (end.runError !== undefined) {
    // Only `uname` runs outside the fact runner: its failure means the host could not be scanned.
    error = errorInfo(end.runError);
  } else {
    const hostLevel = Object.values(factErrors).find((e) => isHostErrorCode(e.code));
    if (hostLevel !== undefined) error = hostLevel;
  }
  if (typeof state['unsupported_os'] !== 'undefined' && error === null) {
    const more = Object.keys(state).some((k) => !SCAN_KEYS.includes(k) && k !== 'unsupported_os' && k !== 'errors' && k !== 'sources');
    factErrors['os'] = { code: 'unsupported-os', message: `${String(state['unsupported_os'])} is not supported: only uname${more ? ' and plugin facts were' : ' was'} gathered` };
  }
  // `sources` names the command of facts whose saga ran several at once (see `sourcedFrom`).
  const namedSources = (state['sources'] ?? {}) as Record<string, string>;
  delete state['errors'];
  delete state['sources'];
  // Facts in registry order (uname first, as the original printed them), whatever order they arrived in.
  const facts: Record<string, unknown> = {};
  for (const name of end.registry.names) if (name in state) facts[name] = state[name];
  for (const [k, v] of Object.entries(state)) if (!(k in facts)) facts[k] = v;
  if (Object.keys(factErrors).length > 0) facts['errors'] = factErrors;
  const sources = sourcesOf(facts, namedSources, provenance);
  return {
    host,
    status: error !== null ? 'failed' : Object.keys(factErrors).length > 0 ? 'partial' : 'ok',
    error,
    facts,
    sources,
    duration_ms: Math.round(performance.now() - end.started),
  };
}

function isHostErrorCode(code: string): boolean {
  return isHostError(Object.assign(new PlesioError(code, ''), {}));
}
