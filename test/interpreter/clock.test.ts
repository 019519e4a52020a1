/** delay and retry wait on the run's clock: a TestClock in tests, the real clock otherwise. */
import { afterEach, describe, expect, test, vi } from 'vitest';
import { call, delay, race, realClock, retry, run, sagaTrace } from '../../src/index.js';
import { TestClock } from '../../src/testing/index.js';
import { flush } from './helpers.js';

describe('delay', () => {
  test('delay resumes once the clock has moved by its milliseconds, not before, with its value.', () => {
    const clock = new TestClock();
    const task = run({ clock }, function* saga() {
      const a = yield* delay(100);
      const b = yield* delay(50, 'second');
      return [a, b, clock.now()];
    });
    clock.advance(99);
    expect(task.isRunning()).toBe(true);
    clock.advance(1);
    expect(task.isRunning()).toBe(true);
    clock.advance(49);
    expect(task.isRunning()).toBe(true);
    clock.advance(1);
    expect(task.result()).toEqual([true, 'second', 150]);
  });

  test('delay(0) still waits for the clock: it never resumes synchronously.', () => {
    const clock = new TestClock();
    const task = run({ clock }, function* saga() { yield delay(0); return 'after'; });
    expect(task.isRunning()).toBe(true);
    clock.advance(0);
    expect(task.result()).toBe('after');
  });

  test('With the real clock, a short delay resumes on its own.', async () => {
    const task = run(function* saga() { return yield* delay(1, 'real'); });
    await expect(task.toPromise()).resolves.toBe('real');
  });
});

describe('the real clock and very long delays', () => {
  afterEach(() => { vi.useRealTimers(); });

  test('A delay longer than the 2^31-1 ms a Node timer can hold does not fire early.', () => {
    vi.useFakeTimers();
    const ms = 2 ** 31 + 1000;
    const task = run(function* saga() { yield delay(ms); return 'late'; });
    vi.advanceTimersByTime(1000);
    expect(task.isRunning()).toBe(true);
    vi.advanceTimersByTime(ms - 1001);
    expect(task.isRunning()).toBe(true);
    vi.advanceTimersByTime(1);
    expect(task.result()).toBe('late');
  });

  test('A delay of Infinity never fires, and a race against it is won by the other contender.', () => {
    vi.useFakeTimers();
    const task = run(function* saga() { return yield* race({ never: delay(Infinity), soon: delay(10, 'soon') }); });
    vi.advanceTimersByTime(5);
    expect(task.isRunning()).toBe(true);
    vi.advanceTimersByTime(5);
    expect(task.result()).toEqual({ soon: 'soon' });
  });

  test('Cancelling a very long delay clears its timer.', () => {
    vi.useFakeTimers();
    const task = run(function* saga() { yield delay(2 ** 32); });
    expect(vi.getTimerCount()).toBe(1);
    task.cancel();
    expect(vi.getTimerCount()).toBe(0);
  });

  test('realClock.now() does not go backwards.', () => {
    const a = realClock.now();
    const b = realClock.now();
    expect(b).toBeGreaterThanOrEqual(a);
  });
});

describe('retry', () => {
  test('retry calls again after each failure, waiting delayMs in between, and resumes with the first success.', () => {
    const clock = new TestClock();
    const attempts: number[] = [];
    const flaky = (name: string): string => {
      attempts.push(clock.now());
      if (attempts.length < 3) throw new Error(`attempt ${attempts.length} failed`);
      return `${name} ok`;
    };
    const task = run({ clock }, function* saga() { return yield* retry(5, 100, flaky, 'hostid'); });
    expect(attempts).toEqual([0]);
    clock.advance(99);
    expect(attempts).toEqual([0]);
    clock.advance(1);
    expect(attempts).toEqual([0, 100]);
    clock.advance(100);
    expect(attempts).toEqual([0, 100, 200]);
    expect(task.result()).toBe('hostid ok');
    expect(clock.pending()).toBe(0);
  });

  test('After maxTries failures, retry throws the last error, traced through the retry.', () => {
    const clock = new TestClock();
    let n = 0;
    const errors: Error[] = [];
    function probe(): never {
      const e = new Error(`failure ${++n}`);
      errors.push(e);
      throw e;
    }
    const task = run({ clock }, function* scan() { yield retry(3, 10, probe); });
    clock.advance(20);
    expect(task.error()).toBe(errors[2]);
    expect(errors).toHaveLength(3);
    expect(sagaTrace(task.error()).map((f) => f.saga)).toEqual(['retry(probe)', 'scan']);
  });

  test('retry waits for promises and retries their rejections too.', async () => {
    const clock = new TestClock();
    let n = 0;
    const flaky = async (): Promise<number> => {
      n++;
      if (n === 1) throw new Error('first');
      return n;
    };
    const task = run({ clock }, function* saga() { return yield* retry(2, 10, flaky); });
    await flush();
    clock.advance(10);
    await expect(task.toPromise()).resolves.toBe(2);
  });

  test('retry with maxTries 1 calls once and does not wait.', () => {
    const clock = new TestClock();
    const boom = new Error('once');
    const task = run({ clock }, function* saga() { yield retry(1, 1000, () => { throw boom; }); });
    expect(task.error()).toBe(boom);
    expect(clock.pending()).toBe(0);
  });

  test('retry calls a method with its context.', () => {
    const clock = new TestClock();
    const host = { tries: 0, probe(this: { tries: number }) { this.tries++; if (this.tries < 2) throw new Error('not yet'); return this.tries; } };
    const task = run({ clock }, function* saga() { return yield* retry(3, 5, [host, 'probe']); });
    clock.advance(5);
    expect(task.result()).toBe(2);
  });

  test('Cancelling a retry while it waits clears its timer, and the function is not called again.', () => {
    const clock = new TestClock();
    let calls = 0;
    const task = run({ clock }, function* saga() { yield retry(5, 100, () => { calls++; throw new Error('no'); }); });
    expect(clock.pending()).toBe(1);
    task.cancel();
    expect(clock.pending()).toBe(0);
    clock.advance(1000);
    expect(calls).toBe(1);
    expect(task.isCancelled()).toBe(true);
  });

  test('A retry losing a race is cancelled with it.', () => {
    const clock = new TestClock();
    let calls = 0;
    const task = run({ clock }, function* saga() {
      return yield* race({ probe: retry(10, 100, () => { calls++; throw new Error('no'); }), timeout: delay(250, 'timeout') });
    });
    clock.advance(1000);
    expect(task.result()).toEqual({ timeout: 'timeout' });
    expect(calls).toBe(3);
    expect(clock.pending()).toBe(0);
  });

  test('A call of a function that waits on the clock itself is driven by the same test clock.', () => {
    const clock = new TestClock();
    const sleep = (ms: number): Promise<string> => new Promise((resolve) => clock.setTimeout(() => resolve('slept'), ms));
    const task = run({ clock }, function* saga() { return yield* call(sleep, 10); });
    clock.advance(10);
    return expect(task.toPromise()).resolves.toBe('slept');
  });
});
