/** Cancellation: finally blocks run, every attached descendant is reached, resources are released. */
import { getEventListeners } from 'node:events';
import { describe, expect, test } from 'vitest';
import {
  all, call, cancel, cancelled, delay, exec, fork, join, put, run, spawn, TaskCancelledError, type Saga, type Task,
} from '../../src/index.js';
import { TestClock } from '../../src/testing/index.js';
import { deferred, fakeExecutor, flush, recordingMonitor } from './helpers.js';

function* sleeper(log: string[], name: string, ms = 1000): Saga<void> {
  try {
    yield delay(ms);
    log.push(`${name} woke`);
  } finally {
    log.push(`${name} finally, cancelled=${String(yield* cancelled())}`);
  }
}

describe('task.cancel()', () => {
  test('Cancelling a task runs its finally blocks, where cancelled() is true, and ends it as cancelled.', async () => {
    const clock = new TestClock();
    const log: string[] = [];
    const task = run({ clock }, sleeper, log, 'root');
    task.cancel();
    expect(log).toEqual(['root finally, cancelled=true']);
    expect(task.isRunning()).toBe(false);
    expect(task.isCancelled()).toBe(true);
    expect(task.result()).toBeUndefined();
    expect(task.error()).toBeUndefined();
    await expect(task.toPromise()).rejects.toBeInstanceOf(TaskCancelledError);
  });

  test('cancelled() is false outside of a cancellation, and true in the finally of a task torn down because a child failed.', () => {
    const clock = new TestClock();
    const seen: boolean[] = [];
    const task = run({ clock }, function* parent() {
      seen.push(yield* cancelled());
      try {
        yield fork(function* failing() { yield delay(5); throw new Error('child failed'); });
        yield delay(100);
      } finally {
        seen.push(yield* cancelled());
      }
    });
    clock.advance(5);
    expect(task.error()).toEqual(new Error('child failed'));
    // As in redux-saga: the parent is aborted, and its finally can record that it did not finish.
    expect(seen).toEqual([false, true]);
    expect(task.isAborted()).toBe(true);
    expect(task.isCancelled()).toBe(false);
  });

  test('Cancellation reaches every attached descendant, but not spawned tasks.', () => {
    const clock = new TestClock();
    const log: string[] = [];
    let detached: Task | undefined;
    function* middle(): Saga<void> {
      yield fork(sleeper, log, 'grandchild');
      detached = yield* spawn(sleeper, log, 'spawned');
      yield* sleeper(log, 'middle');
    }
    const task = run({ clock }, function* root() {
      yield fork(middle);
      yield fork(sleeper, log, 'child');
      yield* sleeper(log, 'root');
    });
    task.cancel();
    expect(log.sort()).toEqual([
      'child finally, cancelled=true',
      'grandchild finally, cancelled=true',
      'middle finally, cancelled=true',
      'root finally, cancelled=true',
    ]);
    expect(detached!.isRunning()).toBe(true);
    expect(clock.pending()).toBe(1);
    clock.advance(1000);
    expect(log).toContain('spawned woke');
  });

  test('Cancellation still reaches every sibling when one sibling\'s finally cancels another.', () => {
    const clock = new TestClock();
    const log: string[] = [];
    function* canceller(victim: Task): Saga<void> {
      try { yield delay(1000); } finally { yield cancel(victim); log.push('canceller finally'); }
    }
    const task = run({ clock }, function* parent() {
      yield fork(sleeper, log, 'first');
      const second = yield* fork(sleeper, log, 'second');
      yield fork(canceller, second);
      yield delay(1000);
    });
    task.cancel();
    expect(log.sort()).toEqual(['canceller finally', 'first finally, cancelled=true', 'second finally, cancelled=true']);
    expect(task.isCancelled()).toBe(true);
    expect(clock.pending()).toBe(0);
  });

  test('A cancelled task whose body already returned, while it waits for its forks, ends as cancelled.', () => {
    const clock = new TestClock();
    const log: string[] = [];
    const task = run({ clock }, function* parent() {
      yield fork(sleeper, log, 'child');
      return 'body result';
    });
    task.cancel();
    expect(task.isCancelled()).toBe(true);
    expect(task.result()).toBeUndefined();
    expect(log).toEqual(['child finally, cancelled=true']);
  });

  test('A task cancelled while it joins its own child ends as cancelled, not failed by the child\'s cancellation.', () => {
    const clock = new TestClock();
    const log: string[] = [];
    let middle: Task | undefined;
    const task = run({ clock }, function* root() {
      middle = yield* fork(function* middleTask() {
        try {
          const inner = yield* fork(sleeper, log, 'inner');
          yield join(inner);
          log.push('middle resumed after the join');
        } catch (e) {
          log.push(`middle caught ${(e as Error).name}`);
        }
      });
      yield cancel(middle);
      return 'root done';
    });
    expect(log).toEqual(['inner finally, cancelled=true']);
    expect(middle!.isCancelled()).toBe(true);
    expect(task.result()).toBe('root done');
  });

  test('Cancelling a task that has ended does nothing.', () => {
    const task = run(function* done() { return 1; });
    task.cancel();
    expect(task.isCancelled()).toBe(false);
    expect(task.result()).toBe(1);
  });

  test('yield cancel() cancels the running task itself: nothing after it runs but its finally blocks.', () => {
    const log: string[] = [];
    const task = run(function* quitter() {
      try {
        yield cancel();
        log.push('after cancel');
      } finally {
        log.push(`finally, cancelled=${String(yield* cancelled())}`);
      }
    });
    expect(log).toEqual(['finally, cancelled=true']);
    expect(task.isCancelled()).toBe(true);
  });

  test('A parent that cancels its child goes on; the child ends as cancelled.', () => {
    const clock = new TestClock();
    const log: string[] = [];
    const task = run({ clock }, function* parent() {
      const child = yield* fork(sleeper, log, 'child');
      yield cancel(child);
      return child.isCancelled();
    });
    expect(task.result()).toBe(true);
    expect(log).toEqual(['child finally, cancelled=true']);
  });
});

describe('cancelling during a finally', () => {
  test('A task is still running while its asynchronous finally runs after cancel().', async () => {
    const d = deferred<void>();
    const log: string[] = [];
    const task = run(function* cleaner() {
      try {
        yield call(() => new Promise(() => {}));
      } finally {
        yield call(() => d.promise);
        log.push('cleanup done');
      }
    });
    task.cancel();
    expect(task.isRunning()).toBe(true);
    expect(task.isCancelled()).toBe(false);
    d.resolve();
    await flush();
    expect(log).toEqual(['cleanup done']);
    expect(task.isCancelled()).toBe(true);
  });

  test('cancel() while already cancelling is a no-op: the finally runs to completion, async effects included.', () => {
    const clock = new TestClock();
    const log: string[] = [];
    const task = run({ clock }, function* cleaner() {
      try {
        yield delay(1000);
      } finally {
        log.push('finally started');
        yield delay(10);
        log.push('finally after first delay');
        yield delay(10);
        log.push('finally done');
      }
    });
    task.cancel();
    task.cancel();
    clock.advance(10);
    task.cancel();
    expect(task.isRunning()).toBe(true);
    clock.advance(10);
    expect(log).toEqual(['finally started', 'finally after first delay', 'finally done']);
    expect(task.isCancelled()).toBe(true);
  });

  test('An error thrown from a finally during cancellation fails the task with that error.', async () => {
    const clock = new TestClock();
    const cleanupFailed = new Error('cleanup failed');
    const task = run({ clock }, function* cleaner() {
      try {
        yield delay(1000);
      } finally {
        yield delay(5);
        throw cleanupFailed;
      }
    });
    task.cancel();
    clock.advance(5);
    expect(task.isCancelled()).toBe(false);
    expect(task.error()).toBe(cleanupFailed);
    await expect(task.toPromise()).rejects.toBe(cleanupFailed);
  });

  test('A child whose finally throws during its parent\'s cancellation fails the parent with that error.', () => {
    const clock = new TestClock();
    const cleanupFailed = new Error('child cleanup failed');
    const task = run({ clock }, function* parent() {
      yield fork(function* child() {
        try { yield delay(1000); } finally { throw cleanupFailed; }
      });
      yield delay(1000);
    });
    task.cancel();
    expect(task.error()).toBe(cleanupFailed);
  });

  test('A cancel that arrives while a finally entered without cancellation waits closes that finally at its yield.', async () => {
    // Known limitation, pinned here so that a change is noticed: the interpreter cannot tell that the
    // generator is inside a finally block, and return() at a yield in a finally skips the rest of it.
    const d = deferred<void>();
    const log: string[] = [];
    const task = run(function* saga() {
      try {
        yield call(Math.random);
      } finally {
        log.push('finally entered');
        yield call(() => d.promise);
        log.push('finally completed');
      }
    });
    task.cancel();
    d.resolve();
    await flush();
    expect(log).toEqual(['finally entered']);
    expect(task.isCancelled()).toBe(true);
  });

  test('Effects yielded in a finally during cancellation run normally, puts included.', () => {
    const clock = new TestClock();
    const task = run({ clock, state: { aborted: false } }, function* scan() {
      try {
        yield delay(1000);
      } finally {
        if (yield* cancelled()) yield put({ aborted: true });
      }
    });
    task.cancel();
    expect(task.state()).toEqual({ aborted: true });
  });
});

describe('what cancellation releases', () => {
  test('A pending exec gets its AbortSignal aborted, and its late result is ignored.', async () => {
    const executor = fakeExecutor();
    const log: string[] = [];
    const task = run({ executor }, function* scan() {
      try {
        yield exec('sleep 100');
        log.push('exec resumed');
      } finally {
        log.push('finally');
      }
    });
    const command = executor.find('sleep 100');
    expect(command.options?.signal?.aborted).toBe(false);
    task.cancel();
    expect(command.aborted()).toBe(true);
    expect(command.options?.signal?.aborted).toBe(true);
    command.resolve({ stdout: 'late', stderr: '', code: 0, signal: null, durationMs: 1 });
    await flush();
    expect(log).toEqual(['finally']);
    expect(task.isCancelled()).toBe(true);
  });

  test('Pending delay timers are cleared, in the task and in its descendants.', () => {
    const clock = new TestClock();
    const log: string[] = [];
    const task = run({ clock }, function* root() {
      yield fork(sleeper, log, 'a', 50);
      yield fork(function* b() { yield fork(sleeper, log, 'c', 70); yield delay(60); });
      yield delay(40);
    });
    expect(clock.pending()).toBe(4);
    task.cancel();
    expect(clock.pending()).toBe(0);
    clock.advance(100);
    expect(log.filter((l) => l.includes('woke'))).toEqual([]);
  });

  test('Cancelling a task blocked on all cancels every pending effect of the all.', async () => {
    const clock = new TestClock();
    const executor = fakeExecutor();
    const log: string[] = [];
    const { monitor, events } = recordingMonitor();
    const task = run({ clock, executor, monitor }, function* scan() {
      yield all([exec('hostid'), delay(100), call(sleeper, log, 'called'), call(() => 'sync value')]);
    });
    task.cancel();
    expect(executor.find('hostid').aborted()).toBe(true);
    expect(clock.pending()).toBe(0);
    expect(log).toEqual(['called finally, cancelled=true']);
    const triggered = events.filter((e) => e.kind === 'effectTriggered').map((e) => e.effectId);
    const settled = new Set(events.filter((e) => e.kind !== 'effectTriggered' && 'effectId' in e).map((e) => (e as { effectId: number }).effectId));
    expect(triggered.filter((id) => !settled.has(id))).toEqual([]);
    expect(task.isCancelled()).toBe(true);
  });

  test('A cancelled join stops waiting; the joined task goes on.', () => {
    const clock = new TestClock();
    let other: Task | undefined;
    const task = run({ clock }, function* waiter() {
      other = yield* spawn(function* worker() { yield delay(100); return 'worked'; });
      yield join(other);
    });
    task.cancel();
    expect(task.isCancelled()).toBe(true);
    clock.advance(100);
    expect(other!.result()).toBe('worked');
  });
});

describe('run({ signal })', () => {
  test('An already aborted signal runs nothing of the saga, not even a plain function\'s body.', async () => {
    const controller = new AbortController();
    controller.abort();
    let ran = false;
    const gen = run({ signal: controller.signal }, function* saga() { ran = true; yield delay(1); });
    const plain = run({ signal: controller.signal }, () => { ran = true; return 1; });
    expect(ran).toBe(false);
    for (const task of [gen, plain]) {
      expect(task.isCancelled()).toBe(true);
      await expect(task.toPromise()).rejects.toBeInstanceOf(TaskCancelledError);
    }
  });

  test('Aborting the signal later cancels the root task, and its finally blocks run.', () => {
    const clock = new TestClock();
    const controller = new AbortController();
    const log: string[] = [];
    const task = run({ clock, signal: controller.signal }, sleeper, log, 'root');
    expect(task.isRunning()).toBe(true);
    controller.abort();
    expect(task.isCancelled()).toBe(true);
    expect(log).toEqual(['root finally, cancelled=true']);
  });

  test('A signal aborted while the saga runs its first synchronous steps cancels the root.', () => {
    const clock = new TestClock();
    const controller = new AbortController();
    const log: string[] = [];
    const task = run({ clock, signal: controller.signal }, function* saga() {
      try {
        yield call(() => controller.abort());
        log.push('went on');
        yield delay(10);
      } finally {
        log.push('finally');
      }
    });
    expect(log).toEqual(['finally']);
    expect(task.isCancelled()).toBe(true);
  });

  test('The abort listener is removed when the run ends, whether it ends at once or later.', async () => {
    const controller = new AbortController();
    const d = deferred<void>();
    run({ signal: controller.signal }, function* sync() { yield call(Math.random); });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    const task = run({ signal: controller.signal }, function* later() { yield call(() => d.promise); });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    d.resolve();
    await task.toPromise();
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});
