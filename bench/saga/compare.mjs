// plesio's interpreter against redux-saga (a devDependency) and a minimal generator driver, on five
// workloads, plus heap bytes per pending forked task. Runs from the repository alone:
//   npm run bench -- saga                      (builds first)
//   node bench/saga/compare.mjs [--rounds 15] [--only select-put,fork-join-async] [--no-memory] [--against DIR]
//                               [--without-redux-saga]
// --against DIR adds another build of plesio (its dist folder, e.g. one built from main) as a column,
// with the paired ratio of this build to it: a regression check within one run.
// Samples are interleaved (one per interpreter per round, in a new order each round) and ratios are
// taken per round, then medianed: this machine changes speed on a scale of seconds, so absolute ns move
// between runs while paired ratios move much less. A fixed integer loop timed each round (the CPU probe)
// shows when the machine changed speed during a run; the `cpu` ratios, of CPU time rather than wall
// time, are the ones to read when other processes compete for the cores.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { plesioAdapter, reduxSagaAdapter } from './adapters.mjs';
import { genDriverAdapter } from './gen-driver.mjs';

setFlagsFromString('--expose-gc');
const gc = globalThis.gc ?? runInNewContext('gc');

// The user code every interpreter runs: the same functions, not copies.
const inc = (i) => i + 1;
const incAsync = (i) => Promise.resolve(i + 1);
const kit = { selectN: (s) => s.n, reducer: (s, a) => (a.type === 'inc' ? { n: s.n + 1 } : s), INC: { type: 'inc' } };

const sum = (N) => (N * (N + 1)) / 2;
const workloads = [
  { key: 'sync', name: 'sync-call', N: 200_000, unit: 'effect', arg: inc, expect: sum },
  { key: 'promise', name: 'promise-call', N: 100_000, unit: 'effect', arg: incAsync, expect: sum },
  { key: 'selectPut', name: 'select-put', N: 100_000, unit: 'effect', arg: null, expect: (N) => ((N / 2) * (N / 2 - 1)) / 2 },
  { key: 'forkJoin', name: 'fork-join', N: 10_000, unit: 'task', arg: inc, expect: sum },
  { key: 'forkJoinAsync', name: 'fork-join-async', N: 10_000, unit: 'task', arg: incAsync, expect: sum },
];
let adapters = [];
const MIN_SAMPLE_MS = 20;

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const range = (xs) => `${Math.min(...xs).toFixed(2)}-${Math.max(...xs).toFixed(2)}`;

/**
 * Wall and CPU ns per unit of `reps` back-to-back runs of one workload; throws on a wrong checksum.
 * CPU time (all of the process's threads, the garbage collector's included) leaves out the time the
 * process waited for a core: on a busy machine it moves much less than wall time.
 */
async function sample(adapter, w, N = w.N, reps = 1) {
  const cpu = process.cpuUsage();
  const t = process.hrtime.bigint();
  for (let k = 0; k < reps; k++) {
    const got = await adapter[w.key](N, w.arg);
    if (got !== w.expect(N)) throw new Error(`${adapter.name} ${w.name}: checksum ${got}, expected ${w.expect(N)}`);
  }
  const wall = Number(process.hrtime.bigint() - t) / N / reps;
  const { user, system } = process.cpuUsage(cpu);
  return { wall, cpu: ((user + system) * 1000) / N / reps };
}

/** ms of a fixed integer loop: when it moves between rounds, the machine changed speed. */
function probe() {
  const t = performance.now();
  let x = 0;
  for (let i = 0; i < 3_000_000; i++) x = (x + i * 7) % 1_000_003;
  if (x < 0) console.log(x);
  return performance.now() - t;
}

/** Heap bytes each pending forked task retains (the awaited promise itself not counted). */
async function pendingBytes(adapter, N) {
  const resolvers = new Array(N);
  const promises = Array.from({ length: N }, (_, i) => new Promise((res) => { resolvers[i] = res; }));
  const settle = async () => { for (let k = 0; k < 3; k++) { gc(); await new Promise((r) => setTimeout(r, 5)); } gc(); };
  await settle();
  const before = process.memoryUsage().heapUsed;
  const handle = adapter.pending(N, (i) => promises[i]);
  await new Promise((r) => setImmediate(r));
  await settle();
  const bytes = (process.memoryUsage().heapUsed - before) / N;
  resolvers.forEach((res, i) => res(i + 1));
  await handle.wait();
  return bytes;
}

/**
 * A new order each round. Rotating one order would keep who-follows-whom: in the fork workloads the one
 * after redux-saga (~3 KB of garbage per task) would pay for its collections in every round (measured:
 * plesio / gen-driver on fork-join read 0.3x-0.9x rotated, 1.3x-2.0x shuffled). A forced gc() before
 * each sample instead made the next sample of plesio and redux-saga 5-13x slower, so it is no cure.
 */
function shuffled(xs, random) {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** A small seeded generator (mulberry32): the same orders in every run. */
function seeded(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Samples one workload: `rounds` rounds of one sample per interpreter, in a new order each round. */
async function measure(w, rounds) {
  const random = seeded(rounds);
  gc();
  const reps = new Map();
  for (const a of adapters) {
    let ns = 0;
    for (let k = 0; k < 4; k++) ns = (await sample(a, w)).wall;
    reps.set(a, Math.max(1, Math.ceil((MIN_SAMPLE_MS * 1e6) / (ns * w.N))));
  }
  const samples = [];
  const probes = [];
  for (let r = 0; r < rounds; r++) {
    probes.push(probe());
    const got = new Map();
    for (const a of shuffled(adapters, random)) {
      got.set(a, await sample(a, w, w.N, reps.get(a)));
    }
    samples.push(got);
  }
  return { w, samples, probes };
}

/** One table row: the medians, and the ratios of build `p` taken per round (paired) then medianed. */
function row({ w, samples, probes }, p) {
  const [redux, driver, against] = ['redux-saga', 'gen-driver', 'against'].map((name) => adapters.find((a) => a.name === name));
  const paired = (num, den, clock = 'wall') => samples.map((got) => got.get(num)[clock] / got.get(den)[clock]);
  const vsRedux = redux === undefined ? null : paired(redux, p);
  const vsReduxCpu = redux === undefined ? null : paired(redux, p, 'cpu');
  const vsDriver = paired(p, driver);
  const vsDriverCpu = paired(p, driver, 'cpu');
  const ns = (a) => (a === undefined ? '-' : median(samples.map((got) => got.get(a).wall)).toFixed(1));
  return {
    workload: w.name, N: w.N, unit: w.unit,
    [`${p.name} ns`]: ns(p), 'redux-saga ns': ns(redux), 'gen-driver ns': ns(driver),
    [`${p.name} vs redux-saga`]: vsRedux === null ? '-' : `${median(vsRedux).toFixed(1)}x faster (${range(vsRedux)})`,
    [`${p.name} vs redux-saga, cpu`]: vsReduxCpu === null ? '-' : `${median(vsReduxCpu).toFixed(1)}x faster`,
    [`${p.name} / gen-driver`]: `${median(vsDriver).toFixed(2)}x (${range(vsDriver)})`,
    [`${p.name} / gen-driver, cpu`]: `${median(vsDriverCpu).toFixed(2)}x`,
    ...(against !== undefined && p !== against ? {
      [`${p.name} / against`]: `${median(paired(p, against)).toFixed(2)}x (${range(paired(p, against))})`,
      [`${p.name} / against, cpu`]: `${median(paired(p, against, 'cpu')).toFixed(2)}x`,
    } : {}),
    'cpu probe ms': `${Math.min(...probes).toFixed(1)}-${Math.max(...probes).toFixed(1)}`,
  };
}

function printTable(rows) {
  const cols = Object.keys(rows[0]);
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells) => `| ${cells.map((s, i) => String(s).padEnd(width[i])).join(' | ')} |`;
  console.log([line(cols), `|${width.map((n) => '-'.repeat(n + 2)).join('|')}|`, ...rows.map((r) => line(cols.map((c) => r[c])))].join('\n'));
}

/** Runs the workloads and the memory test, prints both tables and returns their rows. */
export async function main(argv = process.argv.slice(2)) {
  const opt = (name) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : undefined; };
  const rounds = Number(opt('--rounds') ?? 15);
  const only = opt('--only')?.split(',');
  const against = opt('--against');
  adapters = [plesioAdapter(kit), reduxSagaAdapter(kit), genDriverAdapter(kit)];
  if (against !== undefined) adapters.push(plesioAdapter(kit, await import(pathToFileURL(resolve(against, 'index.js')).href), 'against'));
  // Without redux-saga, a run is shorter and the process's heap smaller: for plesio / gen-driver alone.
  if (argv.includes('--without-redux-saga')) adapters = adapters.filter((a) => a.name !== 'redux-saga');
  const chosen = workloads.filter((w) => only === undefined || only.includes(w.name));
  if (chosen.length === 0) throw new Error(`--only: no workload among ${workloads.map((w) => w.name).join(', ')}`);
  console.log(`node ${process.version}; ${rounds} interleaved rounds; ns per effect (per child task for the fork workloads); ratios paired per round: median (min-max)`);
  // Warm every interpreter on every workload first: timed after seeing one shape of saga, an interpreter's
  // shared code runs faster than it does once it has seen all of them.
  for (const w of workloads) for (const a of adapters) for (let k = 0; k < 3; k++) await sample(a, w, w.N / 10);
  const results = [];
  for (const w of chosen) results.push(await measure(w, rounds));
  const rows = results.map((r) => row(r, adapters[0]));
  printTable(rows);
  const other = adapters.find((a) => a.name === 'against');
  if (other !== undefined) {
    console.log(`\nthe build given with --against (${against}), from the same rounds:`);
    printTable(results.map((r) => row(r, other)));
  }
  const mem = [];
  if (!argv.includes('--no-memory')) {
    for (const a of adapters) {
      await pendingBytes(a, 2000);
      const reps = [];
      for (let k = 0; k < 5; k++) reps.push(await pendingBytes(a, 10_000));
      mem.push({ interpreter: a.name, 'heap bytes per pending forked task (N=10000)': Math.round(median(reps)), repetitions: reps.map(Math.round).join(' ') });
    }
    console.log('');
    printTable(mem);
  }
  return { rows, mem };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
