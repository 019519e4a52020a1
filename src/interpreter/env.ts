/** The environment one `run` shares among its tasks: state, executor, clock, monitor, id counters. */
import type { Executor } from '../effects/command.js';
import type { AnyEffect } from '../effects/effect.js';
import type { Clock } from './clock.js';
import type { Monitor } from './monitor.js';
import type { PatchRecord, Provenance } from './state.js';

/** What an interceptor returns to answer an effect itself: a value (awaited if a promise) or an error. */
export type Provided = { readonly value: unknown } | { readonly error: unknown };

/** Answers some effects before the interpreter runs them (the test kit's providers); `undefined` lets it run. */
export type Interceptor = (effect: AnyEffect, taskId: number) => Provided | undefined;

/** Shared by every task of one run. */
export class RunEnv {
  state: unknown;
  /** The state object has been given out (select, task.state(), the initial state): copy before a merge. */
  stateShared = true;
  nextTaskId = 1;
  nextEffectId = 1;
  /** Who last wrote each top-level key of the state. */
  readonly provenance = new Map<string, Provenance>();
  /** How many ended tasks are telling their observers, one inside another (see TaskImpl.tellEnded). */
  endDepth = 0;
  /** Ended tasks whose observers wait for the stack to unwind: a long chain of joins would overflow it. */
  readonly deferredEnds: Array<{ tellEnded(): void }> = [];
  constructor(
    state: unknown,
    readonly executor: Executor | null,
    readonly clock: Clock,
    readonly monitor: Monitor | null,
    readonly patchLog: PatchRecord[] | null,
    readonly intercept: Interceptor | null,
    /** Told of the root's failure, and of a spawned task's failure nobody waits for (see RunOptions.onError). */
    readonly onError: ((error: unknown, task: { id: number; name: string }) => void) | null = null,
    /** Yielded promises, iterators and plain values are resolved as redux-saga does (see RunOptions.lenient). */
    readonly lenient = false,
  ) {
    this.state = state;
  }
}
