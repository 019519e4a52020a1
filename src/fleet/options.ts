/** What a fleet run is told, and what it hands back for each host. */
import type { Executor } from '../effects/command.js';
import type { StartGate } from '../executors/start-gate.js';
import type { Plugin, PluginDefinition } from '../hosts/plugin.js';
import type { HostReport } from '../hosts/report.js';
import type { Monitor } from '../interpreter/monitor.js';
import type { PacingOptions } from './pacer.js';

/** A host of a fleet: its name, or anything with a `label` that names it in its report. */
export type FleetTarget = string | { readonly label: string };

/** What the fleet gives each host's executor factory besides the target. */
export interface ExecutorContext {
  /** The host's gate to the fleet's pacing (absent with `pacing: false`): give it to `sshExecutor` as `startGate`. */
  readonly startGate?: StartGate;
}

/**
 * Makes the executor of one host when the host's turn comes (never all at once, so a fleet of 10,000
 * holds only as many connections as it scans at a time). The fleet closes it once the host is done.
 * The fleet passes `context` (its pacing); other callers of a factory may leave it out.
 */
export type ExecutorFactory<T> = (target: T, context?: ExecutorContext) => Executor | Promise<Executor>;

/** The options every fleet run takes. */
export interface FleetOptionsBase<T> {
  /** Makes each host's executor, e.g. `(host) => sshExecutor(host)`. */
  readonly executor: ExecutorFactory<T>;
  /** Hosts run at once (default 32). */
  readonly concurrency?: number;
  /**
   * Pace the hosts' starts — connections, session shells, commands on channels of their own — by
   * their measured latency (see `StartPacer`): true (the default), your own settings, or false to start
   * everything at once. Only executors that take the factory's `startGate` are paced.
   */
  readonly pacing?: boolean | PacingOptions;
  /**
   * A time limit for the whole fleet, in ms: running hosts are aborted (their reports say code
   * `deadline`, with what they had gathered) and hosts not started yet are reported failed with it.
   */
  readonly deadlineMs?: number;
  /** Interrupts the fleet (Ctrl-C): running hosts are aborted and reported, no other host starts. */
  readonly signal?: AbortSignal;
  /** Observes the tasks and effects of one host's run (progress, traces). */
  readonly monitor?: (target: T, index: number) => Monitor | undefined;
}

/** A fleet scan of plesio's facts, as `plesio scan` runs it. */
export interface FactsFleetOptions<T> extends FleetOptionsBase<T> {
  readonly saga?: undefined;
  /** Only these facts (as `plesio facts --list` names them); only their commands run. */
  readonly facts?: readonly string[];
  /** Plugins whose facts are gathered with the built-in ones (see `definePlugin`). */
  readonly plugins?: readonly (Plugin | PluginDefinition)[];
  /** Allow `sudo -n` for the facts that need root. */
  readonly sudo?: boolean;
  /** Let the `local` fact run executable fact files on the hosts (default false: they are only named). */
  readonly localFactsExec?: boolean;
  /** Per-command timeout in ms (default 30 000). */
  readonly commandTimeoutMs?: number;
}

/**
 * A fleet run of a saga of your own on every host, called with `args`, returning `R`. (`A` may be `[]`
 * so that the array `args` returns is typed as the tuple of the saga's parameters.)
 */
export interface SagaFleetOptions<T, A extends unknown[] | [] = [], R = unknown> extends FleetOptionsBase<T> {
  /** Run on every host, with the host's executor behind its `exec` effects. */
  readonly saga: (...args: A) => R;
  /** The saga's arguments for one host (default none). */
  readonly args?: (target: T, index: number) => A;
  /** The initial state of one host's run (default `{}`). */
  readonly state?: (target: T, index: number) => Record<string, unknown>;
}

/**
 * The report of one host's saga run: its final state under `facts` (failures under `facts.errors`),
 * the command behind each top-level key under `sources`, and what the saga returned.
 */
export interface SagaReport<R = unknown> extends HostReport {
  /** The saga's return value; undefined when it failed or was cancelled. */
  readonly result: R | undefined;
}

/** One host's outcome, handed on the moment the host is done. */
export interface FleetResult<T, Report = HostReport> {
  readonly target: T;
  /** The host's position in the targets. */
  readonly index: number;
  readonly report: Report;
  /**
   * What the host's run threw, when the fleet wrote `report` from it: the executor could not be made
   * or closed, a fact name is unknown, a bug. A host's own failure (unreachable, auth) is a report.
   */
  readonly thrown?: unknown;
}
