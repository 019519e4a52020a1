// Distributed-mode benchmark of the built package (`npm run build` first), on this machine only:
//   1. queue overhead: the same slow host scanned --overhead-hosts times, one at a time, in this process
//      (a local scan) and through Redis by one worker process at concurrency 1; the overhead per host
//      is the difference, as a share of the local scan;
//   2. scaling: 1, 2, 4 and 8 worker processes (--workers) at --concurrency each, against the same fleet of
//      --hosts slow test hosts; throughput, speed-up and how busy the CPUs were.
// Slow test hosts: one recorded host (this machine, recorded to a temporary directory) replayed with
// --delay-ms (default 100) before every command. Redis is a throw-away redis-server on a free port.
// Prints Markdown tables and writes the numbers to bench/distributed/results.json.
//   node bench/distributed/workers.mjs [--hosts 1200] [--workers 1,2,4,8] [--concurrency 16]
//                                      [--delay-ms 100] [--overhead-hosts 30]
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { startRedis } from './redis.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '..', '..', 'dist');
const WORKER_MAIN = join(dist, 'distributed', 'worker-main.js');

export async function main(argv = process.argv.slice(2)) {
  const { values } = parseArgs({
    args: argv,
    options: {
      hosts: { type: 'string', default: '1200' },
      workers: { type: 'string', default: '1,2,4,8' },
      concurrency: { type: 'string', default: '16' },
      'delay-ms': { type: 'string', default: '100' },
      'overhead-hosts': { type: 'string', default: '30' },
    },
  });
  const api = await import(pathToFileURL(join(dist, 'index.js')).href);
  const distributed = await import(pathToFileURL(join(dist, 'distributed', 'index.js')).href);
  const work = await mkdtemp(join(tmpdir(), 'plesio-bench-distributed-'));
  const redis = await startRedis();
  try {
    const fixtureFile = join(work, 'host.json');
    const recorder = api.recordExecutor(api.localExecutor({ host: 'recorded' }), { file: fixtureFile });
    try {
      await api.scanHost({ executor: recorder });
    } finally {
      await recorder.close();
    }
    const fixture = await api.readFixture(fixtureFile);
    const delayMs = Number(values['delay-ms']);
    const env = { api, distributed, redis, fixtureFile, fixture, delayMs };
    const overhead = await measureOverhead(env, Number(values['overhead-hosts']));
    const scaling = [];
    for (const workers of values.workers.split(',').map(Number)) {
      scaling.push(await measureThroughput(env, workers, Number(values.concurrency), Number(values.hosts)));
    }
    // What the workers' concurrency allows if nothing but the slow hosts limited it.
    for (const row of scaling) row.idealHostsPerSecond = round((row.workers * row.concurrency * 1000) / overhead.localMsPerHost);
    print(overhead, scaling, delayMs);
    await writeFile(join(here, 'results.json'), JSON.stringify({ date: new Date().toISOString(), cpus: cpus().length, delayMs, overhead, scaling }, null, 2) + '\n');
  } finally {
    await redis.stop();
    await rm(work, { recursive: true, force: true });
  }
}

/** Local scans one at a time, then the same number through one worker at concurrency 1. */
async function measureOverhead({ api, distributed, redis, fixtureFile, fixture, delayMs }, count) {
  const factory = distributed.fixtureExecutorFactory(fixture, { delayMs });
  // Warm up the interpreter and the parsers, as a running worker is.
  for (let i = 0; i < 3; i++) await api.scanHost({ executor: await factory({ target: { label: 'warm', host: 'warm' }, options: {} }), host: 'warm' });
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const executor = await factory({ target: { label: `local-${i}`, host: 'x' }, options: {} });
    try {
      await api.scanHost({ executor, host: `local-${i}` });
    } finally {
      await executor.close();
    }
  }
  const localMs = (performance.now() - started) / count;
  const workers = await spawnWorkers(redis.url, 'overhead', 1, 1, fixtureFile, delayMs);
  try {
    // A first run warms the worker up; the second is measured.
    await runFleet(distributed, redis.url, 'overhead', 3);
    const { wallMs } = await runFleet(distributed, redis.url, 'overhead', count);
    const queuedMs = wallMs / count;
    return { hosts: count, localMsPerHost: round(localMs), queuedMsPerHost: round(queuedMs), overheadMsPerHost: round(queuedMs - localMs), overheadPercent: round(((queuedMs - localMs) / localMs) * 100) };
  } finally {
    await stopWorkers(workers);
  }
}

/** `workers` processes at `concurrency` each scan a fleet of `hosts`. */
async function measureThroughput({ distributed, redis, fixtureFile, delayMs }, workers, concurrency, hosts) {
  const queue = `scale-${workers}`;
  const spawned = await spawnWorkers(redis.url, queue, workers, concurrency, fixtureFile, delayMs);
  try {
    await runFleet(distributed, redis.url, queue, workers * concurrency);
    const pids = spawned.map((child) => child.pid);
    const before = { machine: machineTimes(), workers: await cpuSeconds(pids), redis: await cpuSeconds([redis.pid]), self: process.cpuUsage() };
    const { wallMs, failed } = await runFleet(distributed, redis.url, queue, hosts);
    const self = process.cpuUsage(before.self);
    const used = {
      workers: (await cpuSeconds(pids)) - before.workers,
      redis: (await cpuSeconds([redis.pid])) - before.redis,
      follower: (self.user + self.system) / 1e6,
    };
    const machine = machineTimes();
    const busy = 1 - (machine.idle - before.machine.idle) / (machine.total - before.machine.total);
    const seconds = wallMs / 1000;
    return {
      workers, concurrency, hosts, failed, wallMs: Math.round(wallMs), hostsPerSecond: round(hosts / seconds),
      // Cores kept busy by this benchmark's own processes (workers, Redis, the follower), and by everything on the machine.
      coresUsed: { workers: round2(used.workers / seconds), redis: round2(used.redis / seconds), follower: round2(used.follower / seconds) },
      workerCpuMsPerHost: round((used.workers * 1000) / hosts),
      machineBusyPercent: Math.round(busy * 100),
    };
  } finally {
    await stopWorkers(spawned);
  }
}

/** Enqueues `count` hosts and follows the run; the wall time runs from before the enqueue to the last result. */
async function runFleet(distributed, url, queue, count) {
  const targets = Array.from({ length: count }, (_, i) => ({ label: `host-${i}`, host: '127.0.0.1' }));
  const started = performance.now();
  const { runId } = await distributed.enqueueRun({ redis: url, queue, targets });
  let failed = 0;
  let seen = 0;
  for await (const { report } of distributed.followRun({ redis: url, queue, runId })) {
    seen += 1;
    if (report.status === 'failed') failed += 1;
  }
  if (seen !== count) throw new Error(`expected ${count} results, got ${seen}`);
  return { wallMs: performance.now() - started, failed };
}

async function spawnWorkers(url, queue, count, concurrency, fixtureFile, delayMs) {
  const workers = [];
  for (let i = 0; i < count; i++) {
    const child = spawn(process.execPath, [WORKER_MAIN, '--redis', url, '--queue', queue, '--concurrency', String(concurrency), '--fixture', fixtureFile, '--delay-ms', String(delayMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
    workers.push(child);
    await new Promise((resolve, reject) => {
      let text = '';
      child.stdout.setEncoding('utf8').on('data', (s) => {
        text += s;
        if (text.includes('"event":"ready"')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`worker exited with ${code} before it was ready`)));
    });
    child.stdout.resume();
  }
  return workers;
}

async function stopWorkers(workers) {
  await Promise.all(workers.map((child) => {
    if (child.exitCode !== null) return undefined;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    return exited;
  }));
}

/** User + system CPU seconds of processes, from /proc (Linux). */
async function cpuSeconds(pids) {
  let ticks = 0;
  for (const pid of pids) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks / 100;
}

function machineTimes() {
  let idle = 0;
  let total = 0;
  for (const { times } of cpus()) {
    idle += times.idle;
    total += times.user + times.nice + times.sys + times.idle + times.irq;
  }
  return { idle, total };
}

function print(overhead, scaling, delayMs) {
  console.log(`\nQueue overhead (one slow host at a time, ${delayMs} ms per command, ${overhead.hosts} hosts):\n`);
  console.log('| local scan per host | through the queue per host | overhead per host | overhead |');
  console.log('|---:|---:|---:|---:|');
  console.log(`| ${overhead.localMsPerHost} ms | ${overhead.queuedMsPerHost} ms | ${overhead.overheadMsPerHost} ms | ${overhead.overheadPercent} % |`);
  console.log(`\nThroughput (${scaling[0]?.hosts} slow hosts, ${delayMs} ms per command, ${cpus().length} CPUs):\n`);
  console.log('| worker processes | concurrency each | wall time | hosts/s | of ideal | speed-up | cores used: workers + Redis + follower | worker CPU per host | machine busy | failed |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const row of scaling) {
    const cores = row.coresUsed;
    const speedUp = (row.hostsPerSecond / scaling[0].hostsPerSecond).toFixed(2);
    const ofIdeal = Math.round((row.hostsPerSecond / row.idealHostsPerSecond) * 100);
    console.log(`| ${row.workers} | ${row.concurrency} | ${(row.wallMs / 1000).toFixed(1)} s | ${row.hostsPerSecond} | ${ofIdeal} % | ${speedUp}× | ${cores.workers} + ${cores.redis} + ${cores.follower} | ${row.workerCpuMsPerHost} ms | ${row.machineBusyPercent} % | ${row.failed} |`);
  }
}

function round2(n) {
  return Math.round(n * 100) / 100;
}

function round(n) {
  return Math.round(n * 10) / 10;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) await main();
