/**
 * select reads the state, put produces the next one without changing any state object already given out,
 * and every key remembers who wrote it.
 */
import { describe, expect, test } from 'vitest';
import { call, exec, fork, join, provenanceOf, put, run, select, type RootTask, type Saga } from '../../src/index.js';
import { deferred, fakeExecutor, flush, ok } from './helpers.js';

interface Facts { hostid?: string; uname?: string; interfaces?: Record<string, { mtu: number }>; n?: number }

describe('select and put', () => {
  test('select reads the current state, whole or through a selector with arguments.', () => {
    const task = run({ state: { hostid: 'abc', n: 1 } }, function* saga() {
      const whole = yield* select();
      const hostid = yield* select((s: Facts) => s.hostid);
      const plus = yield* select((s: Facts, k: number) => (s.n ?? 0) + k, 10);
      return { whole, hostid, plus };
    });
    expect(task.result()).toEqual({ whole: { hostid: 'abc', n: 1 }, hostid: 'abc', plus: 11 });
  });

  test('The state starts as an empty object when run is given none.', () => {
    expect(run(function* saga() { return yield* select(); }).result()).toEqual({});
  });

  test('put merges a partial object at the top level and select sees it at once.', () => {
    const task = run({ state: { hostid: 'abc', interfaces: { lo: { mtu: 65536 } } } as Facts }, function* saga() {
      yield put({ uname: 'Linux' });
      yield put({ interfaces: { eth0: { mtu: 1500 } } });
      return yield* select();
    });
    expect(task.result()).toEqual({ hostid: 'abc', uname: 'Linux', interfaces: { eth0: { mtu: 1500 } } });
    expect(task.state()).toBe(task.result());
  });

  test('put with an immer recipe changes a draft, or replaces the state with what it returns.', () => {
    const task = run({ state: { interfaces: { lo: { mtu: 65536 } } } as Facts }, function* saga() {
      yield put((d: Facts) => { d.interfaces!.lo!.mtu = 1500; d.n = 1; });
      const drafted = yield* select();
      yield put(() => ({ hostid: 'replaced' }));
      return drafted;
    });
    expect(task.result()).toEqual({ interfaces: { lo: { mtu: 1500 } }, n: 1 });
    expect(task.state()).toEqual({ hostid: 'replaced' });
  });

  test('Earlier state objects are never mutated, by merges or by recipes.', () => {
    const initial = { hostid: 'abc', interfaces: { lo: { mtu: 65536 } } } as Facts;
    const snapshots: Facts[] = [];
    run({ state: initial }, function* saga() {
      snapshots.push(yield* select());
      yield put({ hostid: 'def' });
      snapshots.push(yield* select());
      yield put((d: Facts) => { d.interfaces!.lo!.mtu = 9000; delete d.hostid; });
      snapshots.push(yield* select());
    });
    expect(initial).toEqual({ hostid: 'abc', interfaces: { lo: { mtu: 65536 } } });
    expect(snapshots[0]).toBe(initial);
    expect(snapshots[1]).toEqual({ hostid: 'def', interfaces: { lo: { mtu: 65536 } } });
    expect(snapshots[2]).toEqual({ interfaces: { lo: { mtu: 9000 } } });
    expect(new Set(snapshots).size).toBe(3);
  });

  test('A state given out by select(), by a selector or by task.state() stays as it was through later merges.', async () => {
    let seenBySelector: Facts | undefined;
    const fromState: Facts[] = [];
    const task: RootTask<Facts, Facts> = run({ state: {} as Facts }, function* saga(): Saga<Facts> {
      yield call(() => Promise.resolve()); // from here on, `task` is assigned
      yield put({ n: 1 });
      yield put({ n: 2, hostid: 'a' });
      const whole = yield* select();
      yield put({ n: 3 });
      yield* select((s: Facts) => { seenBySelector = s; return s.n; });
      yield put({ n: 4 });
      yield call((): number => fromState.push(task.state()));
      yield put({ n: 5, uname: 'Linux' });
      return whole;
    });
    expect(await task.toPromise()).toEqual({ n: 2, hostid: 'a' });
    expect(seenBySelector).toEqual({ n: 3, hostid: 'a' });
    expect(fromState).toEqual([{ n: 4, hostid: 'a' }]);
    expect(task.state()).toEqual({ n: 5, hostid: 'a', uname: 'Linux' });
  });

  test('Merges after a recipe work on a copy: what immer returned is frozen and stays as it was.', () => {
    const snapshots: Facts[] = [];
    const task = run({ state: { n: 0 } as Facts }, function* saga() {
      yield put((d: Facts) => { d.interfaces = { lo: { mtu: 65536 } }; });
      snapshots.push(yield* select());
      yield put({ n: 1 });
      yield put({ hostid: 'x' });
      yield put((d: Facts) => { d.n = 2; });
      yield put({ uname: 'SunOS' });
    });
    expect(task.error()).toBeUndefined();
    expect(snapshots[0]).toEqual({ n: 0, interfaces: { lo: { mtu: 65536 } } });
    expect(Object.isFrozen(snapshots[0])).toBe(true);
    expect(task.state()).toEqual({ n: 2, hostid: 'x', interfaces: { lo: { mtu: 65536 } }, uname: 'SunOS' });
  });

  test('A key named __proto__ becomes a key of the state, never its prototype.', () => {
    const evil = JSON.parse('{"__proto__": {"polluted": true}, "hostid": "h"}') as Record<string, unknown>;
    const task = run(function* saga() {
      yield put(evil);
      yield put({ n: 1 });
      yield* select();
      yield put({ n: 2 });
    });
    const state = task.state() as Record<string, unknown>;
    expect(Object.getPrototypeOf(state)).toBe(Object.prototype);
    expect(Object.keys(state).sort()).toEqual(['__proto__', 'hostid', 'n']);
    expect(Object.getOwnPropertyDescriptor(state, '__proto__')?.value).toEqual({ polluted: true });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('Tasks running side by side share one state.', async () => {
    const d = deferred<void>();
    const task = run({ state: { n: 0 } }, function* parent() {
      const child = yield* fork(function* child() { yield call(() => d.promise); yield put((s: Facts) => { s.n! += 1; }); });
      yield put((s: Facts) => { s.n! += 10; });
      yield join(child);
      return yield* select((s: Facts) => s.n);
    });
    d.resolve();
    await expect(task.toPromise()).resolves.toBe(11);
  });
});

describe('provenance', () => {
  test('Each key written by put maps to the writing task, with no cause when no command ran before.', () => {
    const task = run(function* saga() {
      yield put({ hostid: 'abc', uname: 'Linux' });
      yield fork(function* child() { yield put({ zone: 'global' }); });
    });
    expect(task.provenance()).toStrictEqual({
      hostid: { taskId: 1, cause: null },
      uname: { taskId: 1, cause: null },
      zone: { taskId: 2, cause: null },
    });
  });

  test('The cause is the last command resolved in the same task before the put.', async () => {
    const executor = fakeExecutor();
    const task = run({ executor }, function* saga() {
      const first = yield* exec('uname -a');
      yield put({ uname: first.stdout });
      yield exec('hostid');
      yield put({ hostid: 'x' });
      yield put({ after: 'still the hostid command' });
    });
    executor.find('uname -a').resolve(ok('Linux'));
    await flush();
    executor.find('hostid').resolve(ok('x'));
    await task.toPromise();
    const p = task.provenance();
    expect(p.uname).toStrictEqual({ taskId: 1, cause: { effectId: 1, command: 'uname -a' } });
    expect(p.hostid).toStrictEqual({ taskId: 1, cause: { effectId: 3, command: 'hostid' } });
    expect(p.after!.cause).toEqual({ effectId: 3, command: 'hostid' });
  });

  test('A command run by another task is not the cause of a put.', async () => {
    const executor = fakeExecutor();
    const task = run({ executor }, function* parent() {
      const child = yield* fork(function* child() { yield exec('hostid'); });
      yield join(child);
      yield put({ hostid: 'x' });
    });
    executor.find('hostid').resolve(ok('x'));
    await task.toPromise();
    expect(task.provenance().hostid).toStrictEqual({ taskId: 1, cause: null });
  });

  test('A command that failed or was cancelled is not a cause.', async () => {
    const executor = fakeExecutor();
    const task = run({ executor }, function* saga() {
      try { yield exec('dmidecode'); } catch { /* denied */ }
      yield put({ dmi: null });
    });
    executor.find('dmidecode').reject(new Error('permission denied'));
    await task.toPromise();
    expect(task.provenance().dmi!.cause).toBeNull();
  });

  test('A recipe attributes only the keys it changed, and forgets the keys it deleted.', () => {
    const task = run({ state: { interfaces: { lo: { mtu: 1 } } } as Facts }, function* saga() {
      yield put({ hostid: 'abc', uname: 'Linux' });
      yield put((d: Facts) => { d.interfaces!.lo!.mtu = 2; delete d.hostid; });
    });
    expect(Object.keys(task.provenance()).sort()).toEqual(['interfaces', 'uname']);
    expect(Object.keys(task.state()).sort()).toEqual(['interfaces', 'uname']);
  });

  test('A recipe attributes a changed key to its task and cause; an unchanged key keeps its writer.', async () => {
    const executor = fakeExecutor();
    const task = run({ executor }, function* parent() {
      yield put({ kept: 1, changed: 1 });
      yield fork(function* child() {
        yield exec('ifconfig -a');
        yield put((d: { kept: number; changed: number }) => { d.changed = 2; d.kept = 1; });
      });
    });
    executor.find('ifconfig -a').resolve(ok(''));
    await task.toPromise();
    expect(task.provenance()).toStrictEqual({
      kept: { taskId: 1, cause: null },
      changed: { taskId: 2, cause: { effectId: 3, command: 'ifconfig -a' } },
    });
  });

  test('provenance() returns a copy that later puts do not change.', async () => {
    const d = deferred<void>();
    const task = run(function* saga() {
      yield put({ a: 1 });
      yield call(() => d.promise);
      yield put({ b: 2 });
    });
    const early = task.provenance();
    d.resolve();
    await task.toPromise();
    expect(Object.keys(early)).toEqual(['a']);
    expect(Object.keys(task.provenance()).sort()).toEqual(['a', 'b']);
  });
});

describe('patches', () => {
  test('Without patches: true, no patch log is kept.', () => {
    const task = run(function* saga() { yield put({ a: 1 }); });
    expect(task.patches()).toEqual([]);
  });

  test('With patches: true, every put is logged as immer patches with its provenance.', () => {
    const task = run({ patches: true, state: { a: 0, list: [1] } }, function* saga(): Saga<void> {
      yield put({ a: 1, b: 2 });
      yield put((d: { list: number[] }) => { d.list.push(2); });
      yield put((d: { a?: number }) => { delete d.a; });
      yield put((d: { b: number }) => { d.b = 2; });
    });
    expect(task.patches()).toEqual([
      { effectId: 1, taskId: 1, cause: null, patches: [{ op: 'replace', path: ['a'], value: 1 }, { op: 'add', path: ['b'], value: 2 }] },
      { effectId: 2, taskId: 1, cause: null, patches: [{ op: 'add', path: ['list', 1], value: 2 }] },
      { effectId: 3, taskId: 1, cause: null, patches: [{ op: 'remove', path: ['a'] }] },
    ]);
  });

  test('provenanceOf a patch log names the last writer of each key, like provenance() does for keys that exist.', () => {
    const task = run({ patches: true }, function* saga() {
      yield put({ a: 1 });
      yield put({ b: 1 });
      yield put((d: { a: number }) => { d.a = 2; });
    });
    expect(provenanceOf(task.patches())).toEqual(task.provenance());
  });
});
