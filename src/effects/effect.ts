/**
 * The base of every effect descriptor: plain data with a string `type`, iterable so that
 * `yield* effect` hands back a typed result while `yield effect` still shows the descriptor.
 */
import { describeEffect } from './describe.js';

/** Every effect type name, one per creator. */
export type EffectType =
  | 'call' | 'exec' | 'select' | 'put' | 'fork' | 'join' | 'cancel' | 'cancelled'
  | 'all' | 'race' | 'delay' | 'retry' | 'getContext' | 'setContext';

/**
 * A plain effect descriptor whose interpretation resolves to `R`.
 * Two descriptors made with the same arguments are `toEqual`; `JSON.stringify` gives a readable form.
 */
export abstract class Effect<R = unknown> {
  abstract readonly type: EffectType;

  /** `const out = yield* exec('uname -a')` gives `out` the type `R`. */
  *[Symbol.iterator](): Generator<this, R, unknown> {
    return (yield this) as R;
  }

  /** A JSON form for traces: functions by name, tasks by id. */
  toJSON(): Record<string, unknown> {
    return describeEffect(this);
  }
}

/** Any effect, whatever its result. */
export type AnyEffect = Effect<unknown>;

/** A saga: a generator that yields effects and returns `R`. */
export type Saga<R = unknown> = Generator<AnyEffect, R, any>;

/** The result an effect resolves to. */
export type EffectResult<E> = E extends Effect<infer R> ? R : never;

/** Tells whether a value is an effect descriptor. */
export function isEffect(value: unknown): value is AnyEffect {
  return value instanceof Effect;
}
