/** `fork` starts an attached child task; `spawn` a detached one. Both resume at once with the task. */
import { Effect } from './effect.js';
import { splitTarget, type CallTarget, type Fn, type Resolved } from './call.js';
import type { Task } from './task.js';

/** Descriptor of `fork`/`spawn`; `detached` tells which. */
export class ForkEffect<R = unknown> extends Effect<Task<R>> {
  readonly type = 'fork' as const;
  constructor(readonly context: unknown, readonly fn: Fn | string, readonly args: unknown[], readonly detached: boolean) { super(); }
}

/**
 * Starts `fn(...args)` as an attached child: the parent waits for it before ending, an error in it
 * cancels its siblings and fails the parent, and cancelling the parent cancels it.
 * @example
 * const t = yield* fork(gatherInterfaces);
 */
export function fork<F extends Fn>(fn: F, ...args: Parameters<F>): ForkEffect<Resolved<ReturnType<F>>>;
export function fork<C, F extends (this: C, ...args: any[]) => any>(target: readonly [C, F], ...args: Parameters<F>): ForkEffect<Resolved<ReturnType<F>>>;
export function fork<C extends { [P in K]: Fn }, K extends string>(target: readonly [C, K], ...args: Parameters<C[K]>): ForkEffect<Resolved<ReturnType<C[K]>>>;
export function fork(target: CallTarget, ...args: unknown[]): ForkEffect<unknown> {
  if (typeof target === 'function') return new ForkEffect(null, target, args, false);
  const [context, fn] = splitTarget('fork', target);
  return new ForkEffect(context, fn, args, false);
}

/**
 * Starts `fn(...args)` detached: its errors and lifetime are its own; the parent does not wait for it.
 * @example
 * const t = yield* spawn(watchProgress);
 */
export function spawn<F extends Fn>(fn: F, ...args: Parameters<F>): ForkEffect<Resolved<ReturnType<F>>>;
export function spawn<C, F extends (this: C, ...args: any[]) => any>(target: readonly [C, F], ...args: Parameters<F>): ForkEffect<Resolved<ReturnType<F>>>;
export function spawn<C extends { [P in K]: Fn }, K extends string>(target: readonly [C, K], ...args: Parameters<C[K]>): ForkEffect<Resolved<ReturnType<C[K]>>>;
export function spawn(target: CallTarget, ...args: unknown[]): ForkEffect<unknown> {
  const [context, fn] = splitTarget('spawn', target);
  return new ForkEffect(context, fn, args, true);
}
