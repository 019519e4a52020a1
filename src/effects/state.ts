/** `select` reads the run's state; `put` produces the next state immutably. */
import { Effect } from './effect.js';

const NO_ARGS: unknown[] = Object.freeze([]) as unknown as unknown[];

/** Descriptor of `select(selector, ...args)`; `selector` is null when selecting the whole state. */
export class SelectEffect<R = unknown> extends Effect<R> {
  readonly type = 'select' as const;
  constructor(readonly selector: ((state: any, ...args: any[]) => unknown) | null, readonly args: unknown[]) { super(); }
}

/** An immer recipe: mutate the draft, or return a replacement state. */
export type Recipe<S = any> = (draft: S) => S | void | undefined;

/** Descriptor of `put(update)`: a partial object merged at the top level, or an immer recipe. */
export class PutEffect<S = any> extends Effect<void> {
  readonly type = 'put' as const;
  constructor(readonly update: Partial<S> | Recipe<S>) { super(); }
}

/**
 * Reads the current state, through `selector(state, ...args)` when one is given.
 * @example
 * const os = yield* select((s: Facts) => s.uname?.split(' ')[0]);
 */
export function select(): SelectEffect<any>;
export function select<S, R, A extends unknown[]>(selector: (state: S, ...args: A) => R, ...args: A): SelectEffect<R>;
export function select(selector?: (state: any, ...args: any[]) => unknown): SelectEffect<unknown> {
  if (selector !== undefined && typeof selector !== 'function') {
    throw new TypeError(`select(selector, ...args): argument selector is not a function, received ${typeof selector}`);
  }
  // `select()` in a loop is common: no rest array (its allocation showed in profiles), and one frozen
  // empty argument list shared by every select without arguments.
  if (arguments.length <= 1) return new SelectEffect(selector ?? null, NO_ARGS);
  return new SelectEffect(selector ?? null, Array.prototype.slice.call(arguments, 1));
}

/**
 * Updates the state: a partial object is merged into it at the top level; a function is an immer recipe.
 * The interpreter records the change with the id of this effect and of the command that led to it.
 * @example
 * yield put({ hostid: '0ec2daa6' });
 * yield put((draft) => { draft.interfaces.lo.zone = null; });
 */
export function put<S = any>(update: Partial<S> | Recipe<S>): PutEffect<S> {
  if (update === null || (typeof update !== 'object' && typeof update !== 'function') || Array.isArray(update)) {
    throw new TypeError(`put(update): argument update must be an object or an immer recipe, received ${update === null ? 'null' : Array.isArray(update) ? 'an array' : typeof update}`);
  }
  return new PutEffect<S>(update);
}
