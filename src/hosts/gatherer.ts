/**
 * A gatherer: the saga behind one or more facts, the keys it writes and the commands it may run.
 * `gather` runs one and merges its facts into the state, or records its error under `errors`; facts
 * marked with `sourcedFrom` also record their command under `sources`.
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
  readonly saga: (options: ProbeOptions, shared: Shared) => Saga<Record<string, unknown> | Sourced>;
}

/** Facts with the command they came from; see `sourcedFrom`. */
export class Sourced {
  constructor(readonly command: string, readonly facts: Record<string, unknown>) {}
}

/**
 * Names the command a gatherer's facts came from. A put is attributed to the command its task ran
 * last, so a gatherer that runs several commands side by side and keeps one answer must say which.
 * @example
 * return sourcedFrom(linuxMeminfo, { installed_memory_in_MB: mb, memory_source: 'meminfo' });
 */
export function sourcedFrom(spec: ParserSpec, facts: Record<string, unknown>): Sourced {
  return new Sourced(spec.command, facts);
}

/** The state keys `gather` writes besides facts: failures, and sources named with `sourcedFrom`. */
interface Bookkeeping {
  errors?: Record<string, unknown>;
  sources?: Record<string, string>;
}

/**
 * Runs a gatherer and puts its facts; a failure becomes `errors[name]` and every other fact stays.
 * @example
 * yield all(gatherers.map((g) => call(gather, g, options, shared)));
 */
export function* gather(gatherer: Gatherer, options: ProbeOptions, shared: Shared): Saga<void> {
  let out: Record<string, unknown> | Sourced;
  try {
    out = yield* gatherer.saga(options, shared);
  } catch (error) {
    const info = errorInfo(error);
    yield put((draft: Bookkeeping) => {
      draft.errors = { ...draft.errors, [gatherer.name]: info };
    });
    return;
  }
  if (!(out instanceof Sourced)) {
    yield put(out);
    return;
  }
  const { command, facts } = out;
  // One put for the facts and their source: a sibling gatherer never sees one without the other.
  yield put((draft: Bookkeeping & Record<string, unknown>) => {
    Object.assign(draft, facts);
    draft.sources = { ...draft.sources, ...Object.fromEntries(Object.keys(facts).map((key) => [key, command])) };
  });
}

/** The gatherers that write at least one of `keys` (all of them when `keys` is undefined). */
export function selectGatherers(gatherers: readonly Gatherer[], keys: readonly string[] | undefined): Gatherer[] {
  if (keys === undefined) return [...gatherers];
  return gatherers.filter((g) => g.keys.some((k) => keys.includes(k)));
}
