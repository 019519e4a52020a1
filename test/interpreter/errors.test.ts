/** How errors travel: thrown at the yield, up through attached forks, and never out of spawned tasks. */
import { describe, expect, test } from 'vitest';
import {
  call, delay, fork, formatSagaTrace, InvalidEffectError, join, put, run, sagaTrace, spawn, type Saga, type Task,
} from '../../src/index.js';
import { TestClock } from '../../src/testing/index.js';
import * as reduxEffects from 'redux-saga/effects';
import { deferred, flush } from './helpers.js';

class Boom extends Error {
  constructor(message = 'boom') { super(message); this.name = 'Boom'; }
}

describe('at the yield', () => {
  test('A function that throws has its error thrown at the yield, and catching it lets the saga continue.', () => {
    const boom = new Boom();
    const explode = (): never => { throw boom; };
    const task = run(function* saga() {
      let caught: unknown;
      try {
        yield call(explode);
      } catch (e) {
        caught = e;
      }
      const after = yield* call(Math.max, 1, 2);
      return { caught, after };
    });
    expect(task.isRunning()).toBe(false);
    expect(task.result()).toEqual({ caught: boom, after: 2 });
  });

  test('A rejected promise is thrown at the yield once it rejects.', async () => {
    const d = deferred<number>();
    const task = run(function* saga() {
      try {
        return yield* call(() => d.promise);
      } catch (e) {
        return `recovered from ${(e as Error).message}`;
      }
    });
    expect(task.isRunning()).toBe(true);
    d.reject(new Boom('late'));
    await expect(task.toPromise()).resolves.toBe('recovered from late');
  });

  test('An uncaught error fails the root task and rejects its promise with the very same error object.', async () => {
    const boom = new Boom();
    const task = run(function* saga() { yield call(() => Promise.reject(boom)); });
    await expect(task.toPromise()).rejects.toBe(boom);
    expect(task.error()).toBe(boom);
    expect(task.result()).toBeUndefined();
    expect(task.isCancelled()).toBe(false);
  });

  test('An error thrown by a called saga is catchable by its caller.', () => {
    const boom = new Boom();
    function* inner(): Saga<never> { yield call(Math.random); throw boom; }
    const task = run(function* outer() {
      try {
        yield call(inner);
      } catch (e) {
        return e;
      }
      return null;
    });
    expect(task.result()).toBe(boom);
  });

  test('A thrown value that is not an object still fails the task, and carries no trace.', () => {
    const task = run(function* saga() { yield call(() => { throw 'plain string'; }); });
    expect(task.error()).toBe('plain string');
    expect(sagaTrace(task.error())).toEqual([]);
    expect(formatSagaTrace(task.error())).toBe('plain string');
  });

  test('A saga whose function throws before its first yield fails at once.', () => {
    const boom = new Boom();
    const task = run((): Saga<void> => { throw boom; });
    expect(task.isRunning()).toBe(false);
    expect(task.error()).toBe(boom);
  });
});

describe('things that are not effects', () => {
  test('Yielding a promise, a generator, a function or a plain value fails with InvalidEffectError naming the saga.', () => {
    function* child(): Saga<number> { return 1; }
    const cases: Array<[unknown, RegExp]> = [
      [Promise.resolve(1), /saga scan yielded a promise \(use yield call\(fn\)/],
      [child(), /saga scan yielded a generator \(use yield\* saga\(\) or yield call\(saga\)\)/],
      [function probe() {}, /saga scan yielded a function probe \(use yield call\(fn\)\)/],
      [42, /saga scan yielded 42, which is not an effect/],
      [undefined, /saga scan yielded undefined, which is not an effect/],
    ];
    for (const [value, message] of cases) {
      const task = run(function* scan(): Generator<unknown, void, unknown> { yield value; });
      expect(task.error()).toBeInstanceOf(InvalidEffectError);
      expect((task.error() as InvalidEffectError).code).toBe('invalid-effect');
      expect((task.error() as Error).message).toMatch(message);
    }
  });

  test('Yielding an object that cannot be turned into JSON still fails with InvalidEffectError.', () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    for (const value of [circular, { n: 1n }]) {
      const task = run(function* scan(): Generator<unknown, void, unknown> { yield value; });
      expect(task.error()).toBeInstanceOf(InvalidEffectError);
      expect((task.error() as Error).message).toMatch(/^saga scan yielded .*, which is not an effect$/);
    }
  });

  test('An object whose type names a method of Object.prototype is not run as an effect.', () => {
    for (const type of ['constructor', 'toString', 'hasOwnProperty', '__proto__']) {
      const task = run(function* scan(): Generator<unknown, void, unknown> { yield { type }; });
      expect(task.error(), type).toBeInstanceOf(InvalidEffectError);
    }
  });

  test('A redux-saga effect is refused, lenient or not, with a message that says where plesio\'s creators are.', () => {
    for (const lenient of [false, true]) {
      const task = run({ lenient }, function* ported(): Generator<unknown, void, unknown> { yield reduxEffects.take('ACTION'); });
      expect(task.error()).toBeInstanceOf(InvalidEffectError);
      expect((task.error() as Error).message).toBe('saga ported yielded a redux-saga effect (TAKE; import the effect creators from plesio), which is not an effect');
    }
  });

  test('An invalid yield is thrown at the yield like any other error, so it can be caught.', () => {
    const task = run(function* scan(): Generator<unknown, string, unknown> {
      try {
        yield 'oops';
      } catch (e) {
        return (e as Error).name;
      }
      return 'not thrown';
    });
    expect(task.result()).toBe('InvalidEffectError');
  });
});

describe('across forks', () => {
  test('An error in an attached fork cancels its siblings and fails the parent; the parent\'s finally blocks run.', () => {
    const clock = new TestClock();
    const boom = new Boom();
    const log: string[] = [];
    function* sibling(): Saga<void> {
      try { yield delay(1000); log.push('sibling finished'); } finally { log.push('sibling finally'); }
    }
    function* failing(): Saga<void> { yield delay(10); throw boom; }
    function* parent(): Saga<string> {
      try {
        yield fork(sibling);
        yield fork(failing);
        yield delay(5000);
        return 'parent finished';
      } finally {
        log.push('parent finally');
      }
    }
    const task = run({ clock }, parent);
    clock.advance(10);
    expect(task.isRunning()).toBe(false);
    expect(task.error()).toBe(boom);
    expect(log).toEqual(['sibling finally', 'parent finally']);
    expect(clock.pending()).toBe(0);
  });

  test('The parent cannot catch an attached fork\'s error with try/catch around the fork.', () => {
    const boom = new Boom();
    const log: string[] = [];
    const task = run(function* parent() {
      try {
        yield fork(() => { throw boom; });
        log.push('went on after the fork');
      } catch {
        log.push('caught');
      }
      return 'returned';
    });
    expect(task.error()).toBe(boom);
    expect(log).toEqual([]);
  });

  test('The parent cannot catch an attached fork\'s error with try/catch around a join of that fork.', async () => {
    const d = deferred<void>();
    const boom = new Boom();
    function* failsLater(): Saga<never> { yield call(() => d.promise); throw boom; }
    const log: string[] = [];
    const task = run(function* parent() {
      const child = yield* fork(failsLater);
      try {
        yield join(child);
      } catch {
        log.push('catch block ran');
        yield put({ recovered: true });
      }
      return 'returned';
    });
    d.resolve();
    await expect(task.toPromise()).rejects.toBe(boom);
    expect(log).toEqual([]);
    expect(task.state()).toEqual({});
  });

  test('A parent aborted by one failing child does not resume in a catch around its join of another child.', () => {
    const clock = new TestClock();
    const boom = new Boom();
    const log: string[] = [];
    const task = run({ clock }, function* parent() {
      yield fork(function* failing() { yield delay(10); throw boom; });
      const slow = yield* fork(function* slow() { yield delay(1000); });
      try {
        yield join(slow);
      } catch (e) {
        log.push(`caught ${(e as Error).name}`);
        yield delay(1);
        log.push('went on');
      }
    });
    clock.advance(10);
    expect(log).toEqual([]);
    expect(task.error()).toBe(boom);
  });

  test('A failed parent still ends when a child it waits for fails too: the first error wins.', () => {
    const clock = new TestClock();
    const first = new Boom('parent failed');
    const second = new Boom('child cleanup failed');
    const task = run({ clock }, function* parent() {
      yield fork(function* child() {
        try { yield delay(1000); } finally { yield delay(5); throw second; }
      });
      throw first;
    });
    expect(task.isRunning()).toBe(true);
    clock.advance(5);
    expect(task.isRunning()).toBe(false);
    expect(task.error()).toBe(first);
  });

  test('An attached fork that fails after its parent\'s body returned still fails the parent.', async () => {
    const d = deferred<void>();
    const boom = new Boom();
    const task = run(function* parent() {
      yield fork(function* child() { yield call(() => d.promise); throw boom; });
      return 'body done';
    });
    expect(task.isRunning()).toBe(true);
    d.resolve();
    await expect(task.toPromise()).rejects.toBe(boom);
    expect(task.result()).toBeUndefined();
  });

  test('A spawned task\'s failure does not affect the parent, and the parent does not wait for it.', async () => {
    const d = deferred<void>();
    const boom = new Boom();
    let spawned: Task | undefined;
    const task = run(function* parent() {
      const t = yield* spawn(function* detached() { yield call(() => d.promise); throw boom; });
      return t;
    });
    expect(task.isRunning()).toBe(false);
    spawned = task.result();
    expect(spawned!.isRunning()).toBe(true);
    d.resolve();
    await flush();
    expect(spawned!.error()).toBe(boom);
    expect(task.error()).toBeUndefined();
    expect(task.result()).toBe(spawned);
  });

  test('Joining a failed spawned task rethrows its error, which the joiner can catch.', async () => {
    const d = deferred<void>();
    const boom = new Boom();
    const task = run(function* parent() {
      const t = yield* spawn(function* detached() { yield call(() => d.promise); throw boom; });
      try {
        yield join(t);
      } catch (e) {
        return e;
      }
      return null;
    });
    d.resolve();
    await expect(task.toPromise()).resolves.toBe(boom);
  });
});

describe('saga traces', () => {
  test('An error deep in nested forks lists every saga it crossed, innermost first, with the effect each was at.', () => {
    const clock = new TestClock();
    function* leaf(): Saga<void> { yield delay(5); yield call(function parseHostid() { throw new Boom('bad hostid'); }); }
    function* middle(): Saga<void> { yield fork(leaf); yield delay(100); }
    function* scanHost(): Saga<void> { yield fork(middle); yield delay(100); }
    const task = run({ clock }, scanHost);
    clock.advance(5);
    const err = task.error();
    expect(err).toBeInstanceOf(Boom);
    const trace = sagaTrace(err);
    expect(trace.map((f) => f.saga)).toEqual(['leaf', 'middle', 'scanHost']);
    expect(trace.map((f) => f.taskId)).toEqual([3, 2, 1]);
    expect(trace[0]!.effect).toBe('call(parseHostid)');
    expect(trace[1]!.effect).toBe('delay(ms: 100, value: true)');
    expect(formatSagaTrace(err)).toBe([
      'Boom: bad hostid',
      '    at call(parseHostid) in leaf (task 3)',
      '    at delay(ms: 100, value: true) in middle (task 2)',
      '    at delay(ms: 100, value: true) in scanHost (task 1)',
    ].join('\n'));
  });

  test('A parent aborted while one of its own effects runs (a call that cancels a child whose finally throws) is traced at that effect.', () => {
    const clock = new TestClock();
    function* stubborn(): Saga<void> {
      try { yield delay(100); } finally { yield call(function closeProbe() { throw new Boom('close failed'); }); }
    }
    const task = run({ clock }, function* parent() {
      const child = yield* fork(stubborn);
      yield* delay(5);
      yield call(function stopProbe() { child.cancel(); });
      yield delay(100);
    });
    clock.advance(5);
    expect(sagaTrace(task.error()).map((f) => [f.saga, f.effect])).toEqual([
      ['stubborn', 'call(closeProbe)'],
      ['parent', 'call(stopProbe)'],
    ]);
  });

  test('An error rethrown through a join lists the joined saga and the joiner once each.', async () => {
    const d = deferred<void>();
    function* worker(): Saga<void> { yield call(() => d.promise); throw new Boom(); }
    const task = run(function* boss() {
      const t = yield* spawn(worker);
      yield join(t);
    });
    d.resolve();
    const err = await task.toPromise().catch((e: unknown) => e);
    expect(sagaTrace(err).map((f) => [f.saga, f.effect])).toEqual([
      ['worker', 'call(anonymous)'],
      ['boss', `join(task: "task:2:worker")`],
    ]);
  });

  test('An error from a called saga lists the called saga and its caller.', () => {
    function* readRelease(): Saga<void> { yield call(Math.random); throw new Boom(); }
    const task = run(function* scan() { yield call(readRelease); });
    expect(sagaTrace(task.error()).map((f) => f.saga)).toEqual(['readRelease', 'scan']);
    expect(sagaTrace(task.error())[1]!.effect).toBe('call(readRelease)');
  });

  test('A frozen error object travels unchanged, without a trace.', () => {
    const frozen = Object.freeze(new Boom());
    const task = run(function* scan() { yield call(() => { throw frozen; }); });
    expect(task.error()).toBe(frozen);
    expect(sagaTrace(frozen)).toEqual([]);
  });
});
