// The floor for any generator-effect interpreter: the same generator sagas, each effect a small record
// ({ t, ... }), a tag switch, and a loop. For fork/join, a callback task runner with no errors, no
// cancellation, no monitor and no scheduler. Whatever an interpreter adds on top of this is its overhead.
const CALL = 0;
const SELECT = 1;
const PUT = 2;
const FORK = 3;
const JOIN = 4;

const call = (fn, ...args) => ({ t: CALL, fn, args });
const select = (sel) => ({ t: SELECT, sel });
const put = (action) => ({ t: PUT, action });
const fork = (fn, ...args) => ({ t: FORK, fn, args });
const join = (tasks) => ({ t: JOIN, tasks });

const isThenable = (v) => v !== null && typeof v === 'object' && typeof v.then === 'function';

/** Synchronous calls only: the literal minimal loop. */
function driveSync(it) {
  let r = it.next();
  while (!r.done) r = it.next(r.value.fn(...r.value.args));
  return r.value;
}

/** Calls that may return promises: an async loop that awaits only thenables. */
async function driveAsync(it) {
  let r = it.next();
  while (!r.done) {
    let v = r.value.fn(...r.value.args);
    if (isThenable(v)) v = await v;
    r = it.next(v);
  }
  return r.value;
}

/** select and put against a store holding the state, with a reducer for the actions. */
function driveStore(it, store) {
  let r = it.next();
  while (!r.done) {
    const e = r.value;
    r = it.next(e.t === SELECT ? e.sel(store.state) : (store.state = store.reducer(store.state, e.action), undefined));
  }
  return r.value;
}

/** A task of the fork/join runner: its result once done, and who waits for it. */
class MiniTask {
  done = false;
  value = undefined;
  waiters = null;
}

/** Runs a generator as a task: synchronous results in a loop, a promise resumes it from its callback. */
function startTask(it) {
  const task = new MiniTask();
  const step = (v) => {
    for (;;) {
      const r = it.next(v);
      if (r.done) {
        task.done = true;
        task.value = r.value;
        const waiters = task.waiters;
        if (waiters !== null) for (let k = 0; k < waiters.length; k++) waiters[k]();
        return;
      }
      const e = r.value;
      if (e.t === CALL) {
        v = e.fn(...e.args);
        if (isThenable(v)) { v.then(step); return; }
      } else if (e.t === FORK) {
        v = startTask(e.fn(...e.args));
      } else if (e.t === JOIN) {
        const tasks = e.tasks;
        const results = () => tasks.map((t) => t.value);
        let left = 0;
        for (let k = 0; k < tasks.length; k++) if (!tasks[k].done) left++;
        if (left > 0) {
          const one = () => { if (--left === 0) step(results()); };
          for (let k = 0; k < tasks.length; k++) if (!tasks[k].done) (tasks[k].waiters ??= []).push(one);
          return;
        }
        v = results();
      } else {
        throw new Error(`gen-driver: no effect ${e.t}`);
      }
    }
  };
  step(undefined);
  return task;
}

/** A promise of a task's result. */
function settled(task) {
  return task.done ? Promise.resolve(task.value) : new Promise((res) => (task.waiters ??= []).push(() => res(task.value)));
}

/** The gen-driver adapter for compare.mjs: `reducer`, `selectN` and `INC` are the workloads' own. */
export function genDriverAdapter({ reducer, selectN, INC }) {
  const S = {
    *calls(N, fn) { let acc = 0; for (let i = 0; i < N; i++) acc += yield call(fn, i); return acc; },
    *selectPut(N) { let acc = 0; for (let i = 0; i < N; i += 2) { acc += yield select(selectN); yield put(INC); } return acc; },
    *child(fn, i) { return yield call(fn, i); },
    *forkJoin(N, fn) {
      const tasks = new Array(N);
      for (let i = 0; i < N; i++) tasks[i] = yield fork(S.child, fn, i);
      const r = yield join(tasks);
      let acc = 0; for (let i = 0; i < N; i++) acc += r[i]; return acc;
    },
    // Returns its children: this runner has no attached forks, so the caller joins them to wait.
    *pending(N, get) { const tasks = new Array(N); for (let i = 0; i < N; i++) tasks[i] = yield fork(S.child, get, i); return tasks; },
  };
  return {
    name: 'gen-driver',
    sync: (N, inc) => driveSync(S.calls(N, inc)),
    promise: (N, incAsync) => driveAsync(S.calls(N, incAsync)),
    selectPut: (N) => driveStore(S.selectPut(N), { state: { n: 0 }, reducer }),
    forkJoin: (N, inc) => settled(startTask(S.forkJoin(N, inc))),
    forkJoinAsync: (N, incAsync) => settled(startTask(S.forkJoin(N, incAsync))),
    pending(N, get) {
      const children = startTask(S.pending(N, get)).value;
      return { wait: () => settled(startTask((function* () { return yield join(children); })())) };
    },
  };
}
