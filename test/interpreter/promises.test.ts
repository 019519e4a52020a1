/** Waiting on promises and thenables: each wait resumes the saga once, with its own outcome. */
import { describe, expect, test } from 'vitest';
import { call, cancelled, run, type Saga } from '../../src/index.js';
import { afterMicrotasks, deferred, flush } from './helpers.js';

describe('promise waits', () => {
  test('A call of a promise-returning function resumes with the promise\'s value.', async () => {
    const task = run(function* saga() {
      const a = yield* call(async (x: number) => x * 2, 21);
      const b = yield* call(() => afterMicrotasks('later', 5));
      return [a, b];
    });
    expect(task.isRunning()).toBe(true);
    await expect(task.toPromise()).resolves.toEqual([42, 'later']);
  });

  test('Many promise waits in a row resume in order, each with its own value.', async () => {
    const task = run(function* saga() {
      const seen: number[] = [];
      for (let i = 0; i < 200; i++) seen.push(yield* call(() => afterMicrotasks(i, i % 4)));
      return seen;
    });
    await expect(task.toPromise()).resolves.toEqual(Array.from({ length: 200 }, (_, i) => i));
  });

  test('A thenable that calls back synchronously resumes the saga without waiting.', () => {
    const syncThenable = { then(onFulfilled: (v: string) => void) { onFulfilled('at once'); } };
    const task = run(function* saga() { return yield* call(() => syncThenable); });
    expect(task.isRunning()).toBe(false);
    expect(task.result()).toBe('at once');
  });

  test('A thenable that calls back twice resumes the saga once; its second call does not answer a later wait.', async () => {
    const twice = {
      then(onFulfilled: (v: string) => void) {
        onFulfilled('first');
        queueMicrotask(() => onFulfilled('second'));
      },
    };
    const later = deferred<string>();
    const task = run(function* saga() {
      const a = yield* call(() => twice);
      const b = yield* call(() => later.promise);
      return [a, b];
    });
    await flush();
    later.resolve('later');
    await expect(task.toPromise()).resolves.toEqual(['first', 'later']);
  });

  test('A thenable that both fulfils and rejects resumes the saga with the first outcome only.', async () => {
    const both = {
      then(onFulfilled: (v: string) => void, onRejected: (e: unknown) => void) {
        queueMicrotask(() => { onFulfilled('value'); onRejected(new Error('ignored')); });
      },
    };
    const later = deferred<string>();
    const task = run(function* saga() {
      const a = yield* call(() => both);
      const b = yield* call(() => later.promise);
      return [a, b];
    });
    await flush();
    later.resolve('later');
    await expect(task.toPromise()).resolves.toEqual(['value', 'later']);
  });

  test('After a cancelled wait, the abandoned promise settling later does not answer the finally\'s own wait.', async () => {
    const abandoned = deferred<string>();
    const cleanup = deferred<string>();
    const seen: unknown[] = [];
    function* saga(): Saga<void> {
      try {
        yield call(() => abandoned.promise);
      } finally {
        seen.push(yield* cancelled());
        seen.push(yield* call(() => cleanup.promise));
      }
    }
    const task = run(saga);
    task.cancel();
    abandoned.resolve('stale');
    await flush();
    expect(task.isRunning()).toBe(true);
    cleanup.resolve('fresh');
    await flush();
    expect(seen).toEqual([true, 'fresh']);
    expect(task.isCancelled()).toBe(true);
  });

  test('A rejection after a cancelled wait is not reported as unhandled and does not fail the task.', async () => {
    const abandoned = deferred<string>();
    const task = run(function* saga() { yield call(() => abandoned.promise); });
    task.cancel();
    abandoned.reject(new Error('too late'));
    await flush();
    expect(task.isCancelled()).toBe(true);
    expect(task.error()).toBeUndefined();
  });
});
