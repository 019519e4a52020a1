/** all waits for every effect and fails fast; race takes the first to settle and cancels the others. */
import { describe, expect, test } from 'vitest';
import { all, call, delay, exec, fork, put, race, run, select, type Saga, type Task } from '../../src/index.js';
import { TestClock } from '../../src/testing/index.js';
import { deferred, eventsOf, fakeExecutor, flush, ok, recordingMonitor } from './helpers.js';

function* sleeper(log: string[], name: string, ms: number): Saga<string> {
  try {
    yield delay(ms);
    return name;
  } finally {
    log.push(`${name} finally`);
  }
}

describe('all', () => {
  test('all resumes with every result in the shape and order given, whatever order they settle in.', () => {
    const clock = new TestClock();
    const task = run({ clock }, function* saga() {
      const list = yield* all([delay(30, 'slow'), delay(10, 'fast'), call(Math.max, 1, 2)]);
      const record = yield* all({ z: delay(20, 'z'), a: delay(5, 'a') });
      return { list, record, keys: Object.keys(record) };
    });
    clock.advance(30);
    clock.advance(20);
    expect(task.result()).toEqual({ list: ['slow', 'fast', 2], record: { z: 'z', a: 'a' }, keys: ['z', 'a'] });
  });

  test('all of synchronous effects resumes synchronously, and an empty all at once.', () => {
    const task = run({ state: { n: 1 } }, function* saga() {
      const [a, , c] = yield* all([select((s: { n: number }) => s.n), put({ n: 2 }), select((s: { n: number }) => s.n)]);
      return [a, c, yield* all([]), yield* all({})];
    });
    expect(task.isRunning()).toBe(false);
    expect(task.result()).toEqual([1, 2, [], {}]);
  });

  test('all fails fast with the first error and cancels the effects still pending.', async () => {
    const clock = new TestClock();
    const executor = fakeExecutor();
    const log: string[] = [];
    const boom = new Error('boom');
    const d = deferred<never>();
    const task = run({ clock, executor }, function* saga() {
      try {
        yield all([exec('hostid'), call(sleeper, log, 'called', 100), call(() => d.promise), delay(100)]);
      } catch (e) {
        return e;
      }
      return null;
    });
    d.reject(boom);
    await expect(task.toPromise()).resolves.toBe(boom);
    expect(executor.find('hostid').aborted()).toBe(true);
    expect(log).toEqual(['called finally']);
    expect(clock.pending()).toBe(0);
  });

  test('An effect of an all that fails synchronously stops the all before the effects after it start.', () => {
    const executor = fakeExecutor();
    const boom = new Error('sync boom');
    const task = run({ executor }, function* saga() {
      yield all([exec('first'), call(() => { throw boom; }), exec('never started')]);
    });
    expect(task.error()).toBe(boom);
    expect(executor.commands.map((c) => c.command)).toEqual(['first']);
    expect(executor.find('first').aborted()).toBe(true);
  });

  test('A fork inside an all is started, and the all resumes with its task.', () => {
    const clock = new TestClock();
    let forked: Task | undefined;
    const task = run({ clock }, function* saga() {
      [forked] = yield* all([fork(sleeper, [], 'forked', 10)]);
    });
    expect(forked!.isRunning()).toBe(true);
    expect(task.isRunning()).toBe(true);
    clock.advance(10);
    expect(forked!.result()).toBe('forked');
    expect(task.isRunning()).toBe(false);
  });
});

describe('race', () => {
  test('race resumes with the winner\'s result alone and cancels the losers.', async () => {
    const clock = new TestClock();
    const executor = fakeExecutor();
    const log: string[] = [];
    const task = run({ clock, executor }, function* saga() {
      return yield* race({ out: exec('df -k'), timeout: delay(1000, 'timed out'), called: call(sleeper, log, 'called', 2000) });
    });
    executor.find('df -k').resolve(ok('/ 100'));
    await flush();
    expect(task.result()).toEqual({ out: ok('/ 100') });
    expect(clock.pending()).toBe(0);
    expect(log).toEqual(['called finally']);
  });

  test('A timeout that wins a race aborts the command it raced.', () => {
    const clock = new TestClock();
    const executor = fakeExecutor();
    const task = run({ clock, executor }, function* saga() {
      const [out, timedOut] = yield* race([exec('sleep 60'), delay(1000, true)]);
      return { out, timedOut };
    });
    clock.advance(1000);
    expect(task.result()).toEqual({ out: undefined, timedOut: true });
    expect(executor.find('sleep 60').aborted()).toBe(true);
  });

  test('A synchronous contender wins at once; the contenders after it never start.', () => {
    const executor = fakeExecutor();
    const task = run({ executor }, function* saga() {
      return yield* race([call(() => 'now'), exec('never started')]);
    });
    expect(task.result()).toEqual(['now', undefined]);
    expect(executor.commands).toEqual([]);
  });

  test('When every contender fails, the first error wins and the others are cancelled.', async () => {
    const clock = new TestClock();
    const executor = fakeExecutor();
    const { monitor, events } = recordingMonitor();
    const first = new Error('first to fail');
    const second = new Error('second to fail');
    const a = deferred<never>();
    const b = deferred<never>();
    const task = run({ clock, executor, monitor }, function* saga() {
      yield race([call(() => a.promise), call(() => b.promise), exec('hostid'), call(function* failsLater() { yield delay(50); throw new Error('third'); })]);
    });
    b.reject(second);
    await flush();
    a.reject(first);
    clock.advance(50);
    await flush();
    expect(task.error()).toBe(second);
    expect(executor.find('hostid').aborted()).toBe(true);
    expect(clock.pending()).toBe(0);
    const triggered = eventsOf(events, 'effectTriggered');
    const raceId = triggered.find((e) => e.type === 'race')!.effectId;
    const nested = triggered.filter((e) => e.parentEffectId === raceId).map((e) => e.effectId);
    const cancelledIds = eventsOf(events, 'effectCancelled').map((e) => e.effectId);
    // The losers (and the delay inside the called saga) are cancelled; the winner is not.
    expect(cancelledIds).toEqual(expect.arrayContaining([nested[0], nested[2], nested[3]]));
    expect(cancelledIds).not.toContain(nested[1]);
  });

  test('A race nested in an all: the all waits for the race\'s winner.', () => {
    const clock = new TestClock();
    const task = run({ clock }, function* saga() {
      return yield* all({ facts: delay(30, 'facts'), probe: race({ answer: delay(10, 'answer'), timeout: delay(20, 'timeout') }) });
    });
    clock.advance(30);
    expect(task.result()).toEqual({ facts: 'facts', probe: { answer: 'answer' } });
  });

  test('Cancelling an all cancels a race inside it, and the race\'s contenders.', () => {
    const clock = new TestClock();
    const log: string[] = [];
    const task = run({ clock }, function* saga() {
      yield all([delay(100), race([call(sleeper, log, 'a', 50), call(sleeper, log, 'b', 60)])]);
    });
    expect(clock.pending()).toBe(3);
    task.cancel();
    expect(clock.pending()).toBe(0);
    expect(log.sort()).toEqual(['a finally', 'b finally']);
  });
});
