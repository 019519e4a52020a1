/**
 * A gatherer: the saga behind one or more facts, the keys it writes and the commands it may run.
 * `gather` runs one and merges its facts into the state, or records its error under `errors`.
 */
import { put } from '../effects/state.js';
import type { Saga } from '../effects/effect.js';
import type { Task } from '../effects/task.js';
import type { ParserSpec } from './fact.js';
import { errorInfo, type Outcome, type ProbeOptions } from './probe.js';

/** Probes several gatherers share, started once (e.g. `dmidecode` for hardware and memory). */
export interface Shared {
  readonly [name: string]: Task<Outcome<unknown>> | undefined;
}

/** One fact source of a scan. */
export interface Gatherer {
  /** The name its errors are reported under (usually its main fact key). */
  readonly name: string;
  /** The fact keys it writes; `--facts` selects gatherers by these. */
  readonly keys: readonly string[];
  /** Every command it may run, for `plesio facts --list`. */
  readonly specs: readonly ParserSpec[];
  readonly saga: (options: ProbeOptions, shared: Shared) => Saga<Record<string, unknown>>;
}

/**
 * Runs a gatherer and puts its facts; a failure becomes `errors[name]` and every other fact stays.
 * @example
 * yield all(gatherers.map((g) => call(gather, g, options, shared)));
 */
export function* gather(gatherer: Gatherer, options: ProbeOptions, shared: Shared): Saga<void> {
  let facts: Record<string, unknown>;
  try {
    facts = yield* gatherer.saga(options, shared);
  } catch (error) {
    const info = errorInfo(error);
    yield put((draft: { errors?: Record<string, unknown> }) => {
      draft.errors = { ...draft.errors, [gatherer.name]: info };
    });
    return;
  }
  yield put(facts);
}

/** The gatherers that write at least one of `keys` (all of them when `keys` is undefined). */
export function selectGatherers(gatherers: readonly Gatherer[], keys: readonly string[] | undefined): Gatherer[] {
  if (keys === undefined) return [...gatherers];
  return gatherers.filter((g) => g.keys.some((k) => keys.includes(k)));
}
