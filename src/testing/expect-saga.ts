/**
 * `expectSaga`: run a saga with the real interpreter, answer some effects with providers, then assert
 * on what it did — effects, puts, final state, return value or error — in any order or in strict order.
 * A run that does not end fails with the effects still pending, not with a bare timeout.
 */
import { isDeepStrictEqual } from 'node:util';
import type { AnyEffect } from '../effects/effect.js';
import type { Executor } from '../effects/command.js';
import { CallEffect } from '../effects/call.js';
import { ExecEffect } from '../effects/exec.js';
import { PutEffect } from '../effects/state.js';
import { formatEffect } from '../effects/describe.js';
import { run, type RootTask } from '../interpreter/run.js';
import type { Clock } from '../interpreter/clock.js';
import type { Monitor } from '../interpreter/monitor.js';
import { formatSagaTrace } from '../interpreter/errors.js';
import { interceptorOf, matches, testPattern, type EffectMatcher, type Provider } from './providers.js';

/** A test assertion about a saga run failed. */
export class SagaAssertionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SagaAssertionError';
  }
}

/** What `run()` gives back for further checks. */
export interface SagaRunResult<R = unknown> {
  /** Every effect yielded, in the order they were triggered (nested `all`/`race` effects included). */
  effects: AnyEffect[];
  /** The updates of every `put`, in order. */
  puts: unknown[];
  returnValue: R | undefined;
  error: unknown;
  state: unknown;
  task: RootTask<R>;
}

interface Expectation {
  describe: string;
  matcher: EffectMatcher;
  negated: boolean;
}

type ErrorCheck = (new (...args: any[]) => unknown) | string | RegExp | ((error: unknown) => boolean);

/** The fluent builder `expectSaga` returns. */
export class ExpectSaga<R> {
  private state: unknown = undefined;
  private context: Record<string, unknown> | undefined;
  private executor: Executor | undefined;
  private clock: Clock | undefined;
  private providers: Provider[] = [];
  private expectations: Expectation[] = [];
  private strictOrder = false;
  private exclusive = false;
  private returnCheck: { value: unknown } | null = null;
  private errorCheck: ErrorCheck | null = null;
  private finalState: { value: unknown } | null = null;
  private negateNext = false;

  constructor(private readonly saga: (...args: any[]) => Generator<any, R, any>, private readonly args: unknown[]) {}

  /** The initial state. */
  withState(state: unknown): this { this.state = state; return this; }
  /** Initial context values. */
  withContext(context: Record<string, unknown>): this { this.context = context; return this; }
  /** The executor for `exec` effects that no provider answers (e.g. a mock executor). */
  withExecutor(executor: Executor): this { this.executor = executor; return this; }
  /** The clock for `delay` and `retry` (e.g. a `TestClock`). */
  withClock(clock: Clock): this { this.clock = clock; return this; }

  /** Answers matching effects with values; see `throwError`, `dynamic` and `commandResult`. */
  provide(providers: readonly Provider[]): this { this.providers.push(...providers); return this; }

  /** Negates the next assertion: `.not.put({...})`. */
  get not(): this { this.negateNext = true; return this; }

  /** Expects an effect deep-equal to `effect` (or matching a predicate). */
  effect(matcher: EffectMatcher, describe?: string): this {
    this.expectations.push({ describe: describe ?? describeMatcher(matcher), matcher, negated: this.negateNext });
    this.negateNext = false;
    return this;
  }

  /** Expects a `put` whose update deep-equals `update`. */
  put(update: unknown): this {
    return this.effect((e) => e instanceof PutEffect && isDeepStrictEqual(e.update, update), `put(${safeJson(update)})`);
  }

  /** Expects an `exec` of this command (exact text or pattern). */
  exec(command: string | RegExp): this {
    return this.effect((e) => e instanceof ExecEffect && (typeof command === 'string' ? e.command === command : testPattern(command, e.command)), `exec(${String(command)})`);
  }

  /** Expects a `call(fn, ...args)`. */
  call(fn: (...args: any[]) => unknown, ...args: unknown[]): this {
    return this.effect((e) => e instanceof CallEffect && e.fn === fn && isDeepStrictEqual(e.args, args), `call(${fn.name || 'anonymous'})`);
  }

  /** Expects the saga to return `value` (deep equality). */
  returns(value: R): this { this.returnCheck = { value }; return this; }

  /** Expects the saga to fail, with an error of this class, message (substring or pattern) or predicate. */
  throws(check: ErrorCheck): this { this.errorCheck = check; return this; }

  /** Expects the final state to deep-equal `state`. */
  hasFinalState(state: unknown): this { this.finalState = { value: state }; return this; }

  /** Expects the asserted effects in the order they were asserted. */
  inOrder(): this { this.strictOrder = true; return this; }

  /** Expects no effect besides the asserted ones. */
  noOtherEffects(): this { this.exclusive = true; return this; }

  /**
   * Runs the saga and checks every expectation; rejects with `SagaAssertionError` on the first
   * mismatch, or when the saga has not ended after `timeoutMs` of real time (default 2000).
   */
  async run(options: { timeoutMs?: number } = {}): Promise<SagaRunResult<R>> {
    const effects: AnyEffect[] = [];
    const pending = new Map<number, AnyEffect>();
    const monitor: Monitor = {
      effectTriggered: ({ effectId, effect }) => { effects.push(effect); pending.set(effectId, effect); },
      effectResolved: (id) => { pending.delete(id); },
      effectRejected: (id) => { pending.delete(id); },
      effectCancelled: (id) => { pending.delete(id); },
    };
    const task = run({
      state: this.state,
      monitor,
      intercept: interceptorOf(this.providers),
      ...(this.context !== undefined && { context: this.context }),
      ...(this.executor !== undefined && { executor: this.executor }),
      ...(this.clock !== undefined && { clock: this.clock }),
    }, this.saga, ...this.args) as RootTask<R>;
    const timeoutMs = options.timeoutMs ?? 2000;
    let timer: NodeJS.Timeout | undefined;
    const ended = await Promise.race([
      task.toPromise().then(() => true, () => true),
      new Promise<false>((resolve) => { timer = setTimeout(() => resolve(false), timeoutMs); }),
    ]);
    clearTimeout(timer);
    if (!ended) {
      const list = [...pending.values()].map((e) => `  - ${formatEffect(e)}`).join('\n');
      task.cancel();
      throw new SagaAssertionError(`saga ${this.saga.name || 'anonymous'} did not end within ${timeoutMs} ms; pending effects:\n${list || '  (none: waiting on a forked task)'}\nProvide a value for them, or give a test clock and advance it.`);
    }
    const result: SagaRunResult<R> = {
      effects,
      puts: effects.filter((e): e is PutEffect => e instanceof PutEffect).map((e) => e.update),
      returnValue: task.result(),
      error: task.error(),
      state: task.state(),
      task,
    };
    this.check(result);
    return result;
  }

  private check(r: SagaRunResult<R>): void {
    // An unexpected error first: it explains a missing effect better than the list of effects does.
    if (this.errorCheck === null && r.error !== undefined) throw new SagaAssertionError(`the saga threw:\n${formatSagaTrace(r.error)}`);
    const seen = r.effects.map((e) => `  - ${formatEffect(e)}`).join('\n');
    const used = new Set<number>();
    let cursor = 0;
    for (const exp of this.expectations) {
      const index = r.effects.findIndex((e, i) => !used.has(i) && (!this.strictOrder || exp.negated || i >= cursor) && matches(exp.matcher, e));
      if (exp.negated) {
        if (index >= 0) throw new SagaAssertionError(`expected no ${exp.describe}, but the saga yielded it. Effects:\n${seen}`);
        continue;
      }
      if (index < 0) {
        throw new SagaAssertionError(`expected ${exp.describe}${this.strictOrder ? ' (in order)' : ''}, not found. Effects:\n${seen}`);
      }
      used.add(index);
      cursor = index + 1;
    }
    if (this.exclusive) {
      const extra = r.effects.filter((_, i) => !used.has(i));
      if (extra.length > 0) throw new SagaAssertionError(`expected no other effects, but found:\n${extra.map((e) => `  - ${formatEffect(e)}`).join('\n')}`);
    }
    if (this.errorCheck !== null) {
      if (r.task.isRunning() || r.error === undefined) throw new SagaAssertionError(`expected the saga to throw, but it ${r.task.isCancelled() ? 'was cancelled' : `returned ${safeJson(r.returnValue)}`}`);
      if (!errorMatches(this.errorCheck, r.error)) throw new SagaAssertionError(`the saga threw an unexpected error:\n${formatSagaTrace(r.error)}`);
    }
    if (this.returnCheck !== null && !isDeepStrictEqual(r.returnValue, this.returnCheck.value)) {
      throw new SagaAssertionError(`expected the saga to return ${safeJson(this.returnCheck.value)}, got ${safeJson(r.returnValue)}`);
    }
    if (this.finalState !== null && !isDeepStrictEqual(r.state, this.finalState.value)) {
      throw new SagaAssertionError(`expected final state ${safeJson(this.finalState.value)}, got ${safeJson(r.state)}`);
    }
  }
}

function errorMatches(check: ErrorCheck, error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  if (typeof check === 'string') return message.includes(check);
  if (check instanceof RegExp) return testPattern(check, message);
  if (check.prototype !== undefined && (check.prototype instanceof Error || check === Error)) return error instanceof (check as new () => unknown);
  return (check as (e: unknown) => boolean)(error);
}

function describeMatcher(m: EffectMatcher): string {
  if (typeof m === 'function') return `an effect matching ${m.name || 'a predicate'}`;
  if ('type' in m) return formatEffect(m);
  return `exec(${String(m.exec)})`;
}

function safeJson(v: unknown): string {
  try { return JSON.stringify(v) ?? String(v); } catch { return String(v); }
}

/**
 * Starts a saga test with the real interpreter.
 * @example
 * await expectSaga(gatherHostid)
 *   .provide([[{ exec: 'hostid' }, '0ec2daa6\n']])
 *   .put({ hostid: '0ec2daa6' })
 *   .run();
 */
export function expectSaga<F extends (...args: any[]) => Generator<any, any, any>>(saga: F, ...args: Parameters<F>): ExpectSaga<F extends (...a: any[]) => Generator<any, infer R, any> ? R : never> {
  return new ExpectSaga(saga, args);
}
