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
import { linuxGatherers } from './linux/scan.js';
import { sunosGatherers, sunosVirtualization } from './sunos/scan.js';
import { commonUname } from './common/uname.js';
import type { Gatherer } from './gatherer.js';

/** How to scan one host. */
export interface ScanOptions {
  /** The executor connected (or connecting lazily) to the host. */
  executor: Executor;
  /** The label of the host in the report (default `executor.host`). */
  host?: string;
  /** Only these facts (names as `plesio facts --list` shows); only their commands run. */
  facts?: readonly string[];
  /** Allow `sudo -n` for facts that need root. */
  sudo?: boolean;
  /** Per-command timeout in ms (default 30 000; filesystems are capped lower so a stale NFS mount cannot hang a scan). */
  commandTimeoutMs?: number;
  /** Cancels the scan: running commands are aborted; the facts gathered so far are reported. */
  signal?: AbortSignal;
  /** Observes the scan's tasks and effects (progress, traces). */
  monitor?: Monitor;
}

/** A fact plesio can gather, for `plesio facts --list`. */
export interface FactInfo {
  readonly name: string;
  readonly os: readonly ('linux' | 'sunos' | 'any')[];
  readonly commands: readonly string[];
  readonly needsRoot: boolean;
  readonly description: string;
}

/** A fact name given to `--facts` that no gatherer writes. */
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

/** Every fact, its commands per OS, and whether any of them needs root. */
export const factCatalog: readonly FactInfo[] = buildCatalog();

function buildCatalog(): FactInfo[] {
  const byKey = new Map<string, { os: Set<'linux' | 'sunos' | 'any'>; commands: string[]; needsRoot: boolean; description: string[] }>();
  const add = (os: 'linux' | 'sunos' | 'any', g: Gatherer): void => {
    for (const key of g.keys) {
      const e = byKey.get(key) ?? { os: new Set(), commands: [], needsRoot: false, description: [] };
      e.os.add(os);
      for (const s of g.specs) {
        if (!e.commands.includes(s.command)) e.commands.push(s.command);
        if (!e.description.includes(s.description)) e.description.push(s.description);
        if (s.needsRoot === true) e.needsRoot = true;
      }
      byKey.set(key, e);
    }
  };
  add('any', { name: 'uname', keys: ['uname', 'kernel', 'architecture'], specs: [commonUname], saga: null as never });
  for (const g of linuxGatherers) add('linux', g);
  for (const g of [...sunosGatherers, sunosVirtualization]) add('sunos', g);
  return [...byKey].map(([name, e]) => ({ name, os: [...e.os], commands: e.commands, needsRoot: e.needsRoot, description: e.description[0] ?? '' }));
}

/**
 * Scans one host and reports what it found. Never rejects for a host problem: a failure is in the
 * report (`status: 'failed'`, `error`), next to the facts gathered before it.
 * @example
 * const report = await scanHost({ executor: localExecutor() });
 * console.log(report.facts.hostid);
 */
export async function scanHost(options: ScanOptions): Promise<HostReport> {
  const host = options.host ?? options.executor.host;
  if (options.facts !== undefined) {
    const known = factCatalog.map((f) => f.name);
    for (const f of options.facts) if (!known.includes(f)) throw new UnknownFactError(f, known);
  }
  const started = performance.now();
  const task = run({
    executor: options.executor,
    state: {},
    ...(options.monitor !== undefined && { monitor: options.monitor }),
    ...(options.signal !== undefined && { signal: options.signal }),
  }, scanHostSaga, {
    sudo: options.sudo === true,
    timeoutMs: options.commandTimeoutMs ?? DEFAULT_TIMEOUT_MS,
    facts: options.facts,
  });
  let runError: unknown;
  try {
    await task.toPromise();
  } catch (error) {
    runError = error;
  }
  const state = { ...(task.state() as Record<string, unknown>) };
  const factErrors = (state['errors'] ?? {}) as Record<string, ErrorInfo>;
  let error: ErrorInfo | null = null;
  if (task.isCancelled()) {
    const reason = options.signal?.reason;
    error = errorInfo(new ScanCancelledError(host, reason instanceof Error && (reason as { code?: string }).code === 'deadline' ? 'deadline' : String(reason === 'deadline' ? 'deadline' : 'cancelled')));
  } else if (runError !== undefined) {
    // Only `uname` runs outside a gatherer: its failure means the host could not be scanned.
    error = errorInfo(runError);
  } else {
    const hostLevel = Object.values(factErrors).find((e) => isHostErrorCode(e.code));
    if (hostLevel !== undefined) error = hostLevel;
  }
  if (typeof state['unsupported_os'] !== 'undefined' && error === null) {
    factErrors['os'] = { code: 'unsupported-os', message: `${String(state['unsupported_os'])} is not supported: only uname was gathered` };
  }
  // `sources` names the command of facts whose gatherer ran several at once (see `sourcedFrom`).
  const namedSources = (state['sources'] ?? {}) as Record<string, string>;
  delete state['errors'];
  delete state['sources'];
  // Facts in catalog order (uname first, as the original printed them), whatever order they arrived in.
  const facts: Record<string, unknown> = {};
  for (const f of factCatalog) if (f.name in state) facts[f.name] = state[f.name];
  for (const [k, v] of Object.entries(state)) if (!(k in facts)) facts[k] = v;
  if (Object.keys(factErrors).length > 0) facts['errors'] = factErrors;
  const sources: Record<string, string> = {};
  for (const [key, who] of Object.entries(task.provenance())) {
    if (key in facts && key !== 'errors') {
      const command = namedSources[key] ?? who.cause?.command;
      if (command !== undefined) sources[key] = command;
    }
  }
  return {
    host,
    status: error !== null ? 'failed' : Object.keys(factErrors).length > 0 ? 'partial' : 'ok',
    error,
    facts,
    sources,
    duration_ms: Math.round(performance.now() - started),
  };
}

function isHostErrorCode(code: string): boolean {
  return isHostError(Object.assign(new PlesioError(code, ''), {}));
}
