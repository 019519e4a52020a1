/** `delay` waits on the run's clock; `retry` calls again after failures. */
import { Effect } from './effect.js';
import { splitTarget, type CallTarget, type Fn, type Resolved } from './call.js';

/** Descriptor of `delay(ms, value)`. */
export class DelayEffect<R = true> extends Effect<R> {
  readonly type = 'delay' as const;
  constructor(readonly ms: number, readonly value: R) { super(); }
}

/**
 * Resumes after `ms` milliseconds of the run's clock (a test clock in tests), with `value`.
 * @example
 * yield delay(500);
 */
export function delay<R = true>(ms: number, value?: R): DelayEffect<R> {
  if (typeof ms !== 'number' || !(ms >= 0)) throw new RangeError(`delay(ms): argument ms must be a number >= 0, received ${ms}`);
  return new DelayEffect(ms, (arguments.length > 1 ? value : true) as R);
}

/** Descriptor of `retry(maxTries, delayMs, fn, ...args)`. */
export class RetryEffect<R = unknown> extends Effect<R> {
  readonly type = 'retry' as const;
  constructor(readonly maxTries: number, readonly delayMs: number, readonly context: unknown, readonly fn: Fn | string, readonly args: unknown[]) { super(); }
}

/**
 * Calls `fn(...args)` like `call`, up to `maxTries` times, waiting `delayMs` between failures; the
 * last error is thrown.
 * @example
 * const out = yield* retry(3, 1000, probe, 'hostid');
 */
export function retry<F extends Fn>(maxTries: number, delayMs: number, fn: F, ...args: Parameters<F>): RetryEffect<Resolved<ReturnType<F>>>;
export function retry<C, F extends (this: C, ...args: any[]) => any>(maxTries: number, delayMs: number, target: readonly [C, F], ...args: Parameters<F>): RetryEffect<Resolved<ReturnType<F>>>;
export function retry<C extends { [P in K]: Fn }, K extends string>(maxTries: number, delayMs: number, target: readonly [C, K], ...args: Parameters<C[K]>): RetryEffect<Resolved<ReturnType<C[K]>>>;
export function retry(maxTries: number, delayMs: number, target: CallTarget, ...args: unknown[]): RetryEffect<unknown> {
  if (!Number.isInteger(maxTries) || maxTries < 1) throw new RangeError(`retry(maxTries, ...): maxTries must be an integer >= 1, received ${maxTries}`);
  if (typeof delayMs !== 'number' || !(delayMs >= 0)) throw new RangeError(`retry(maxTries, delayMs, ...): delayMs must be >= 0, received ${delayMs}`);
  const [context, fn] = splitTarget('retry', target);
  return new RetryEffect(maxTries, delayMs, context, fn, args);
}
