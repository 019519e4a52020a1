/**
 * Runs one effect for a task: returns its result when it is synchronous, a `Suspended` when it will
 * settle later through the source's settler, or throws its synchronous error. `call`, `select` and
 * `put` are inlined here (they are the hot path); every other effect has its runner in `runners/`.
 */
import type { AnyEffect } from '../effects/effect.js';
import type { CallEffect } from '../effects/call.js';
import type { SelectEffect, PutEffect } from '../effects/state.js';
import { describeValue, fnName } from '../effects/describe.js';
import { InvalidEffectError } from './errors.js';
import { applyPut, provenanceFor, selectState } from './state.js';
import { runnerFor } from './runners/index.js';
import type { TaskImpl } from './task.js';
import { AwaitEffect, isIterator, isThenable, startIteratorTask } from './start.js';

/** Settles a suspended effect: `isErr` tells whether `value` is an error. Stale calls are ignored. */
export type Settle = (isErr: boolean, value: unknown) => void;

/** Where a suspended effect reports: the task itself, or a slot of an `all`/`race`. */
export interface SettleSource {
  settler(): Settle;
}

/** An effect that has not settled yet; `cancel` stops it (closes a channel, clears a timer). */
export class Suspended {
  constructor(readonly cancel: (() => void) | null) {}
}

/** The shared marker for an effect with nothing to cancel (a promise: its result is simply ignored). */
export const SUSPENDED = new Suspended(null);

/** Runs `effect` for `task`. `parentEffectId` is set for effects nested in `all`/`race`. */
export function runEffect(task: TaskImpl, effect: AnyEffect, effectId: number, source: SettleSource, parentEffectId: number | null): unknown {
  const env = task.env;
  if (env.intercept !== null) {
    const provided = env.intercept(effect, task.id);
    if (provided !== undefined) {
      if ('error' in provided) throw provided.error;
      return settleCallResult(task, provided.value, effectId, source, null);
    }
  }
  return runEffectOfType(task, effect, (effect as { type?: unknown } | null | undefined)?.type, effectId, source, parentEffectId);
}

/** Runs `effect`, whose `type` the caller has read already, with no interception. */
export function runEffectOfType(task: TaskImpl, effect: AnyEffect, type: unknown, effectId: number, source: SettleSource, parentEffectId: number | null): unknown {
  const env = task.env;
  switch (type) {
    case 'call': {
      const e = effect as CallEffect;
      const fn = typeof e.fn === 'string' ? (e.context as Record<string, (...a: unknown[]) => unknown>)[e.fn]! : e.fn;
      return settleCallResult(task, fn.apply(e.context, e.args), effectId, source, fn);
    }
    case 'select':
      return selectState(env, effect as SelectEffect);
    case 'put':
      applyPut(env, provenanceFor(task), effectId, (effect as PutEffect).update);
      return undefined;
    default: {
      const runner = runnerFor(type);
      if (runner !== undefined) return runner(task, effect, effectId, source, parentEffectId);
      if ((effect as unknown) instanceof AwaitEffect) return settleCallResult(task, (effect as unknown as AwaitEffect).promise, effectId, source, null);
      if (env.lenient && !isReduxSagaEffect(effect)) return settleCallResult(task, effect, effectId, source, null, 'iterator');
      throw invalidYield(task, effect);
    }
  }
}

/** redux-saga's descriptors carry this key: a ported saga still importing its effect creators. */
function isReduxSagaEffect(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as Record<string, unknown>)['@@redux-saga/IO'] === true;
}

/**
 * A call's outcome: a value, a promise to wait for, or a saga to run as a sub-task named after `fn`
 * (or `name`). The name is only computed for sagas: reading `fn.name` on every call is measurable.
 */
export function settleCallResult(task: TaskImpl, out: unknown, effectId: number, source: SettleSource, fn: unknown, name?: string): unknown {
  if (isThenable(out)) {
    const settle = source.settler();
    out.then((v) => settle(false, v), (e) => settle(true, e));
    return SUSPENDED;
  }
  if (isIterator(out)) {
    const sub = startIteratorTask(task.env, task, name ?? (fn === null ? 'provided' : fnName(fn)), out, effectId);
    if (!sub.isRunning()) {
      // A called saga is part of its caller's sequence: the caller's next put is caused by its command.
      if (sub.cause !== null) task.cause = sub.cause;
      const o = sub.outcome();
      if (o.ok) return o.value;
      throw o.error;
    }
    const settle = source.settler();
    sub.onEnd((t) => {
      if (t.cause !== null) task.cause = t.cause;
      const o = t.outcome();
      if (o.ok) settle(false, o.value);
      else settle(true, o.error);
    });
    return new Suspended(() => sub.cancel());
  }
  return out;
}

function invalidYield(task: TaskImpl, value: unknown): InvalidEffectError {
  const what = isReduxSagaEffect(value) ? `a redux-saga effect (${String((value as { type?: unknown }).type)}; import the effect creators from plesio)`
    : isThenable(value) ? 'a promise (use yield call(fn) for promise-returning functions)'
    : isIterator(value) ? 'a generator (use yield* saga() or yield call(saga))'
      : typeof value === 'function' ? `a function ${fnName(value)} (use yield call(fn))`
        : safeJson(value);
  return new InvalidEffectError(`saga ${task.name} yielded ${what}, which is not an effect`);
}

/** JSON for the message; a circular or bigint-holding value must not turn the error into a TypeError. */
function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return JSON.stringify(describeValue(value));
  }
}
