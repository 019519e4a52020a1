/** The monitor sees every task start and end, and every effect trigger and settlement, with linking ids. */
import { describe, expect, test } from 'vitest';
import { all, call, delay, fork, race, run, spawn, type Saga } from '../../src/index.js';
import { TestClock } from '../../src/testing/index.js';
import { eventsOf, recordingMonitor } from './helpers.js';

describe('task events', () => {
  test('Every task reports its start, with its parent and the effect that started it, and its end with how it ended.', () => {
    const clock = new TestClock();
    const { monitor, events } = recordingMonitor();
    const boom = new Error('boom');
    run({ clock, monitor }, function* root() {
      yield fork(function* child() { yield delay(10); return 'child result'; });
      yield spawn(function* detached() { yield delay(5); throw boom; });
      yield delay(20);
      return 'root result';
    });
    clock.advance(20);
    expect(eventsOf(events, 'taskStarted')).toEqual([
      { kind: 'taskStarted', taskId: 1, parentId: null, forkEffectId: null, name: 'root', detached: true },
      { kind: 'taskStarted', taskId: 2, parentId: 1, forkEffectId: 1, name: 'child', detached: false },
      { kind: 'taskStarted', taskId: 3, parentId: 1, forkEffectId: 3, name: 'detached', detached: true },
    ]);
    expect(eventsOf(events, 'taskEnded')).toEqual([
      { kind: 'taskEnded', taskId: 3, status: 'failed', error: boom },
      { kind: 'taskEnded', taskId: 2, status: 'done', result: 'child result' },
      { kind: 'taskEnded', taskId: 1, status: 'done', result: 'root result' },
    ]);
  });

  test('A cancelled task reports its end as cancelled.', () => {
    const clock = new TestClock();
    const { monitor, events } = recordingMonitor();
    const task = run({ clock, monitor }, function* root() { yield delay(10); });
    task.cancel();
    expect(eventsOf(events, 'taskEnded')).toEqual([{ kind: 'taskEnded', taskId: 1, status: 'cancelled' }]);
  });

  test('A run cancelled by an already aborted signal reports its one task as started and cancelled, and no effect.', () => {
    const controller = new AbortController();
    controller.abort();
    const { monitor, events } = recordingMonitor();
    run({ monitor, signal: controller.signal }, function* root() { yield delay(10); });
    expect(events).toEqual([
      { kind: 'taskStarted', taskId: 1, parentId: null, forkEffectId: null, name: 'root', detached: true },
      { kind: 'taskEnded', taskId: 1, status: 'cancelled' },
    ]);
  });
});

describe('effect events', () => {
  test('Each effect is triggered then resolved, rejected or cancelled, with ids in trigger order.', () => {
    const clock = new TestClock();
    const { monitor, events } = recordingMonitor();
    const boom = new Error('boom');
    const task = run({ clock, monitor }, function* root() {
      yield call(Math.max, 1, 2);
      try { yield call(() => { throw boom; }); } catch { /* handled */ }
      yield delay(100);
    });
    task.cancel();
    expect(events.filter((e) => e.kind.startsWith('effect'))).toEqual([
      { kind: 'effectTriggered', effectId: 1, taskId: 1, parentEffectId: null, type: 'call' },
      { kind: 'effectResolved', effectId: 1, result: 2 },
      { kind: 'effectTriggered', effectId: 2, taskId: 1, parentEffectId: null, type: 'call' },
      { kind: 'effectRejected', effectId: 2, error: boom },
      { kind: 'effectTriggered', effectId: 3, taskId: 1, parentEffectId: null, type: 'delay' },
      { kind: 'effectCancelled', effectId: 3 },
    ]);
  });

  test('Effects inside all and race point at the all or race; effects of a forked or called saga at the fork or call.', () => {
    const clock = new TestClock();
    const { monitor, events } = recordingMonitor();
    function* sub(): Saga<void> { yield delay(1); }
    run({ clock, monitor }, function* root() {
      yield all([delay(1), race([delay(2), all({ inner: delay(3) })])]);
      yield fork(sub);
      yield call(sub);
    });
    clock.advance(10);
    const triggered = eventsOf(events, 'effectTriggered').map((e) => [e.effectId, e.type, e.taskId, e.parentEffectId]);
    expect(triggered).toEqual([
      [1, 'all', 1, null],
      [2, 'delay', 1, 1],
      [3, 'race', 1, 1],
      [4, 'delay', 1, 3],
      [5, 'all', 1, 3],
      [6, 'delay', 1, 5],
      [7, 'fork', 1, null],
      [8, 'delay', 2, 7],
      [9, 'call', 1, null],
      [10, 'delay', 3, 9],
    ]);
  });

  test('Every triggered effect is settled exactly once by the time the run ends.', () => {
    const clock = new TestClock();
    const { monitor, events } = recordingMonitor();
    run({ clock, monitor }, function* root() {
      yield race([delay(5), all([delay(10), call(function* slow() { yield delay(20); })])]);
      yield all([call(Math.abs, -1), delay(1)]);
    });
    clock.advance(30);
    const settled = events.filter((e) => e.kind === 'effectResolved' || e.kind === 'effectRejected' || e.kind === 'effectCancelled')
      .map((e) => (e as { effectId: number }).effectId);
    const triggered = eventsOf(events, 'effectTriggered').map((e) => e.effectId);
    expect(settled.slice().sort((a, b) => a - b)).toEqual(triggered);
  });
});
