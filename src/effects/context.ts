/** `getContext`/`setContext`: values a task shares with its descendants (e.g. a host name, options). */
import { Effect } from './effect.js';

/** Descriptor of `getContext(key)`. */
export class GetContextEffect<R = unknown> extends Effect<R> {
  readonly type = 'getContext' as const;
  constructor(readonly key: string) { super(); }
}

/** Descriptor of `setContext(props)`. */
export class SetContextEffect extends Effect<void> {
  readonly type = 'setContext' as const;
  constructor(readonly props: Readonly<Record<string, unknown>>) { super(); }
}

/**
 * Reads `key` from the task's context, inherited from the run and the parent tasks.
 * @example
 * const host = yield* getContext<string>('host');
 */
export function getContext<R = unknown>(key: string): GetContextEffect<R> {
  if (typeof key !== 'string') throw new TypeError(`getContext(key): argument key must be a string, received ${typeof key}`);
  return new GetContextEffect<R>(key);
}

/**
 * Sets values in the task's own context; its forks started afterwards see them, its parent does not.
 * @example
 * yield setContext({ family: 'linux' });
 */
export function setContext(props: Readonly<Record<string, unknown>>): SetContextEffect {
  if (props === null || typeof props !== 'object') throw new TypeError('setContext(props): argument props must be an object');
  return new SetContextEffect(props);
}
