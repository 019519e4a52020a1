// plesio adapter for the side-by-side saga benchmark (see its README): the same workloads as the
// redux-saga adapter, written against plesio's public API as a user would, run on the built package.
//   ../shared/bench-saga/run.sh --adapter bench/saga-adapter.mjs
import { createRequire } from 'node:module';
import { run, call, select, put, fork, join } from '../dist/index.js';

const require = createRequire(import.meta.url);
const { version } = require('../package.json');

function* syncSaga(N, inc) {
  let acc = 0;
  for (let i = 0; i < N; i++) acc += yield call(inc, i);
  return acc;
}

// plesio has no store or actions: state lives in the run, `select` reads it and `put` merges the next
// state into it. The reducer's result for {type: 'inc'} is that next state, so the saga puts it.
const INC = { type: 'inc' };
function* selectPutSaga(N, selectN, reducer) {
  let acc = 0;
  for (let i = 0; i < N; i += 2) {
    const state = yield select();
    acc += selectN(state);
    yield put(reducer(state, INC));
  }
  return acc;
}

function* child(fn, i) {
  return yield call(fn, i);
}

function* forkJoinSaga(N, fn) {
  const tasks = new Array(N);
  for (let i = 0; i < N; i++) tasks[i] = yield fork(child, fn, i);
  const results = yield join(tasks);
  let acc = 0;
  for (let i = 0; i < N; i++) acc += results[i];
  return acc;
}

function* pendingRoot(N, get) {
  // attached forks: the root task stays alive until every child finishes
  for (let i = 0; i < N; i++) yield fork(child, get, i);
}

export default {
  name: 'plesio',
  version,
  runSync: (N, kit) => run(syncSaga, N, kit.inc).toPromise(),
  runPromise: (N, kit) => run(syncSaga, N, kit.incAsync).toPromise(),
  runSelectPut: (N, kit) => run({ state: kit.initialState() }, selectPutSaga, N, kit.selectN, kit.reducer).toPromise(),
  runForkJoin: (N, kit) => run(forkJoinSaga, N, kit.inc).toPromise(),
  runForkJoinAsync: (N, kit) => run(forkJoinSaga, N, kit.incAsync).toPromise(),
  spawnPending(N, kit, pending) {
    const task = run(pendingRoot, N, pending.get);
    return { wait: () => task.toPromise() };
  },
};
