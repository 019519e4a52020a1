// A quick single-interpreter loop for profiling (node --cpu-prof bench/saga/micro.mjs sync|async|sp):
// ns per effect of plesio alone. Compare interpreters with compare.mjs, not with this.
import { run, call, select, put } from '../../dist/index.js';
const inc = (i) => i + 1;
function* syncSaga(N, inc) { let acc = 0; for (let i = 0; i < N; i++) acc += yield call(inc, i); return acc; }
function* sp(N) { let acc = 0; for (let i = 0; i < N; i += 2) { const s = yield select(); acc += s.n; yield put({ n: s.n + 1 }); } return acc; }
const which = process.argv[2] ?? 'sync';
for (let k = 0; k < 15; k++) {
  const t = performance.now(); const N = 200000;
  if (which === 'sync') await run(syncSaga, N, inc).toPromise(); else if (which === 'async') await run(syncSaga, N, (i) => Promise.resolve(i + 1)).toPromise(); else await run({ state: { n: 0 } }, sp, N).toPromise();
  if (k > 9) console.log(which, ((performance.now() - t) * 1e6 / N).toFixed(1), 'ns');
}
