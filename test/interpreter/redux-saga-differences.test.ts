/**
 * Where plesio deliberately differs from redux-saga: one test per row of README's "Coming from
 * redux-saga" table, each showing what redux-saga itself does and what plesio does instead.
 */
import * as rs from 'redux-saga';
import { runSaga, stdChannel, type Task as ReduxTask } from 'redux-saga';
import * as rse from 'redux-saga/effects';
import { describe, expect, test } from 'vitest';
import * as plesio from '../../src/index.js';
import { all, call, delay, InvalidEffectError, put, run, TaskCancelledError, type Monitor } from '../../src/index.js';
import { kits } from './both.js';

const quiet = { onError: (): void => {} };
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function reduxRun(saga: (...a: any[]) => Generator<any, any, any>, options: Record<string, unknown> = {}): ReduxTask {
  return runSaga({ channel: stdChannel(), dispatch: () => {}, getState: () => ({}), ...quiet, ...options }, saga);
}

describe('state and actions', () => {
  test('put: redux-saga dispatches an action to the store; plesio merges it into the run\'s state.', async () => {
    const dispatched: unknown[] = [];
    await reduxRun(function* saga() { yield rse.put({ type: 'FACT', hostid: 'h' }); }, { dispatch: (a: unknown) => dispatched.push(a) }).toPromise();
    expect(dispatched).toEqual([{ type: 'FACT', hostid: 'h' }]);
    // The same put in plesio writes every key of the "action" into the state, `type` included.
    const task = run(function* saga() { yield put({ type: 'FACT', hostid: 'h' }); });
    expect(task.state()).toEqual({ type: 'FACT', hostid: 'h' });
  });

  test('put resumes with what dispatch returned in redux-saga, with undefined in plesio.', async () => {
    const r = reduxRun(function* saga() { return yield rse.put({ type: 'A' }); }, { dispatch: (a: unknown) => ({ dispatched: a }) });
    expect(await r.toPromise()).toEqual({ dispatched: { type: 'A' } });
    expect(run(function* saga(): Generator<unknown, unknown, unknown> { return yield put({ a: 1 }); }).result()).toBeUndefined();
  });

  test('No take, channels or action helpers in plesio, nor cps, apply, putResolve or detach.', () => {
    const effects = ['take', 'takeMaybe', 'takeEvery', 'takeLatest', 'takeLeading', 'throttle', 'debounce', 'actionChannel',
      'flush', 'cps', 'apply', 'putResolve'];
    const core = ['eventChannel', 'channel', 'multicastChannel', 'END', 'detach'];
    for (const name of effects) expect(name in rse, `redux-saga/effects has ${name}`).toBe(true);
    for (const name of core) expect(name in rs, `redux-saga has ${name}`).toBe(true);
    for (const name of [...effects, ...core]) expect(name in plesio, `plesio has no ${name}`).toBe(false);
  });
});

describe('what may be yielded', () => {
  test('A bare promise is resolved by redux-saga; plesio refuses it unless the run is lenient.', async () => {
    expect(await reduxRun(function* saga() { return yield Promise.resolve(1); }).toPromise()).toBe(1);
    expect(run(function* saga(): Generator<unknown, unknown, unknown> { return yield Promise.resolve(1); }).error()).toBeInstanceOf(InvalidEffectError);
    await expect(run({ lenient: true }, function* saga(): Generator<unknown, unknown, unknown> { return yield Promise.resolve(1); }).toPromise()).resolves.toBe(1);
  });

  test('all and race take promises and iterators in redux-saga; plesio\'s take effects only, checked when made.', async () => {
    const r = reduxRun(function* saga() { return yield rse.all([Promise.resolve(1), rse.call(() => 2)]); });
    expect(await r.toPromise()).toEqual([1, 2]);
    expect(() => all([Promise.resolve(1) as never, call(() => 2)])).toThrow(new TypeError('all(effects): effects["0"] is not an effect (did you forget call()?)'));
  });

  test('call({ context, fn }) is redux-saga\'s; plesio takes [context, fn] or [context, \'method\'].', async () => {
    const host = { name: 'h', hello(this: { name: string }): string { return `hello ${this.name}`; } };
    expect(await reduxRun(function* saga() { return yield rse.call({ context: host, fn: host.hello }); }).toPromise()).toBe('hello h');
    expect(() => (call as (...a: unknown[]) => unknown)({ context: host, fn: host.hello })).toThrow(TypeError);
    expect(run(function* saga() { return yield* call([host, 'hello']); }).result()).toBe('hello h');
  });

  test('Descriptors: redux-saga\'s carry an IO marker and a payload; plesio\'s are plain data with a lowercase type.', () => {
    const inc = (i: number): number => i + 1;
    expect(rse.call(inc, 1)).toMatchObject({ '@@redux-saga/IO': true, type: 'CALL', payload: { context: null, fn: inc, args: [1] } });
    expect(call(inc, 1)).toEqual({ type: 'call', context: null, fn: inc, args: [1] });
    // redux-saga's delay is a call of a helper; plesio's is an effect of its own, on the run's clock.
    expect(rse.delay(5)).toMatchObject({ type: 'CALL' });
    expect(delay(5)).toEqual({ type: 'delay', ms: 5, value: true });
  });
});

describe('cancellation', () => {
  test('A cancelled task\'s toPromise() resolves with TASK_CANCEL in redux-saga, and rejects with TaskCancelledError in plesio.', async () => {
    const r = reduxRun(function* saga() { yield rse.delay(1000); });
    r.cancel();
    expect(await r.toPromise()).toBe('@@redux-saga/TASK_CANCEL');
    expect(r.result()).toBe('@@redux-saga/TASK_CANCEL');
    const p = run(function* saga() { yield delay(1000); });
    p.cancel();
    await expect(p.toPromise()).rejects.toBeInstanceOf(TaskCancelledError);
    expect(p.result()).toBeUndefined();
  });

  test('Joining a cancelled task cancels the joiner in redux-saga; in plesio the join throws TaskCancelledError, which the joiner may catch.', async () => {
    const outcomes = await Promise.all(kits.map(async (k) => {
      const seen: string[] = [];
      function* sleeper(): Generator<any, void, any> { yield k.delay(1000); }
      function* canceller(t: unknown): Generator<any, void, any> { yield k.delay(5); yield k.cancel(t); }
      const r = k.run(function* joiner() {
        try {
          const t = yield k.spawn(sleeper);
          yield k.fork(canceller, t);
          yield k.join(t);
          return 'joined';
        } catch (e) {
          return (e as Error).name;
        } finally {
          seen.push(`finally, cancelled=${String(yield k.cancelled())}`);
        }
      });
      return [k.name, await r.ended, seen];
    }));
    expect(outcomes).toEqual([
      ['plesio', { status: 'done', value: 'TaskCancelledError' }, ['finally, cancelled=false']],
      ['redux-saga', { status: 'cancelled' }, ['finally, cancelled=true']],
    ]);
  });

  test('On cancel, redux-saga runs the parent\'s finally first, then its forks\' in start order; plesio the forks\' first, last started first.', async () => {
    const orders = await Promise.all(kits.map(async (k) => {
      const log: string[] = [];
      function* child(name: string): Generator<any, void, any> {
        try { yield k.delay(1000); } finally { log.push(name); }
      }
      const r = k.run(function* parent() {
        try {
          yield k.fork(child, 'first');
          yield k.fork(child, 'second');
          yield k.delay(1000);
        } finally {
          log.push('parent');
        }
      });
      r.task.cancel();
      await r.ended;
      return [k.name, log];
    }));
    expect(orders).toEqual([['plesio', ['second', 'first', 'parent']], ['redux-saga', ['parent', 'first', 'second']]]);
  });

  test('A cancelled redux-saga task has ended as soon as cancel() returns; a plesio task runs until its finally blocks are done.', async () => {
    const states = await Promise.all(kits.map(async (k) => {
      const log: string[] = [];
      const r = k.run(function* saga() {
        try { yield k.delay(1000); } finally { yield k.delay(5); log.push('cleaned up'); }
      });
      r.task.cancel();
      const atCancel = [r.task.isRunning(), r.task.isCancelled()];
      await r.ended;
      const atEnd = log.slice();
      await pause(20);
      return [k.name, atCancel, atEnd];
    }));
    expect(states).toEqual([
      ['plesio', [true, false], ['cleaned up']],
      ['redux-saga', [false, true], []],
    ]);
  });
});

describe('errors', () => {
  test('redux-saga tells onError of every failed spawned task, joined or not; plesio only of one no join waits for.', async () => {
    const heard = await Promise.all(kits.map(async (k) => {
      function* failing(): Generator<any, never, any> { yield k.delay(1); throw new Error('spawned failed'); }
      const r = k.run(function* parent() {
        const t = yield k.spawn(failing);
        try { yield k.join(t); } catch { /* handled here */ }
        return 'ok';
      });
      return [k.name, await r.ended, r.heard];
    }));
    expect(heard).toEqual([
      ['plesio', { status: 'done', value: 'ok' }, []],
      ['redux-saga', { status: 'done', value: 'ok' }, [new Error('spawned failed')]],
    ]);
  });

  test('Without onError, redux-saga logs an uncaught error to console.error; plesio writes nothing, and onError gets the task instead of a saga stack.', async () => {
    const logged: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]): void => void logged.push(args);
    try {
      const r = runSaga({ channel: stdChannel(), dispatch: () => {}, getState: () => ({}) }, function* failing() { yield rse.delay(1); throw new Error('x'); });
      await r.toPromise().catch(() => {});
      const beforePlesio = logged.length;
      await run(function* failing() { yield delay(1); throw new Error('x'); }).toPromise().catch(() => {});
      expect(beforePlesio).toBeGreaterThan(0);
      expect(logged).toHaveLength(beforePlesio);
    } finally {
      console.error = original;
    }
    const second: unknown[] = [];
    runSaga({ channel: stdChannel(), dispatch: () => {}, getState: () => ({}), onError: (_e, info) => void second.push(info) }, function* failing() { throw new Error('x'); });
    run({ onError: (_e, info) => void second.push(info) }, function* failing() { throw new Error('x'); });
    expect(second[0]).toEqual({ sagaStack: expect.stringContaining('failing') });
    expect(second[1]).toEqual({ id: expect.any(Number), name: 'failing' });
  });
});

describe('context and monitor', () => {
  test('A forked child sees its parent\'s later setContext in redux-saga; in plesio it keeps the context it started with.', async () => {
    const seen = await Promise.all(kits.map(async (k) => {
      function* child(): Generator<any, unknown, any> { yield k.delay(5); return yield k.getContext('host'); }
      const r = k.run(function* parent() {
        yield k.setContext({ host: 'before' });
        const t = yield k.fork(child);
        yield k.setContext({ host: 'after' });
        return yield k.join(t);
      });
      return [k.name, await r.ended];
    }));
    expect(seen).toEqual([['plesio', { status: 'done', value: 'before' }], ['redux-saga', { status: 'done', value: 'after' }]]);
  });

  test('A redux-saga monitor\'s effect hooks work as a plesio monitor (with a taskId); rootSagaStarted and actionDispatched are never called.', () => {
    const calls: string[] = [];
    const sagaMonitor: Monitor & { rootSagaStarted(): void; actionDispatched(): void } = {
      rootSagaStarted: () => void calls.push('rootSagaStarted'),
      actionDispatched: () => void calls.push('actionDispatched'),
      effectTriggered: (e) => void calls.push(`triggered ${e.effect.type} in task ${e.taskId}`),
      effectResolved: (_id, result) => void calls.push(`resolved ${String(result)}`),
      effectRejected: () => void calls.push('rejected'),
      effectCancelled: () => void calls.push('cancelled'),
    };
    run({ monitor: sagaMonitor }, function* saga() { yield* call(() => 1); yield put({ a: 1 }); });
    expect(calls).toEqual(['triggered call in task 1', 'resolved 1', 'triggered put in task 1', 'resolved undefined']);
  });
});
