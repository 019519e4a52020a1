/**
 * The host scan saga, shaped like the 2009 scanner: run `uname`, branch on the OS, then gather. The
 * gatherers of one OS run side by side (`all`), and commands several of them read start once, forked
 * before them, so with a per-command latency L the scan takes about three round trips (uname, the
 * facts, their fallbacks), not one per command.
 */
import { all } from '../effects/combinators.js';
import { call } from '../effects/call.js';
import { put, select } from '../effects/state.js';
import type { Saga } from '../effects/effect.js';
import { commonUname } from './common/uname.js';
import { gather, selectGatherers, type Gatherer, type Shared } from './gatherer.js';
import { linuxGatherers, startLinuxShared } from './linux/scan.js';
import { startSunosShared, sunosGatherers, sunosSelection, sunosVirtualization } from './sunos/scan.js';
import { probe, type ProbeOptions } from './probe.js';

/** What the scan saga is asked to do. */
export interface ScanSagaOptions extends ProbeOptions {
  /** Only gatherers writing these fact keys; all when undefined. */
  readonly facts?: readonly string[] | undefined;
}

/** The operating system the scan branches on: the first word of `uname -a`, as in the original. */
export function osOf(state: { uname?: string }): string | undefined {
  return state.uname?.split(/\s+/)[0];
}

/**
 * Scans one host: the facts land in the run's state, failures under `errors`.
 * @example
 * const task = run({ executor, state: {} }, scanHostSaga, { sudo: false, timeoutMs: 30_000 });
 */
export function* scanHostSaga(options: ScanSagaOptions): Saga<void> {
  const u = yield* probe(commonUname, options);
  yield put({ uname: u.uname, kernel: u.kernel_release, architecture: u.architecture });

  const os = yield* select(osOf);
  if (os === 'SunOS') {
    const keys = sunosSelection(options.facts);
    const gatherers = selectGatherers(sunosGatherers, keys);
    const after = selectGatherers([sunosVirtualization], keys);
    const shared = yield* startSunosShared(options, [...gatherers, ...after]);
    yield* gatherAll(gatherers, options, shared);
    // Virtualization reads the facts the others put; its own command started with them.
    if (after.length > 0) yield* gather(after[0]!, options, shared);
  } else if (os === 'Linux') {
    const gatherers = selectGatherers(linuxGatherers, options.facts);
    const shared = yield* startLinuxShared(options, gatherers.some((g) => g.specs.some((s) => s.needsRoot === true)));
    yield* gatherAll(gatherers, options, shared);
  } else {
    yield put({ unsupported_os: os ?? null });
  }
}

function* gatherAll(gatherers: readonly Gatherer[], options: ProbeOptions, shared: Shared): Saga<void> {
  // `gather` never throws (a failure becomes `errors[name]`), so `all` never cancels a sibling.
  yield* all(gatherers.map((g) => call(gather, g, options, shared)));
}
