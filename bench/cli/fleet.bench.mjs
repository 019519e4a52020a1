// Fleet benchmark of the built CLI (`npm run build` first):
//   1. a fleet of --targets hosts (default 200) spread over --servers loopback sshd instances, scanned
//      with every --format (json, ndjson) at every --concurrency (8, 32, 128): wall time and peak RSS;
//   2. the growth series: one recorded host replayed as fleets of --growth sizes (200 … 10,000), to show
//      that ndjson's peak memory stays flat while json's grows with the fleet.
// Peak RSS comes from getrusage in the CLI process; the live heap (the heap left after forced
// collections) separates what the scan keeps from garbage V8 has not collected yet.
// Prints Markdown tables; --json FILE also writes the numbers as JSON. `npm run bench` runs it with the
// defaults; alone:
//   node bench/cli/fleet.bench.mjs [--targets 200] [--servers 4] [--concurrency 8,32,128] [--formats json,ndjson]
//     [--facts hostname,os,kernel,uptime_seconds,cpu | --facts all] [--growth 200,1000,5000,10000]
//     [--repeat 1] [--cli dist/cli/main.js] [--json FILE]
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startServers } from './loopback-sshd.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const OPTIONS = {
  cli: { type: 'string', default: join(root, 'dist', 'cli', 'main.js') },
  targets: { type: 'string', default: '200' },
  servers: { type: 'string', default: '4' },
  concurrency: { type: 'string', default: '8,32,128' },
  formats: { type: 'string', default: 'json,ndjson' },
  // Five facts, five commands a host: every command is a session on the loopback servers, which share
  // the scanner's CPUs; the full scan (`all`, about fifteen) makes a run last far longer.
  facts: { type: 'string', default: 'hostname,os,kernel,uptime_seconds,cpu' },
  growth: { type: 'string', default: '200,1000,5000,10000' },
  repeat: { type: 'string', default: '1' },
  json: { type: 'string' },
};
const list = (text) => text.split(',').filter(Boolean);
let args;
let cli;

/** Runs the CLI once; resolves to wall time, peak RSS (and live heap with `live`) and the summary counts. */
async function measure(cliArgs, work, { live = false } = {}) {
  const probeFile = join(work, `probe-${process.hrtime.bigint()}.json`);
  const env = { ...process.env, HOME: work, PLESIO_BENCH_PROBE_FILE: probeFile };
  delete env.SSH_AUTH_SOCK;
  const node = [...(live ? ['--expose-gc'] : []), '--import', join(here, 'process-probe.mjs')];
  const started = performance.now();
  const output = join(work, 'reports.out');
  const child = spawn(process.execPath, [...node, cli, 'scan', ...cliArgs, '--output', output], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  running = child;
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (s) => (stderr += s));
  const code = await new Promise((resolve) => child.once('close', resolve));
  running = undefined;
  const wallMs = performance.now() - started;
  const summary = /(\d+) ok, (\d+) partial, (\d+) failed/.exec(stderr);
  if (code !== 0 && code !== 2) throw new Error(`plesio exited with ${code}:\n${stderr}`);
  const probe = JSON.parse(await readFile(probeFile, 'utf8'));
  // Why hosts failed, by code: at high concurrency on a small machine, it is sshd that gives way.
  const text = await readFile(output, 'utf8');
  const reports = text.startsWith('[') ? JSON.parse(text) : text.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line));
  const errors = {};
  for (const report of reports) if (report.error) errors[report.error.code] = (errors[report.error.code] ?? 0) + 1;
  return {
    wallMs: Math.round(wallMs),
    peakRssMiB: Math.round(probe.peakRssKiB / 102.4) / 10,
    cpuMs: probe.cpuMs,
    ...(probe.liveHeapMiB !== undefined && { liveHeapMiB: probe.liveHeapMiB }),
    ok: Number(summary?.[1]),
    partial: Number(summary?.[2]),
    failed: Number(summary?.[3]),
    errors,
  };
}

async function inventory(work, name, count, line) {
  const rows = Array.from({ length: count }, (_, i) => line(`h${String(i + 1).padStart(5, '0')}`, i));
  const file = join(work, name);
  await writeFile(file, `[fleet]\n${rows.join('\n')}\n`);
  return file;
}

// The CLI run in progress, so Ctrl-C on the benchmark interrupts it before the servers stop.
let running;

const median = (runs, key) => [...runs.map((r) => r[key])].sort((a, b) => a - b)[Math.floor(runs.length / 2)];

/** Runs the benchmark with command-line style arguments (`npm run bench` passes none). */
export async function main(argv = process.argv.slice(2)) {
  args = parseArgs({ args: argv, options: OPTIONS }).values;
  cli = resolve(args.cli);
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first`);
  const work = await mkdtemp(join(tmpdir(), 'plesio-bench-work-'));
  const servers = await startServers(Number(args.servers));
  const stop = (signal) => {
    running?.kill('SIGINT');
    void servers.stop().then(() => rm(work, { recursive: true, force: true })).finally(() => process.kill(process.pid, signal));
  };
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, stop);
  const release = () => {
    for (const signal of ['SIGINT', 'SIGTERM']) process.removeListener(signal, stop);
  };
  const results = { machine: { cpus: (await import('node:os')).cpus().length, node: process.version }, fleet: [], growth: [] };
  try {
    const facts = args.facts === 'all' ? [] : ['--facts', args.facts];
    const targets = Number(args.targets);
    const fleet = await inventory(work, 'fleet.ini', targets, (name, i) => `${name} ansible_host=127.0.0.1 ansible_port=${servers.ports[i % servers.ports.length]} ansible_user=root`);
    const auth = ['-i', servers.clientKey, '--known-hosts', servers.knownHosts];
    // Warm-up: the first connections pay for sshd's and the page cache's first use.
    await measure(['--inventory', fleet, ...auth, ...facts, '--limit', 'h0000[1-8]', '--concurrency', '8'], work);
    for (const concurrency of list(args.concurrency)) {
      for (const format of list(args.formats)) {
        const runs = [];
        for (let i = 0; i < Number(args.repeat); i++) runs.push(await measure(['--inventory', fleet, ...auth, ...facts, '--concurrency', concurrency, '--format', format], work));
        const row = { targets, concurrency: Number(concurrency), format, wallMs: median(runs, 'wallMs'), cpuMs: median(runs, 'cpuMs'), peakRssMiB: median(runs, 'peakRssMiB'), ok: runs[0].ok, partial: runs[0].partial, failed: runs[0].failed, errors: runs[0].errors };
        results.fleet.push(row);
        console.error(`fleet ${JSON.stringify(row)}`);
      }
    }
    // The growth series replays one recorded host: the CLI's own memory, without sshd in the way.
    const recordings = join(work, 'recordings');
    await measure([`root@127.0.0.1:${servers.ports[0]}`, ...auth, ...facts, '--record', recordings], work);
    const fixture = join(recordings, (await readdir(recordings))[0]);
    for (const size of list(args.growth).map(Number)) {
      const hosts = await inventory(work, `growth-${size}.ini`, size, (name) => name);
      for (const format of list(args.formats)) {
        const replay = ['--inventory', hosts, '--replay', fixture, ...facts, '--concurrency', '32', '--format', format];
        // Two runs: forced collections would lower the RSS of the first, so the live heap has its own.
        const { liveHeapMiB } = await measure(replay, work, { live: true });
        const row = { targets: size, concurrency: 32, format, ...(await measure(replay, work)), liveHeapMiB };
        results.growth.push(row);
        console.error(`growth ${JSON.stringify(row)}`);
      }
    }
  } finally {
    release();
    await servers.stop();
    await rm(work, { recursive: true, force: true });
  }
  if (args.json !== undefined) await writeFile(args.json, JSON.stringify(results, null, 2) + '\n');
  console.log(`\n${results.machine.cpus} CPUs, Node ${results.machine.node}; ${args.facts === 'all' ? 'every fact' : `facts ${args.facts}`}\n`);
  console.log('| targets | concurrency | format | wall time | plesio CPU | peak RSS | ok / partial / failed | failures by code |\n|---:|---:|---|---:|---:|---:|---|---|');
  for (const r of results.fleet) {
    const codes = Object.entries(r.errors).map(([code, n]) => `${code} ${n}`).join(', ') || '-';
    console.log(`| ${r.targets} | ${r.concurrency} | ${r.format} | ${(r.wallMs / 1000).toFixed(1)} s | ${(r.cpuMs / 1000).toFixed(1)} s | ${r.peakRssMiB} MiB | ${r.ok} / ${r.partial} / ${r.failed} | ${codes} |`);
  }
  console.log('\nReplayed fleet (one recorded host, concurrency 32):\n\n| targets | format | wall time | peak RSS | peak live heap |\n|---:|---|---:|---:|---:|');
  for (const r of results.growth) console.log(`| ${r.targets} | ${r.format} | ${(r.wallMs / 1000).toFixed(1)} s | ${r.peakRssMiB} MiB | ${r.liveHeapMiB} MiB |`);
}

// Run when started directly; `bench/run-all.mjs` imports the module and calls main itself.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
