/**
 * What a saga ported from redux-saga can rely on: each scenario runs unchanged on plesio and on
 * redux-saga itself, and must end the same way on both.
 */
import { describe, expect, test } from 'vitest';
import { kits, type Kit } from './both.js';

const named = kits.map((k) => [k.name, k] as const);

function* throwsAtOnce(): Generator<any, never, any> {
  throw new Error('child error');
}

function* throwsLater(k: Kit): Generator<any, never, any> {
  yield k.delay(1);
  throw new Error('later error');
}

function* sleeps(k: Kit, ms = 1000): Generator<any, string, any> {
  yield k.delay(ms);
  return 'slept';
}

describe.each(named)('onError, on %s', (_name, k) => {
  test('An error the saga caught from a called saga is not reported, whether it was thrown at once or later.', async () => {
    const r = k.run(function* main() {
      try { yield k.call(throwsAtOnce); } catch { /* handled */ }
      try { yield k.call(throwsLater, k); } catch { /* handled */ }
      return 'ok';
    });
    expect(await r.ended).toEqual({ status: 'done', value: 'ok' });
    expect(r.heard).toEqual([]);
  });

  test('retry: failed attempts, and the last error once caught, are not reported.', async () => {
    const r = k.run(function* main() {
      try {
        yield k.retry(3, 1, throwsAtOnce);
      } catch (e) {
        return (e as Error).message;
      }
      return 'not thrown';
    });
    expect(await r.ended).toEqual({ status: 'done', value: 'child error' });
    expect(r.heard).toEqual([]);
  });

  test('all and race: a failing call inside them, caught around them, is not reported.', async () => {
    const r = k.run(function* main() {
      const caught: string[] = [];
      try { yield k.all([k.call(throwsAtOnce), k.delay(5)]); } catch (e) { caught.push((e as Error).message); }
      try { yield k.race({ a: k.call(throwsLater, k), b: k.delay(200) }); } catch (e) { caught.push((e as Error).message); }
      return caught;
    });
    expect(await r.ended).toEqual({ status: 'done', value: ['child error', 'later error'] });
    expect(r.heard).toEqual([]);
  });

  test('The root\'s own uncaught error is reported once, and rejects its promise.', async () => {
    const r = k.run(function* main() {
      yield k.delay(1);
      throw new Error('root error');
    });
    const outcome = await r.ended;
    expect(outcome).toEqual({ status: 'failed', error: new Error('root error') });
    expect(r.heard).toEqual([(outcome as { error: unknown }).error]);
  });

  test('An error reaching the root from an attached fork is reported once, as the root\'s.', async () => {
    const r = k.run(function* main() {
      yield k.fork(throwsLater, k);
      yield k.delay(100);
    });
    expect(await r.ended).toEqual({ status: 'failed', error: new Error('later error') });
    expect(r.heard).toEqual([new Error('later error')]);
  });

  test('A spawned task that fails while nobody joins it is reported; its parent goes on.', async () => {
    const r = k.run(function* main() {
      yield k.spawn(throwsLater, k);
      yield k.delay(20);
      return 'parent done';
    });
    expect(await r.ended).toEqual({ status: 'done', value: 'parent done' });
    expect(r.heard).toEqual([new Error('later error')]);
  });
});

describe.each(named)('cancelled(), on %s', (_name, k) => {
  test('A parent torn down because an attached child failed sees cancelled() true in its finally, as do its other children.', async () => {
    const seen: Array<[string, boolean]> = [];
    function* sibling(): Generator<any, void, any> {
      try { yield k.delay(1000); } finally { seen.push(['sibling', yield k.cancelled()]); }
    }
    const r = k.run(function* parent() {
      try {
        yield k.fork(sibling);
        yield k.fork(throwsLater, k);
        yield k.delay(1000);
      } finally {
        seen.push(['parent', yield k.cancelled()]);
      }
    });
    expect(await r.ended).toEqual({ status: 'failed', error: new Error('later error') });
    expect(seen.sort()).toEqual([['parent', true], ['sibling', true]]);
    expect(r.task.isAborted()).toBe(true);
    expect(r.task.isCancelled()).toBe(false);
  });

  test('A body that throws, or returns, sees cancelled() false in its finally.', async () => {
    const seen: Array<[string, boolean]> = [];
    const threw = k.run(function* thrower() {
      try { yield k.delay(1); throw new Error('own error'); } finally { seen.push(['thrower', yield k.cancelled()]); }
    });
    const returned = k.run(function* returner() {
      try { yield k.delay(1); return 'fine'; } finally { seen.push(['returner', yield k.cancelled()]); }
    });
    expect(await threw.ended).toEqual({ status: 'failed', error: new Error('own error') });
    expect(await returned.ended).toEqual({ status: 'done', value: 'fine' });
    expect(seen.sort()).toEqual([['returner', false], ['thrower', false]]);
  });
});

describe.each(named)('tasks, on %s', (_name, k) => {
  test('cancel([taskA, taskB]) cancels each task of the array; one that already ended is left as it was.', async () => {
    const r = k.run(function* main() {
      const a = yield k.fork(sleeps, k);
      const b = yield k.fork(sleeps, k);
      const quick = yield k.fork(sleeps, k, 1);
      yield k.delay(10);
      yield k.cancel([a, b, quick]);
      return [...[a, b, quick].map((t) => [t.isRunning(), t.isCancelled()]), quick.result()];
    });
    expect(await r.ended).toEqual({ status: 'done', value: [[false, true], [false, true], [false, false], 'slept'] });
  });

  test('task.isAborted() is true once a task ended with an error, and false when it returned or was cancelled.', async () => {
    const failed = k.run(throwsLater, k);
    const done = k.run(sleeps, k, 1);
    const cancelled = k.run(sleeps, k);
    expect(failed.task.isAborted()).toBe(false);
    cancelled.task.cancel();
    await Promise.all([failed.ended, done.ended, cancelled.ended]);
    expect([failed.task.isAborted(), done.task.isAborted(), cancelled.task.isAborted()]).toEqual([true, false, false]);
  });
});

describe.each(named)('things that are not effects, with plesio\'s run({ lenient: true }), on %s', (_name, k) => {
  function* sub(): Generator<any, string, any> {
    yield k.delay(1);
    return 'from an iterator';
  }

  test('A yielded promise is waited for, an iterator runs as a called saga, anything else resumes the saga as it is.', async () => {
    const r = k.runLenient(function* ported() {
      const got: unknown[] = [];
      got.push(yield Promise.resolve('from a promise'));
      got.push(yield sub());
      got.push(yield 42);
      got.push(yield [1, 2]);
      got.push(yield { type: 'SOME_ACTION' });
      got.push(yield undefined);
      try { yield Promise.reject(new Error('rejected')); } catch (e) { got.push((e as Error).message); }
      try { yield throwsLater(k); } catch (e) { got.push((e as Error).message); }
      return got;
    });
    expect(await r.ended).toEqual({
      status: 'done',
      value: ['from a promise', 'from an iterator', 42, [1, 2], { type: 'SOME_ACTION' }, undefined, 'rejected', 'later error'],
    });
    expect(r.heard).toEqual([]);
  });

  test('Cancelling a saga that waits on a yielded iterator cancels that iterator too: its finally sees cancelled() true.', async () => {
    const log: boolean[] = [];
    function* inner(): Generator<any, void, any> {
      try { yield k.delay(1000); } finally { log.push(yield k.cancelled()); }
    }
    const r = k.runLenient(function* outer() { yield inner(); });
    await new Promise((resolve) => setTimeout(resolve, 5));
    r.task.cancel();
    expect(await r.ended).toEqual({ status: 'cancelled' });
    expect(log).toEqual([true]);
  });
});
