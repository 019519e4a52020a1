/** Providers: answers the test gives for matching effects, instead of running them. */
import { isDeepStrictEqual } from 'node:util';
import { Effect, type AnyEffect } from '../effects/effect.js';
import type { CommandResult } from '../effects/command.js';
import type { Interceptor, Provided } from '../interpreter/env.js';

/** What an effect is matched by: an exact descriptor, a command pattern, or a predicate. */
export type EffectMatcher = AnyEffect | { readonly exec: string | RegExp } | ((effect: AnyEffect) => boolean);

const THROW = Symbol('throw');
const DYNAMIC = Symbol('dynamic');

/** A provided error: the effect fails with it. */
export interface ThrownValue { readonly [THROW]: unknown }
/** A provided function: computes the answer from the effect. */
export interface DynamicValue { readonly [DYNAMIC]: (effect: AnyEffect) => unknown }

/** A pair `[matcher, answer]`. */
export type Provider = readonly [EffectMatcher, unknown];

/**
 * Makes a provider answer with an error (thrown at the saga's `yield`).
 * @example
 * [{ exec: 'hostid' }, throwError(new Error('boom'))]
 */
export function throwError(error: unknown): ThrownValue {
  return { [THROW]: error };
}

/**
 * Makes a provider compute its answer from the effect.
 * @example
 * [(e) => e.type === 'delay', dynamic(() => true)]
 */
export function dynamic(fn: (effect: AnyEffect) => unknown): DynamicValue {
  return { [DYNAMIC]: fn };
}

/**
 * A successful `CommandResult` with this stdout (exit 0, empty stderr), for providers and mocks.
 * @example
 * [{ exec: 'uname -a' }, commandResult('Linux h 6.1.0 x86_64 GNU/Linux\n')]
 */
export function commandResult(stdout: string, rest: Partial<CommandResult> = {}): CommandResult {
  return { stdout, stderr: '', code: 0, signal: null, durationMs: 0, ...rest };
}

/** Tells whether `effect` matches `matcher`. */
export function matches(matcher: EffectMatcher, effect: AnyEffect): boolean {
  if (typeof matcher === 'function') return matcher(effect);
  if (matcher instanceof Effect) return isDeepStrictEqual(matcher, effect);
  if (effect.type !== 'exec') return false;
  const command = (effect as unknown as { command: string }).command;
  return typeof matcher.exec === 'string' ? matcher.exec === command : testPattern(matcher.exec, command);
}

/** `pattern.test(text)` from the start: a `g` or `y` pattern would otherwise go on from its last match. */
export function testPattern(pattern: RegExp, text: string): boolean {
  pattern.lastIndex = 0;
  return pattern.test(text);
}

/** Builds the interpreter's interceptor from providers; the first matching provider answers. */
export function interceptorOf(providers: readonly Provider[]): Interceptor {
  return (effect) => {
    for (const [matcher, answer] of providers) {
      if (!matches(matcher, effect)) continue;
      return answerOf(answer, effect);
    }
    return undefined;
  };
}

function answerOf(answer: unknown, effect: AnyEffect): Provided {
  if (answer !== null && typeof answer === 'object') {
    if (THROW in answer) return { error: (answer as ThrownValue)[THROW] };
    if (DYNAMIC in answer) {
      try {
        return { value: (answer as DynamicValue)[DYNAMIC](effect) };
      } catch (error) {
        return { error };
      }
    }
  }
  // A bare string answering a command is its stdout.
  if (typeof answer === 'string' && effect.type === 'exec') return { value: commandResult(answer) };
  return { value: answer };
}
