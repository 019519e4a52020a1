/** getContext/setContext: values a task shares with the tasks it starts afterwards, never with its parent. */
import { describe, expect, test } from 'vitest';
import { call, delay, fork, getContext, join, run, setContext, spawn, type Saga } from '../../src/index.js';
import { TestClock } from '../../src/testing/index.js';

/** Reads `key` after `ms` of the test clock, so the reader sees any change made in the meantime. */
function* readLater(key: string, ms: number): Saga<unknown> {
  yield delay(ms);
  return yield* getContext(key);
}

describe('getContext', () => {
  test('getContext reads the values given to run, and undefined for a key nobody set.', () => {
    const task = run({ context: { host: 'h1' } }, function* saga() {
      return [yield* getContext('host'), yield* getContext('missing')];
    });
    expect(task.result()).toEqual(['h1', undefined]);
  });

  test('Keys that happen to be names of Object.prototype members are not set either.', () => {
    const withContext = run({ context: { host: 'h1' } }, function* saga() {
      return [yield* getContext('constructor'), yield* getContext('toString'), yield* getContext('__proto__')];
    });
    const without = run(function* saga() { return [yield* getContext('constructor'), yield* getContext('hasOwnProperty')]; });
    expect(withContext.result()).toEqual([undefined, undefined, undefined]);
    expect(without.result()).toEqual([undefined, undefined]);
  });

  test('The run\'s context object is copied: changing it afterwards does not reach the run.', () => {
    const clock = new TestClock();
    const context: Record<string, unknown> = { host: 'h1' };
    const task = run({ clock, context }, readLater, 'host', 10);
    context.host = 'changed';
    clock.advance(10);
    expect(task.result()).toBe('h1');
  });
});

describe('setContext', () => {
  test('A task sees its own setContext at once, over the values it inherited.', () => {
    const task = run({ context: { host: 'h1', family: 'unknown' } }, function* saga() {
      yield setContext({ family: 'linux' });
      return [yield* getContext('host'), yield* getContext('family')];
    });
    expect(task.result()).toEqual(['h1', 'linux']);
  });

  test('Forks started after a setContext see its values; the parent never sees a child\'s setContext.', () => {
    const task = run({ context: { family: 'unknown' } }, function* parent() {
      yield setContext({ family: 'linux' });
      const child = yield* fork(function* child() {
        const inherited = yield* getContext('family');
        yield setContext({ family: 'sunos', zone: 'global' });
        return inherited;
      });
      return [yield* join(child), yield* getContext('family'), yield* getContext('zone')];
    });
    expect(task.result()).toEqual(['linux', 'linux', undefined]);
  });

  test('A fork started before a setContext does not see it, whether or not the parent had set context earlier.', () => {
    const clock = new TestClock();
    const task = run({ clock, context: { phase: 'initial' } }, function* parent() {
      const first = yield* fork(readLater, 'phase', 10);
      yield setContext({ phase: 'one' });
      const second = yield* fork(readLater, 'phase', 10);
      yield setContext({ phase: 'two' });
      const spawned = yield* spawn(readLater, 'phase', 10);
      yield setContext({ phase: 'three' });
      return yield* join([first, second, spawned]);
    });
    clock.advance(10);
    expect(task.result()).toEqual(['initial', 'one', 'two']);
  });

  test('Siblings do not see each other\'s setContext.', () => {
    const clock = new TestClock();
    const task = run({ clock }, function* parent() {
      const writer = yield* fork(function* writer() { yield setContext({ secret: 'mine' }); yield delay(5); });
      const reader = yield* fork(readLater, 'secret', 10);
      yield join(writer);
      return yield* join(reader);
    });
    clock.advance(10);
    expect(task.isRunning()).toBe(false);
    expect(task.result()).toBeUndefined();
  });

  test('A called saga inherits the caller\'s context, and its setContext stays its own.', () => {
    function* sub(): Saga<unknown> {
      const seen = yield* getContext('host');
      yield setContext({ host: 'overridden' });
      return seen;
    }
    const task = run({ context: { host: 'h1' } }, function* caller() {
      const seen = yield* call(sub);
      return [seen, yield* getContext('host')];
    });
    expect(task.result()).toEqual(['h1', 'h1']);
  });
});
