/** `join`, `cancel` and `cancelled`: waiting for, stopping, and asking about tasks. */
import { Effect } from './effect.js';
import { isTask, type Task } from './task.js';

type Results<T extends readonly Task[]> = { -readonly [K in keyof T]: T[K] extends Task<infer R> ? R : never };

/** Descriptor of `join(task)` or `join([tasks])`. */
export class JoinEffect<R = unknown> extends Effect<R> {
  readonly type = 'join' as const;
  constructor(readonly task: Task | readonly Task[]) { super(); }
}

/**
 * Waits for a task (or every task of an array) and resumes with its result (or the array of results).
 * A failed task's error is thrown at the `yield`; a cancelled one throws `TaskCancelledError`.
 * @example
 * const [a, b] = yield* join([taskA, taskB]);
 */
export function join<R>(task: Task<R>): JoinEffect<R>;
export function join<T extends readonly Task[]>(tasks: readonly [...T]): JoinEffect<Results<T>>;
export function join(task: Task | readonly Task[]): JoinEffect<unknown> {
  if (Array.isArray(task)) {
    for (let i = 0; i < task.length; i++) {
      if (!isTask(task[i])) throw new TypeError(`join(tasks): tasks[${i}] is not a task`);
    }
  } else if (!isTask(task)) {
    throw new TypeError(`join(task): argument task is ${task === undefined ? 'undefined' : 'not a task'}`);
  }
  return new JoinEffect(task);
}

/** Descriptor of `cancel(task)` or `cancel([tasks])`; `task` is `'self'` to cancel the running task. */
export class CancelEffect extends Effect<void> {
  readonly type = 'cancel' as const;
  constructor(readonly task: Task | readonly Task[] | 'self') { super(); }
}

/**
 * Cancels a task, or every task of an array, in order (their `finally` blocks run, their descendants
 * are cancelled); without argument, the running task itself. Tasks that have ended are left alone.
 * @example
 * yield cancel(slowTask);
 * yield cancel([probeA, probeB]);
 */
export function cancel(task?: Task | readonly Task[]): CancelEffect {
  if (Array.isArray(task)) {
    for (let i = 0; i < task.length; i++) {
      if (!isTask(task[i])) throw new TypeError(`cancel(tasks): tasks[${i}] is not a task`);
    }
    return new CancelEffect(task as readonly Task[]);
  }
  if (task !== undefined && !isTask(task)) throw new TypeError('cancel(task): argument task is not a task');
  return new CancelEffect((task as Task | undefined) ?? 'self');
}

/** Descriptor of `cancelled()`. */
export class CancelledEffect extends Effect<boolean> {
  readonly type = 'cancelled' as const;
}

/**
 * Resumes with true when the running task is being cancelled: ask it in a `finally` block.
 * @example
 * try { yield* exec('sleep 10'); } finally { if (yield* cancelled()) yield put({ aborted: true }); }
 */
export function cancelled(): CancelledEffect {
  return new CancelledEffect();
}
