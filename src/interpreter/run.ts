/** `run`: start a saga with the real interpreter and get its task. */
import type { Executor } from '../effects/command.js';
import type { Fn, Resolved } from '../effects/call.js';
import type { Task } from '../effects/task.js';
import { realClock, type Clock } from './clock.js';
import { RunEnv, type Interceptor } from './env.js';
import type { Monitor } from './monitor.js';
import { shareState, type PatchRecord, type Provenance } from './state.js';
import { fnName } from '../effects/describe.js';
import { TaskImpl, TaskKind } from './task.js';
import { toIterator } from './start.js';

/** Options of one run. All are optional. */
export interface RunOptions<S = any> {
  /** Runs the `exec` effects; without one, an `exec` fails with `NoExecutorError`. */
  executor?: Executor;
  /** The initial state `select` reads and `put` updates (default `{}`). */
  state?: S;
  /** Initial context values for `getContext`. */
  context?: Record<string, unknown>;
  /** Hooks on every task and effect (timelines, progress, traces). */
  monitor?: Monitor;
  /** Cancels the root task when aborted. */
  signal?: AbortSignal;
  /** The clock of `delay` and `retry` (the test kit has a manual one). */
  clock?: Clock;
  /** Keep the full log of state changes as immer patches (default false; `provenance()` is always kept). */
  patches?: boolean;
  /** Answers effects before they run (the test kit's providers). */
  intercept?: Interceptor;
  /**
   * Told of failures nobody else hears of, once each: a spawned task that fails while no `join` waits
   * for it (its failure reaches neither its parent nor the run's result), and the root's own failure
   * (which also rejects `toPromise()`). Errors a saga catches, from `call`, `retry`, `all`, `race` or
   * `join`, and those of forked tasks (which fail their parent), are never reported here.
   */
  onError?: (error: unknown, task: { id: number; name: string }) => void;
  /**
   * For sagas ported from redux-saga (default false): a yielded promise is waited for, a yielded
   * iterator runs as a called saga, and any other yielded value that is not an effect resumes the saga
   * as it is. By default each of these fails with `InvalidEffectError`, which catches a forgotten
   * `call()` at once. A redux-saga effect (from `redux-saga/effects`) is refused either way.
   */
  lenient?: boolean;
}

/** A run's root task, with the run's state. */
export interface RootTask<R, S = any> extends Task<R> {
  /** The current state; the final state once the task has ended. */
  state(): S;
  /** Who last wrote each top-level key of the state: the task, and the command (effect id and text) that caused it. */
  provenance(): Record<string, Provenance>;
  /** Every change `put` made, in order, as immer patches; empty unless the run had `patches: true`. */
  patches(): readonly PatchRecord[];
}

type SagaFn = Fn;

/**
 * Runs `saga(...args)`: returns its root task at once, after the saga ran up to its first
 * asynchronous effect.
 * @example
 * const task = run({ executor: localExecutor() }, scanHost);
 * const facts = await task.toPromise();
 * @example
 * const task = run(function* () { return yield* call(Math.max, 1, 2); });
 */
export function run<F extends SagaFn>(saga: F, ...args: Parameters<F>): RootTask<Resolved<ReturnType<F>>>;
export function run<F extends SagaFn, S = any>(options: RunOptions<S>, saga: F, ...args: Parameters<F>): RootTask<Resolved<ReturnType<F>>, S>;
export function run(first: RunOptions | SagaFn, ...rest: unknown[]): RootTask<unknown> {
  const options: RunOptions = typeof first === 'function' ? {} : first;
  const saga = (typeof first === 'function' ? first : rest.shift()) as SagaFn;
  if (typeof saga !== 'function') throw new TypeError(`run(options, saga, ...args): argument saga is not a function, received ${typeof saga}`);
  const env = new RunEnv(
    options.state === undefined ? {} : options.state,
    options.executor ?? null,
    options.clock ?? realClock,
    options.monitor ?? null,
    options.patches === true ? [] : null,
    options.intercept ?? null,
    options.onError ?? null,
    options.lenient === true,
  );
  const signal = options.signal;
  const abortedAlready = signal?.aborted === true;
  let gen: Iterator<unknown, unknown, unknown>;
  try {
    // Calling the saga function already runs a plain function's body: not when the run is cancelled.
    gen = abortedAlready ? nothing() : toIterator(null, saga, rest);
  } catch (e) {
    gen = failing(e);
  }
  const task = new TaskImpl(env, fnName(saga), gen, null, TaskKind.Root, null);
  if (options.context !== undefined) task.context = Object.assign(Object.create(null) as Record<string, unknown>, options.context);
  if (abortedAlready) {
    // Nothing of the saga runs: the run was cancelled before it started. The task still starts and ends
    // (as cancelled), so that a monitor sees every task it is told has ended.
    task.cancelRequested = true;
    task.start();
    return asRoot(task, env);
  }
  if (signal !== undefined) {
    // Listen before starting: the saga's synchronous first steps may abort the signal themselves.
    const onAbort = (): void => task.cancel();
    signal.addEventListener('abort', onAbort, { once: true });
    // The listener must not outlive the run: a long-lived signal would otherwise keep every task alive.
    task.onEnd(() => signal.removeEventListener('abort', onAbort));
  }
  task.start();
  return asRoot(task, env);
}

function asRoot(task: TaskImpl, env: RunEnv): RootTask<unknown> {
  const root = task as TaskImpl & Partial<RootTask<unknown>>;
  root.state = () => shareState(env);
  root.patches = () => env.patchLog ?? [];
  root.provenance = () => Object.fromEntries(env.provenance) as Record<string, Provenance>;
  return root as unknown as RootTask<unknown>;
}

// eslint-disable-next-line require-yield
function* nothing(): Generator<unknown, undefined, unknown> {
  return undefined;
}

// eslint-disable-next-line require-yield
function* failing(error: unknown): Generator<unknown, never, unknown> {
  throw error;
}
