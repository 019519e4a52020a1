/** `all` runs effects side by side and waits for every one; `race` waits for the first. */
import { Effect, isEffect, type AnyEffect, type EffectResult } from './effect.js';

type AllResult<T> = { -readonly [K in keyof T]: EffectResult<T[K]> };
type RaceResult<T> = { -readonly [K in keyof T]: EffectResult<T[K]> | undefined };

/** Descriptor of `all(effects)`: an array or a record of effects. */
export class AllEffect<R = unknown> extends Effect<R> {
  readonly type = 'all' as const;
  constructor(readonly effects: readonly AnyEffect[] | Readonly<Record<string, AnyEffect>>) { super(); }
}

/** Descriptor of `race(effects)`. */
export class RaceEffect<R = unknown> extends Effect<R> {
  readonly type = 'race' as const;
  constructor(readonly effects: readonly AnyEffect[] | Readonly<Record<string, AnyEffect>>) { super(); }
}

function check(creator: string, effects: unknown): void {
  if (effects === null || typeof effects !== 'object') throw new TypeError(`${creator}(effects): argument effects must be an array or a record of effects`);
  for (const [k, e] of Object.entries(effects)) {
    if (!isEffect(e)) throw new TypeError(`${creator}(effects): effects[${JSON.stringify(k)}] is not an effect (did you forget call()?)`);
  }
}

/**
 * Runs every effect at once and resumes with all results, in the same shape. Fails fast: the first
 * error cancels the others and is thrown at the `yield`.
 * @example
 * const { a, b } = yield* all({ a: exec('hostid'), b: exec('uname -a') });
 */
export function all<const T extends readonly AnyEffect[] | Readonly<Record<string, AnyEffect>>>(effects: T): AllEffect<AllResult<T>> {
  check('all', effects);
  return new AllEffect(effects);
}

/**
 * Runs every effect at once and resumes with the first to finish (the others `undefined`); the losers
 * are cancelled. The first error wins the race too, and is thrown.
 * @example
 * const { out, timeout } = yield* race({ out: exec('df -k'), timeout: delay(10_000) });
 */
export function race<const T extends readonly AnyEffect[] | Readonly<Record<string, AnyEffect>>>(effects: T): RaceEffect<RaceResult<T>> {
  check('race', effects);
  if (Object.keys(effects).length === 0) throw new TypeError('race(effects): at least one effect is needed, or the race never ends');
  return new RaceEffect(effects);
}
