/**
 * The public face of a running saga, as `fork` returns it and `join`/`cancel` take it. The interpreter
 * implements it; effects only need its type.
 */

/** A running or finished saga. */
export interface Task<R = unknown> {
  readonly '@@plesio/task': true;
  /** Unique within a run, increasing in start order. */
  readonly id: number;
  /** The saga's function name. */
  readonly name: string;
  /** True until the task and all its attached forks have ended. */
  isRunning(): boolean;
  /** True when the task ended because it was cancelled. */
  isCancelled(): boolean;
  /** True when the task ended with an error (its own, or one of its attached forks'). */
  isAborted(): boolean;
  /** The return value, once the task ended successfully. */
  result(): R | undefined;
  /** The error, once the task failed. */
  error(): unknown;
  /** Settles with the result; rejects with the error, or with `TaskCancelledError` when cancelled. */
  toPromise(): Promise<R>;
  /** Cancels the task and every attached descendant; `finally` blocks run. No-op once ended. */
  cancel(): void;
}

/** Tells whether a value is a task handle. */
export function isTask(value: unknown): value is Task {
  return typeof value === 'object' && value !== null && (value as { '@@plesio/task'?: unknown })['@@plesio/task'] === true;
}
