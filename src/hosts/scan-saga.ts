/**
 * The host scan saga, shaped like the 2009 scanner: run `uname`, branch on the system, then gather its
 * facts — the built-in plugins' and the user's — side by side. With a per-command latency L the scan
 * takes about three round trips (uname, the facts, their fallbacks), not one per command.
 */
import { call } from '../effects/call.js';
import { put, select } from '../effects/state.js';
import type { Saga } from '../effects/effect.js';
import { factRegistry } from './builtins.js';
import type { FactContext } from './define-fact.js';
import { gatherFacts, putFact } from './gather.js';
import { familyOf } from './os-family.js';
import type { ProbeOptions } from './probe.js';
import type { FactRegistry } from './registry.js';

/** What the scan saga is asked to do. */
export interface ScanSagaOptions extends ProbeOptions {
  /** Only the facts writing these keys (and the facts they need); all but the opt-in ones when undefined. */
  readonly facts?: readonly string[] | undefined;
  /** The plugins' facts; the built-in ones when undefined (see `factRegistry`). */
  readonly registry?: FactRegistry | undefined;
}

/** The operating system the scan branches on: the first word of `uname -a`, as in the original. */
export function osOf(state: { uname?: string }): string | undefined {
  return state.uname?.split(/\s+/)[0];
}

/**
 * Scans one host: the facts land in the run's state, failures under `errors`. Run it through `scanHost`,
 * or on a `memoExecutor`, so that a command several facts read runs once.
 * @example
 * const task = run({ executor: memoExecutor(executor), state: {} }, scanHostSaga, { sudo: false, timeoutMs: 30_000 });
 */
export function* scanHostSaga(options: ScanSagaOptions): Saga<void> {
  const registry = options.registry ?? factRegistry();
  // uname first, on any system: the scan branches on it, and a host that cannot answer it has failed.
  const uname = registry.uname;
  yield* putFact(uname, yield* uname.fact.saga(beforeTheSystem(options)));

  const name = yield* select(osOf);
  const os = familyOf(name);
  if (os === undefined || !registry.supports(os)) yield put({ unsupported_os: name ?? null });
  if (os === undefined) return;
  // Plugins may still have facts for a system plesio's own facts do not cover.
  const plan = registry.plan(os, options.facts);
  if (plan.length > 0) yield call(gatherFacts, plan, { os, sudo: options.sudo, timeoutMs: options.timeoutMs });
}

/** The context of `uname`, which runs before the system is known. */
function beforeTheSystem(options: ProbeOptions): FactContext {
  return {
    sudo: options.sudo,
    timeoutMs: options.timeoutMs,
    get os(): never { throw new TypeError('uname runs before the system is known: its context has no os'); },
  };
}
