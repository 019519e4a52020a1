// plesio's own interpreter benchmark: plesio against redux-saga (a devDependency) and a minimal
// generator driver, on the same five workloads as the shared side-by-side harness, plus heap bytes
// per pending forked task. Samples are interleaved (one per interpreter per round, order rotated)
// and ratios are taken per round, then medianed: this machine changes speed on a scale of seconds.
//   node --expose-gc bench/saga/compare.mjs [--rounds 9]
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { pathToFileURL } from 'node:url';
import * as plesio from '../../dist/index.js';
import * as rs from 'redux-saga';
import * as rse from 'redux-saga/effects';

setFlagsFromString('--expose-gc');
const gc = globalThis.gc ?? runInNewContext('gc');

const inc = (i) => i + 1;
const incAsync = (i) => Promise.resolve(i + 1);
const selectN = (s) => s.n;
const reducer = (s, a) => (a.type === 'inc' ? { n: s.n + 1 } : s);
const INC = { type: 'inc' };

// ---------------------------------------------------------------------------------- plesio ----
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
  *pending(N, get) { for (let i = 0; i < N; i++) yield plesio.fork(P.child, get, i); },
};
const plesioAdapter = {
  name: 'plesio',
  sync: (N) => plesio.run(P.calls, N, inc).toPromise(),
  promise: (N) => plesio.run(P.calls, N, incAsync).toPromise(),
  selectPut: (N) => plesio.run({ state: { n: 0 } }, P.selectPut, N).toPromise(),
  forkJoin: (N) => plesio.run(P.forkJoin, N, inc).toPromise(),
  forkJoinAsync: (N) => plesio.run(P.forkJoin, N, incAsync).toPromise(),
  pending: (N, get) => plesio.run(P.pending, N, get).toPromise(),
};

// ------------------------------------------------------------------------------ redux-saga ----
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
const reduxAdapter = {
  name: 'redux-saga',
  sync: (N) => rs.runSaga(quiet, R.calls, N, inc).toPromise(),
  promise: (N) => rs.runSaga(quiet, R.calls, N, incAsync).toPromise(),
  selectPut(N) {
    const channel = rs.stdChannel();
    let state = { n: 0 };
    return rs.runSaga({ ...quiet, channel, getState: () => state, dispatch: (a) => { state = reducer(state, a); channel.put(a); } }, R.selectPut, N).toPromise();
  },
  forkJoin: (N) => rs.runSaga(quiet, R.forkJoin, N, inc).toPromise(),
  forkJoinAsync: (N) => rs.runSaga(quiet, R.forkJoin, N, incAsync).toPromise(),
  pending: (N, get) => rs.runSaga(quiet, R.pending, N, get).toPromise(),
};

// ------------------------------------------------------------------- minimal generator driver ----
// The floor for any generator-effect interpreter: one record per yield, a tag switch, a loop.
const D = {
  *calls(N, fn) { let acc = 0; for (let i = 0; i < N; i++) acc += yield { t: 0, fn, args: [i] }; return acc; },
  *selectPut(N) { let acc = 0; for (let i = 0; i < N; i += 2) { acc += yield { t: 1, sel: selectN }; yield { t: 2, action: INC }; } return acc; },
};
async function drive(it, store) {
  let r = it.next();
  while (!r.done) {
    const e = r.value;
    let v = e.t === 0 ? e.fn(...e.args) : e.t === 1 ? e.sel(store.state) : (store.state = reducer(store.state, e.action));
    if (v !== null && typeof v === 'object' && typeof v.then === 'function') v = await v;
    r = it.next(v);
  }
  return r.value;
}
const driverAdapter = {
  name: 'gen-driver',
  sync: (N) => drive(D.calls(N, inc)),
  promise: (N) => drive(D.calls(N, incAsync)),
  selectPut: (N) => drive(D.selectPut(N), { state: { n: 0 } }),
};

// --------------------------------------------------------------------------------- harness ----
const workloads = [
  { key: 'sync', name: 'sync-call', N: 200_000, expect: (N) => (N * (N + 1)) / 2 },
  { key: 'promise', name: 'promise-call', N: 100_000, expect: (N) => (N * (N + 1)) / 2 },
  { key: 'selectPut', name: 'select-put', N: 100_000, expect: (N) => ((N / 2) * (N / 2 - 1)) / 2 },
  { key: 'forkJoin', name: 'fork-join', N: 10_000, expect: (N) => (N * (N + 1)) / 2 },
  { key: 'forkJoinAsync', name: 'fork-join-async', N: 10_000, expect: (N) => (N * (N + 1)) / 2 },
];
const adapters = [plesioAdapter, reduxAdapter, driverAdapter];
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

async function sample(adapter, w) {
  const t = process.hrtime.bigint();
  const got = await adapter[w.key](w.N);
  const ns = Number(process.hrtime.bigint() - t) / w.N;
  if (got !== w.expect(w.N)) throw new Error(`${adapter.name} ${w.name}: checksum ${got}, expected ${w.expect(w.N)}`);
  return ns;
}

async function pendingBytes(adapter, N) {
  const resolvers = new Array(N);
  const promises = Array.from({ length: N }, (_, i) => new Promise((res) => { resolvers[i] = res; }));
  const settle = async () => { for (let k = 0; k < 3; k++) { gc(); await new Promise((r) => setTimeout(r, 5)); } gc(); };
  await settle();
  const before = process.memoryUsage().heapUsed;
  const done = adapter.pending(N, (i) => promises[i]);
  await new Promise((r) => setImmediate(r));
  await settle();
  const bytes = (process.memoryUsage().heapUsed - before) / N;
  resolvers.forEach((res, i) => res(i + 1));
  await done;
  return bytes;
}

/** Runs every workload and prints ns per unit and the paired ratios; returns the table rows. */
export async function main(argv = process.argv.slice(2)) {
  const rounds = Number(argv[argv.indexOf('--rounds') + 1]) || 9;
  const rows = [];
  for (const w of workloads) {
    const present = adapters.filter((a) => a[w.key]);
    for (const a of present) for (let k = 0; k < 3; k++) await sample(a, { ...w, N: w.N / 10 });
    const ns = Object.fromEntries(present.map((a) => [a.name, []]));
    const vsRedux = [];
    const vsDriver = [];
    for (let r = 0; r < rounds; r++) {
      const order = present.map((_, i) => present[(i + r) % present.length]);
      const got = {};
      for (const a of order) got[a.name] = await sample(a, w);
      for (const a of present) ns[a.name].push(got[a.name]);
      vsRedux.push(got.plesio / got['redux-saga']);
      if (got['gen-driver'] !== undefined) vsDriver.push(got.plesio / got['gen-driver']);
    }
    rows.push({
      workload: w.name,
      'plesio ns': median(ns.plesio).toFixed(1),
      'redux-saga ns': median(ns['redux-saga']).toFixed(1),
      'gen-driver ns': ns['gen-driver'] ? median(ns['gen-driver']).toFixed(1) : '-',
      'redux-saga / plesio': `${(1 / median(vsRedux)).toFixed(1)}x faster`,
      'plesio / gen-driver': vsDriver.length ? `${median(vsDriver).toFixed(2)}x` : '-',
    });
  }
  console.table(rows);
  const mem = [];
  for (const a of [plesioAdapter, reduxAdapter]) {
    await pendingBytes(a, 2000);
    const reps = [];
    for (let k = 0; k < 3; k++) reps.push(await pendingBytes(a, 10_000));
    mem.push({ interpreter: a.name, 'heap bytes per pending forked task': Math.round(median(reps)) });
  }
  console.table(mem);
  return { rows, mem };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
