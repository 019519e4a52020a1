/**
 * Starting tasks: the generator behind a saga call (a plain function's value or promise becomes a
 * one-step saga) and the task that drives it.
 */
import { fnName } from '../effects/describe.js';
import type { RunEnv } from './env.js';
import { TaskImpl, TaskKind } from './task.js';

/** Builds the generator of a saga call; a plain function's value or promise becomes a one-step saga. */
export function toIterator(context: unknown, fn: (...args: any[]) => unknown, args: unknown[]): Iterator<unknown, unknown, unknown> {
  const out = fn.apply(context, args);
  if (isIterator(out)) return out;
  return wrapValue(out);
}

function* wrapValue(value: unknown): Generator<unknown, unknown, unknown> {
  return isThenable(value) ? yield new AwaitEffect(value) : value;
}

/** Internal: lets a forked plain function's promise be awaited like a call result. */
export class AwaitEffect {
  readonly type = 'await';
  constructor(readonly promise: PromiseLike<unknown>) {}
}

/** Starts a task for `fn(...args)`; a synchronous throw from `fn` makes a task that failed at once. */
export function startTask(env: RunEnv, parent: TaskImpl | null, context: unknown, fn: (...args: any[]) => unknown, args: unknown[], kind: TaskKind, forkEffectId: number | null): TaskImpl {
  let gen: Iterator<unknown, unknown, unknown>;
  try {
    gen = toIterator(context, fn, args);
  } catch (e) {
    gen = throwing(e);
  }
  const task = new TaskImpl(env, fnName(fn), gen, parent, kind, forkEffectId);
  task.start();
  return task;
}

/** Starts a task for an iterator a `call` returned. */
export function startIteratorTask(env: RunEnv, parent: TaskImpl, name: string, gen: Iterator<unknown, unknown, unknown>, forkEffectId: number): TaskImpl {
  const task = new TaskImpl(env, name, gen, parent, TaskKind.Called, forkEffectId);
  task.start();
  return task;
}

// eslint-disable-next-line require-yield
function* throwing(error: unknown): Generator<unknown, never, unknown> {
  throw error;
}

/** Duck-typed promise check, as for `await`. */
export function isThenable(v: unknown): v is PromiseLike<unknown> {
  return v !== null && (typeof v === 'object' || typeof v === 'function') && typeof (v as { then?: unknown }).then === 'function';
}

/** A generator-like object: has `next` and `throw`. */
export function isIterator(v: unknown): v is Iterator<unknown, unknown, unknown> {
  return v !== null && typeof v === 'object' && typeof (v as { next?: unknown }).next === 'function' && typeof (v as { throw?: unknown }).throw === 'function';
}

