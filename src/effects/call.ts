/** `call`: run a function (sync, promise-returning, or a saga) and resume with its result. */
import { Effect } from './effect.js';

/** Any function. */
export type Fn = (...args: any[]) => any;

/** What a called function's return value resolves to: a saga's return, a promise's value, or itself. */
export type Resolved<T> = T extends Iterator<any, infer R, any> ? R : Awaited<T>;

/** The function part of `call`/`fork`: a function, `[context, fn]` or `[context, 'method']`. */
export type CallTarget = Fn | readonly [unknown, Fn] | readonly [unknown, string];

/** Descriptor of `call(fn, ...args)`. `fn` is a method name when called as `[context, 'method']`. */
export class CallEffect<R = unknown> extends Effect<R> {
  readonly type = 'call' as const;
  constructor(readonly context: unknown, readonly fn: Fn | string, readonly args: unknown[]) { super(); }
}

/** Splits a call target into context and function, validating it for `creator`'s error message. */
export function splitTarget(creator: string, target: unknown): [unknown, Fn | string] {
  if (typeof target === 'function') return [null, target as Fn];
  if (Array.isArray(target) && target.length === 2) {
    const [context, fn] = target as [unknown, unknown];
    if (typeof fn === 'function') return [context, fn as Fn];
    if (typeof fn === 'string') {
      if (context === null || context === undefined) throw new TypeError(`${creator}([context, '${fn}']): context is ${context}`);
      if (typeof (context as Record<string, unknown>)[fn] !== 'function') {
        throw new TypeError(`${creator}([context, '${fn}']): context has no method '${fn}'`);
      }
      return [context, fn];
    }
  }
  throw new TypeError(`${creator}(fn, ...args): argument fn is ${target === undefined ? 'undefined' : 'not a function'}, received ${describeArg(target)}`);
}

function describeArg(v: unknown): string {
  if (v === undefined || v === null) return String(v);
  if (typeof v === 'function') return `function ${v.name}`;
  try { return JSON.stringify(v)?.slice(0, 60) ?? typeof v; } catch { return typeof v; }
}

/**
 * Calls `fn(...args)`; the saga resumes with its result, the value of its promise, or the return value
 * of the saga it starts. A thrown error or rejection is thrown back at the `yield`.
 * @example
 * const text = yield* call(readFile, 'os-release');
 * const r = yield call([executor, 'exec'], 'uname -a');
 */
export function call<F extends Fn>(fn: F, ...args: Parameters<F>): CallEffect<Resolved<ReturnType<F>>>;
export function call<C, F extends (this: C, ...args: any[]) => any>(target: readonly [C, F], ...args: Parameters<F>): CallEffect<Resolved<ReturnType<F>>>;
export function call<C extends { [P in K]: Fn }, K extends string>(target: readonly [C, K], ...args: Parameters<C[K]>): CallEffect<Resolved<ReturnType<C[K]>>>;
export function call(target: CallTarget, ...args: unknown[]): CallEffect<unknown> {
  // The common case (a plain function) skips the array checks: this creator sits on the hot path.
  if (typeof target === 'function') return new CallEffect(null, target, args);
  const [context, fn] = splitTarget('call', target);
  return new CallEffect(context, fn, args);
}
