/**
 * Synchronous results resume the saga in a loop, not by recursion: long runs of synchronous effects
 * neither grow the stack nor wait for a microtask, and an all-synchronous run has ended when run() returns.
 */
import { describe, expect, test } from 'vitest';
import { all, call, fork, getContext, join, put, run, select, setContext, spawn, type Saga } from '../../src/index.js';

const inc = (i: number): number => i + 1;

describe('the synchronous loop', () => {
  test('A million synchronous calls in a row complete without overflowing the stack, before run() returns.', () => {
    const N = 1_000_000;
    const task = run(function* counter() {
      let acc = 0;
      for (let i = 0; i < N; i++) acc += yield* call(inc, i);
      return acc;
    });
    expect(task.isRunning()).toBe(false);
    expect(task.error()).toBeUndefined();
    expect(task.result()).toBe((N * (N + 1)) / 2);
  });

  test('Two hundred thousand synchronous effects of mixed kinds complete before run() returns.', () => {
    const N = 200_000;
    const task = run({ state: { n: 0 } }, function* mixed() {
      for (let i = 0; i < N; i += 4) {
        const n = yield* select((s: { n: number }) => s.n);
        yield put({ n: n + 1 });
        yield* call(inc, i);
        yield* getContext('k');
      }
      return yield* select((s: { n: number }) => s.n);
    });
    expect(task.isRunning()).toBe(false);
    expect(task.result()).toBe(N / 4);
  });

  test('A hundred thousand synchronous sub-sagas, called or forked, each end at once.', () => {
    function* sub(i: number): Saga<number> { return yield* call(inc, i); }
    const N = 100_000;
    const task = run(function* parent() {
      let acc = 0;
      for (let i = 0; i < N; i++) {
        acc += yield* call(sub, i);
        const t = yield* fork(sub, i);
        acc -= yield* join(t);
      }
      return acc;
    });
    expect(task.isRunning()).toBe(false);
    expect(task.result()).toBe(0);
  });

  test('A run made only of synchronous effects has ended when run() returns: no microtask is needed.', () => {
    let sawMicrotask = false;
    queueMicrotask(() => { sawMicrotask = true; });
    const task = run({ state: {} }, function* everything() {
      yield setContext({ host: 'h1' });
      const host = yield* getContext<string>('host');
      const child = yield* fork(function* child() { return yield* call(inc, 1); });
      const detached = yield* spawn(function* detached() { return 'spawned'; });
      const [a, b] = yield* join([child, detached]);
      const both = yield* all({ x: call(inc, 2), s: select() });
      yield put({ host, a, b, x: both.x });
      return yield* select();
    });
    expect(sawMicrotask).toBe(false);
    expect(task.isRunning()).toBe(false);
    expect(task.result()).toEqual({ host: 'h1', a: 2, b: 'spawned', x: 3 });
  });

  test('A synchronous loop inside a forked child does not block the parent from ending with it.', () => {
    const N = 300_000;
    const task = run(function* parent() {
      const t = yield* fork(function* busy() {
        let acc = 0;
        for (let i = 0; i < N; i++) acc += yield* call(inc, 0);
        return acc;
      });
      return yield* join(t);
    });
    expect(task.result()).toBe(N);
  });
});
