// The sagas of each workload, written as a user of each interpreter would write them, against its public
// API: plesio (the built package) and redux-saga (a devDependency, its production build, no monitor).
import * as built from '../../dist/index.js';
import * as rs from 'redux-saga';
import * as rse from 'redux-saga/effects';

/**
 * plesio: state lives in the run; `select` reads it and `put` merges the reducer's next state into it.
 * `plesio` is the package's module (another build of it, to compare two versions in one run).
 */
export function plesioAdapter({ reducer, selectN, INC }, plesio = built, name = 'plesio') {
  const P = {
    *calls(N, fn) { let acc = 0; for (let i = 0; i < N; i++) acc += yield plesio.call(fn, i); return acc; },
    *selectPut(N) {
      let acc = 0;
      for (let i = 0; i < N; i += 2) { const s = yield plesio.select(); acc += selectN(s); yield plesio.put(reducer(s, INC)); }
      return acc;
    },
    *child(fn, i) { return yield plesio.call(fn, i); },
    *forkJoin(N, fn) {
      const tasks = new Array(N);
      for (let i = 0; i < N; i++) tasks[i] = yield plesio.fork(P.child, fn, i);
      const r = yield plesio.join(tasks);
      let acc = 0; for (let i = 0; i < N; i++) acc += r[i]; return acc;
    },
    // Attached forks: the root ends once every child has.
    *pending(N, get) { for (let i = 0; i < N; i++) yield plesio.fork(P.child, get, i); },
  };
  return {
    name,
    sync: (N, inc) => plesio.run(P.calls, N, inc).toPromise(),
    promise: (N, incAsync) => plesio.run(P.calls, N, incAsync).toPromise(),
    selectPut: (N) => plesio.run({ state: { n: 0 } }, P.selectPut, N).toPromise(),
    forkJoin: (N, inc) => plesio.run(P.forkJoin, N, inc).toPromise(),
    forkJoinAsync: (N, incAsync) => plesio.run(P.forkJoin, N, incAsync).toPromise(),
    pending(N, get) { const task = plesio.run(P.pending, N, get); return { wait: () => task.toPromise() }; },
  };
}

/**
 * redux-saga 1.x through `runSaga` with a minimal store: `dispatch` runs the reducer, then puts the
 * action on the saga's channel, which is what its middleware does for a real redux store.
 */
export function reduxSagaAdapter({ reducer, selectN, INC }) {
  const R = {
    *calls(N, fn) { let acc = 0; for (let i = 0; i < N; i++) acc += yield rse.call(fn, i); return acc; },
    *selectPut(N) { let acc = 0; for (let i = 0; i < N; i += 2) { acc += yield rse.select(selectN); yield rse.put(INC); } return acc; },
    *child(fn, i) { return yield rse.call(fn, i); },
    *forkJoin(N, fn) {
      const tasks = new Array(N);
      for (let i = 0; i < N; i++) tasks[i] = yield rse.fork(R.child, fn, i);
      const r = yield rse.join(tasks);
      let acc = 0; for (let i = 0; i < N; i++) acc += r[i]; return acc;
    },
    *pending(N, get) { for (let i = 0; i < N; i++) yield rse.fork(R.child, get, i); },
  };
  const quiet = { onError: () => {} };
  return {
    name: 'redux-saga',
    sync: (N, inc) => rs.runSaga(quiet, R.calls, N, inc).toPromise(),
    promise: (N, incAsync) => rs.runSaga(quiet, R.calls, N, incAsync).toPromise(),
    selectPut(N) {
      const channel = rs.stdChannel();
      let state = { n: 0 };
      const store = { ...quiet, channel, getState: () => state, dispatch: (a) => { state = reducer(state, a); channel.put(a); return a; } };
      return rs.runSaga(store, R.selectPut, N).toPromise();
    },
    forkJoin: (N, inc) => rs.runSaga(quiet, R.forkJoin, N, inc).toPromise(),
    forkJoinAsync: (N, incAsync) => rs.runSaga(quiet, R.forkJoin, N, incAsync).toPromise(),
    pending(N, get) { const task = rs.runSaga(quiet, R.pending, N, get); return { wait: () => task.toPromise() }; },
  };
}
