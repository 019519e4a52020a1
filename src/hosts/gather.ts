/**
 * The fact runner. `gatherFacts` forks every planned fact at once; a fact that `needs` others first
 * waits for their tasks (starting its own commands meanwhile). Each fact's failure — a command, a
 * parser, a timeout, a bug in a plugin — lands under `errors[name]` and spoils no other fact.
 */
import { call } from '../effects/call.js';
import { race } from '../effects/combinators.js';
import { exec } from '../effects/exec.js';
import { fork } from '../effects/fork.js';
import { put } from '../effects/state.js';
import { join } from '../effects/task-control.js';
import { delay } from '../effects/time.js';
import type { Saga } from '../effects/effect.js';
import type { Task } from '../effects/task.js';
import { PlesioError } from '../errors.js';
import { isSourced, type CommandSpec, type Fact, type FactContext } from './define-fact.js';
import { keysOf } from './plugin.js';
import { errorInfo } from './probe.js';
import type { PlannedFact } from './registry.js';
import type { ErrorInfo } from './report.js';

/** A fact ran past its own `timeoutMs`. */
export class FactTimeoutError extends PlesioError {
  constructor(fact: string, timeoutMs: number) {
    super('timeout', `fact ${JSON.stringify(fact)} took longer than its ${timeoutMs} ms`);
  }
}

/** A plugin's fact failed with something else than a `PlesioError` (a bug, not a host's answer). */
export class PluginFactError extends PlesioError {
  constructor(plugin: string, fact: string, message: string, cause?: unknown) {
    super('plugin-error', `plugin ${JSON.stringify(plugin)}, fact ${JSON.stringify(fact)}: ${message}`, { cause });
  }
}

/**
 * Gathers the planned facts side by side, each in a task of its own, and ends when all have.
 * Run it under a `memoExecutor` (as `scanHost` does), so a command several facts read runs once.
 * @example
 * yield* gatherFacts(registry.plan('linux'), { os: 'linux', sudo: false, timeoutMs: 30_000 });
 */
export function* gatherFacts(plan: readonly PlannedFact[], ctx: FactContext): Saga<void> {
  const writers = new Map<string, Task<void>>();
  for (const planned of plan) {
    const after = [...new Set(planned.fact.needs.map((n) => writers.get(n)).filter((t) => t !== undefined))];
    const task = yield* fork(gatherFact, planned, ctx, after);
    for (const key of keysOf(planned.fact)) writers.set(key, task);
  }
}

/**
 * Gathers one fact: waits for the tasks of the facts it needs, runs its saga within its `timeoutMs`,
 * and puts its value — or its error under `errors`. Never throws.
 */
export function* gatherFact(planned: PlannedFact, ctx: FactContext, after: readonly Task<void>[] = []): Saga<void> {
  const { fact, plugin } = planned;
  const limit = fact.timeoutMs;
  const own = limit !== undefined && limit < ctx.timeoutMs ? { ...ctx, timeoutMs: limit } : ctx;
  let out: unknown;
  try {
    if (after.length > 0) {
      // Its commands start now, so waiting for the facts it reads costs no round trip (the executor
      // of a scan runs each command once: the saga's own exec later gets this run's result). Its
      // fallbacks wait: they run only where the commands before them fail.
      for (const c of fact.commands) if (!c.fallback) yield* fork(prefetch, c, own);
      yield* join(after);
    }
    // A command fact's one command gets the limit as its own timeout, which runs from when it starts on
    // the host: waiting to start (a busy fleet's pacing, a slow login shell) says nothing about the fact.
    // A saga fact may wait on anything: the limit bounds the whole saga.
    if (limit === undefined || fact.kind === 'command') {
      out = yield* call(fact.saga, own);
    } else {
      const r = yield* race({ out: call(fact.saga, own), timeout: delay(limit) });
      if (r.timeout === true) throw new FactTimeoutError(fact.name, limit);
      out = r.out;
    }
    yield* putFact(planned, out);
  } catch (error) {
    const info = failureOf(error, plugin, fact);
    yield put((draft: { errors?: Record<string, ErrorInfo> }) => { draft.errors = { ...draft.errors, [fact.name]: info }; });
  }
}

/**
 * Puts what a fact's saga returned: its value under its name, or (a fact with keys) each key of the
 * object it returned; with its source when it came as `sourcedFrom`. Nothing when it returned nothing.
 */
export function* putFact(planned: PlannedFact, out: unknown): Saga<void> {
  const { fact, plugin } = planned;
  const source = isSourced(out) ? out.command : undefined;
  const value = isSourced(out) ? out.value : out;
  if (value === undefined) return;
  const facts = Object.keys(fact.keys).length === 0 ? { [fact.name]: value } : keyed(value, plugin, fact);
  if (source === undefined) {
    yield put(facts);
    return;
  }
  // One put for the facts and their source: a sibling never sees one without the other.
  yield put((draft: Record<string, unknown> & { sources?: Record<string, string> }) => {
    Object.assign(draft, facts);
    draft.sources = { ...draft.sources, ...Object.fromEntries(Object.keys(facts).map((k) => [k, source])) };
  });
}

function keyed(value: unknown, plugin: string, fact: Fact): Record<string, unknown> {
  const allowed = keysOf(fact);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new PluginFactError(plugin, fact.name, `a fact with keys returns an object of them ({ ${allowed.join(', ')} }), not ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`);
  }
  const extra = Object.keys(value).find((k) => !allowed.includes(k));
  if (extra !== undefined) throw new PluginFactError(plugin, fact.name, `returned the key ${JSON.stringify(extra)}, which is not its name or one of its keys (${allowed.join(', ')})`);
  return { ...(value as Record<string, unknown>) };
}

// Errors of a saga's own making: a yield of something that is not an effect, a join of a task it
// cancelled itself (a cancel of the scan never reaches a fact's catch: its generator is closed).
const SAGA_BUGS: ReadonlySet<string> = new Set(['invalid-effect', 'cancelled']);

/** A `PlesioError` keeps its code (`parse`, `timeout`, `command-failed`...); anything else is the plugin's. */
function failureOf(error: unknown, plugin: string, fact: Fact): ErrorInfo {
  if (error instanceof PlesioError && !SAGA_BUGS.has(error.code)) return errorInfo(error);
  let what: string;
  try {
    what = error instanceof Error ? `${error.name}: ${error.message}` : `threw ${String(error)}`;
  } catch {
    what = 'threw a value that cannot be shown';
  }
  return errorInfo(new PluginFactError(plugin, fact.name, what, error));
}

function* prefetch(c: Required<CommandSpec>, ctx: FactContext): Saga<void> {
  try {
    yield* exec(c.command, { timeoutMs: ctx.timeoutMs, ...(c.needsRoot && ctx.sudo && { sudo: true }) });
  } catch {
    // The fact's own exec of this command gets the same outcome, and reports it.
  }
}
