/** fork starts attached children the parent waits for; spawn starts detached ones; join waits for either. */
import { describe, expect, test } from 'vitest';
import {
  call, cancel, delay, fork, isTask, join, run, spawn, TaskCancelledError, type Saga, type Task,
} from '../../src/index.js';
import { TestClock } from '../../src/testing/index.js';
import { deferred, flush } from './helpers.js';

function* after(ms: number, value: string): Saga<string> {
  yield delay(ms);
  return value;
}

describe('fork', () => {
  test('fork resumes at once with a running task while the child goes on in parallel.', () => {
    const clock = new TestClock();
    let handle: Task | undefined;
    const task = run({ clock }, function* parent() {
      handle = yield* fork(after, 100, 'child done');
      return 'parent body done';
    });
    expect(isTask(handle)).toBe(true);
    expect(handle!.isRunning()).toBe(true);
    expect(handle!.name).toBe('after');
    expect(task.isRunning()).toBe(true);
    clock.advance(100);
    expect(handle!.result()).toBe('child done');
  });

  test('A parent ends only after its attached forks, with its own return value.', () => {
    const clock = new TestClock();
    const task = run({ clock }, function* parent() {
      yield fork(after, 50, 'a');
      yield fork(after, 80, 'b');
      return 'parent';
    });
    clock.advance(50);
    expect(task.isRunning()).toBe(true);
    clock.advance(30);
    expect(task.isRunning()).toBe(false);
    expect(task.result()).toBe('parent');
  });

  test('Forking a plain function makes a task of its value or of its promise.', async () => {
    const d = deferred<string>();
    const task = run(function* parent() {
      const sync = yield* fork(() => 'plain');
      const later = yield* fork(() => d.promise);
      expect(sync.isRunning()).toBe(false);
      expect(later.isRunning()).toBe(true);
      return [yield* join(sync), yield* join(later)];
    });
    d.resolve('promised');
    await expect(task.toPromise()).resolves.toEqual(['plain', 'promised']);
  });

  test('Forking [context, fn] or [context, "method"] calls the function with that context.', () => {
    const host = {
      name: 'h1',
      *describe(this: { name: string }, suffix: string): Saga<string> { yield delay(0); return `${this.name}${suffix}`; },
    };
    const clock = new TestClock();
    const task = run({ clock }, function* parent() {
      const a = yield* fork([host, host.describe], '-a');
      const b = yield* fork([host, 'describe'], '-b');
      return yield* join([a, b]);
    });
    clock.advance(0);
    expect(task.result()).toEqual(['h1-a', 'h1-b']);
  });

  test('Task ids increase in start order and tasks are named after their saga.', () => {
    const seen: Array<[number, string]> = [];
    function* second(): Saga<void> {}
    run(function* first() {
      const a = yield* fork(second);
      const b = yield* spawn(function* third() {});
      seen.push([a.id, a.name], [b.id, b.name]);
    });
    expect(seen).toEqual([[2, 'second'], [3, 'third']]);
  });
});

describe('join', () => {
  test('join resumes with the result of a task, or the results of an array of tasks in their order.', () => {
    const clock = new TestClock();
    const task = run({ clock }, function* parent() {
      const slow = yield* fork(after, 30, 'slow');
      const fast = yield* fork(after, 10, 'fast');
      const one = yield* join(fast);
      const both = yield* join([slow, fast]);
      return { one, both };
    });
    clock.advance(30);
    expect(task.result()).toEqual({ one: 'fast', both: ['slow', 'fast'] });
  });

  /** `length` tasks, each joining the one before; the first waits for `first`. Resolves to the last one's result. */
  function chainOf(length: number, start: typeof fork | typeof spawn, first: Promise<number>): Promise<number> {
    function* link(previous: Task<number> | null): Saga<number> {
      if (previous === null) return yield* call(() => first);
      return (yield* join(previous)) + 1;
    }
    return run(function* chain() {
      let previous: Task<number> | null = null;
      for (let i = 0; i < length; i++) previous = yield* start(link, previous);
      return yield* join(previous!);
    }).toPromise();
  }

  test('a chain of 100,000 tasks, each joining the one before, unwinds without overflowing the stack.', async () => {
    const first = deferred<number>();
    const last = chainOf(100_000, fork, first.promise);
    first.resolve(0);
    expect(await last).toBe(99_999);
  });

  test('a failure at the start of such a chain reaches its end, as an error, not a crash.', async () => {
    const first = deferred<number>();
    const last = chainOf(20_000, spawn, first.promise);
    first.reject(new Error('the first link failed'));
    await expect(last).rejects.toThrow('the first link failed');
  });

  test('join of a task that already ended resumes synchronously.', () => {
    const task = run(function* parent() {
      const t = yield* fork(() => 7);
      return (yield* join(t)) + (yield* join([t, t])).length;
    });
    expect(task.isRunning()).toBe(false);
    expect(task.result()).toBe(9);
  });

  test('join of an empty array resumes with an empty array.', () => {
    expect(run(function* parent() { return yield* join([]); }).result()).toEqual([]);
  });

  test('join of a cancelled task throws TaskCancelledError with the code "cancelled".', () => {
    const clock = new TestClock();
    const task = run({ clock }, function* parent() {
      const t = yield* fork(after, 100, 'never');
      yield cancel(t);
      try {
        yield join(t);
      } catch (e) {
        return e;
      }
      return null;
    });
    const err = task.result() as TaskCancelledError;
    expect(err).toBeInstanceOf(TaskCancelledError);
    expect(err.code).toBe('cancelled');
    expect(err.taskName).toBe('after');
    expect(err.message).toBe('task after was cancelled');
  });

  test('join of a task that is cancelled while being waited for throws TaskCancelledError.', () => {
    const clock = new TestClock();
    let victim: Task | undefined;
    const task = run({ clock }, function* parent() {
      victim = yield* spawn(after, 100, 'never');
      yield fork(function* canceller() { yield delay(10); yield cancel(victim!); });
      try {
        return yield* join(victim);
      } catch (e) {
        return (e as TaskCancelledError).code;
      }
    });
    clock.advance(10);
    expect(task.result()).toBe('cancelled');
    expect(victim!.isCancelled()).toBe(true);
  });

  test('join of an array fails with the first failure among the tasks.', async () => {
    const d = deferred<void>();
    const boom = new Error('second task failed');
    const task = run(function* parent() {
      const a = yield* spawn(function* slow() { yield call(() => new Promise(() => {})); });
      const b = yield* spawn(function* failing() { yield call(() => d.promise); throw boom; });
      try {
        yield join([a, b]);
      } catch (e) {
        return e;
      }
      return null;
    });
    d.resolve();
    await expect(task.toPromise()).resolves.toBe(boom);
  });
});

describe('spawn and call', () => {

  test('onError hears of a spawned task that fails while nobody joins it, and only of that one.', async () => {
    const heard: Array<[string, string]> = [];
    const onError = (error: unknown, task: { id: number; name: string }): void => void heard.push([task.name, (error as Error).message]);
    function* lonely(): Saga<void> {
      yield* delay(1);
      throw new Error('nobody listens');
    }
    function* joined(): Saga<void> {
      yield* delay(1);
      throw new Error('the joiner hears it');
    }
    const task = run({ onError }, function* parent() {
      yield* spawn(lonely);
      const waited = yield* spawn(joined);
      try {
        yield* join(waited);
      } catch {
        // Heard here: not for onError.
      }
      yield* delay(5);
      return 'done';
    });
    expect(await task.toPromise()).toBe('done');
    expect(heard).toEqual([['lonely', 'nobody listens']]);
  });

  test('onError hears of the root\'s own failure once, named after the root, and the root\'s promise rejects too.', async () => {
    const heard: Array<[number, string, unknown]> = [];
    const boom = new Error('root failed');
    const task = run({ onError: (error, t) => void heard.push([t.id, t.name, error]) }, function* scanFleet() {
      try {
        yield* call(function* probe() { throw new Error('caught by the root'); });
      } catch {
        // Caught: never reported.
      }
      yield* delay(1);
      throw boom;
    });
    await expect(task.toPromise()).rejects.toBe(boom);
    expect(heard).toEqual([[task.id, 'scanFleet', boom]]);
  });
  test('A spawned task outlives its parent, which ends without waiting for it.', () => {
    const clock = new TestClock();
    let detached: Task | undefined;
    const task = run({ clock }, function* parent() {
      detached = yield* spawn(after, 100, 'late');
      return 'parent done';
    });
    expect(task.result()).toBe('parent done');
    expect(detached!.isRunning()).toBe(true);
    clock.advance(100);
    expect(detached!.result()).toBe('late');
  });

  test('call of a saga runs it to completion and resumes with its return value.', async () => {
    const d = deferred<number>();
    function* sub(n: number): Saga<number> { return n + (yield* call(() => d.promise)); }
    const task = run(function* parent() { return yield* call(sub, 1); });
    d.resolve(41);
    await expect(task.toPromise()).resolves.toBe(42);
  });

  test('A called saga waits for its own forks before its caller resumes.', () => {
    const clock = new TestClock();
    const log: string[] = [];
    function* sub(): Saga<string> {
      yield fork(function* inner() { yield delay(20); log.push('inner done'); });
      return 'sub body done';
    }
    const task = run({ clock }, function* parent() {
      const r = yield* call(sub);
      log.push(`caller resumed with ${r}`);
    });
    clock.advance(20);
    expect(log).toEqual(['inner done', 'caller resumed with sub body done']);
    expect(task.isRunning()).toBe(false);
  });

  test('toPromise settles every caller, including those that ask after the end.', async () => {
    const d = deferred<string>();
    const task = run(function* saga() { return yield* call(() => d.promise); });
    const early = task.toPromise();
    d.resolve('x');
    await flush();
    await expect(early).resolves.toBe('x');
    await expect(task.toPromise()).resolves.toBe('x');
  });
});
