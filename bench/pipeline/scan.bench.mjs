/**
 * The full Linux scan (`scanHost`, connect included) against a loopback sshd whose login shell sleeps
 * 80 ms in its rc file (see slow-sshd.mjs): pipelined sessions, the default, against one channel per
 * command, each with and without TCP_NODELAY — and Ansible's `setup` on the same server when Ansible is
 * installed. Variants take turns each round, so drift on a busy machine hits them alike; the table shows
 * medians. With `--rtt-ms N` every client — raw ssh2, plesio and Ansible — reaches the server through a
 * user-space delay proxy (delay-proxy.mjs) adding N ms to each round trip, as a network between them would.
 * Runs against the built package:
 *   npm run build && node bench/pipeline/scan.bench.mjs [--rounds 9] [--rc-ms 80] [--rc sleep|cpu] [--rtt-ms 0] [--json FILE] [--baseline DIR]
 * With `--baseline DIR` (another checkout of plesio, built), that build's pipelined scan takes its turn in
 * every round too. Every row also says how many login shells a scan cost the server and how much CPU its
 * session took there.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import ssh2 from 'ssh2';
import { scanHost, sshExecutor } from '../../dist/index.js';
import { settledCpuMs } from '../executors/cpu-cgroup.mjs';
import { startDelayProxy } from './delay-proxy.mjs';
import { startSlowSshd } from './slow-sshd.mjs';

const run = promisify(execFile);

/** What the issue measured for Ansible's `setup` against the same kind of host; shown only as a reference. */
const ANSIBLE_REFERENCE_MS = 3400;

const THIS_BUILD = { scanHost, sshExecutor };

const VARIANTS = [
  { name: 'plesio, pipelined (default)', options: { pipelining: true }, api: THIS_BUILD },
  { name: 'plesio, one channel per command', options: { pipelining: false }, api: THIS_BUILD },
  { name: 'plesio, pipelined, without TCP_NODELAY', options: { pipelining: true, tcpNoDelay: false }, api: THIS_BUILD },
  { name: 'plesio, one channel per command, without TCP_NODELAY', options: { pipelining: false, tcpNoDelay: false }, api: THIS_BUILD },
];

/**
 * Runs the benchmark and prints the table; resolves to the result rows. `baseline`: the root of another
 * build of plesio (a checkout with its dist/ built), whose pipelined scan takes its turn in every round
 * too, for a before/after ratio measured in one run.
 */
export async function main({ rounds = 9, rcMs = 80, rcKind = 'sleep', rttMs = 0, json, baseline: baselineRoot } = {}) {
  if (!(Number.isFinite(rttMs) && rttMs >= 0)) throw new Error(`--rtt-ms must be a number of milliseconds ≥ 0, not ${rttMs}`);
  const variants = [...VARIANTS];
  if (baselineRoot !== undefined) {
    const api = await import(pathToFileURL(join(resolve(baselineRoot), 'dist', 'index.js')).href);
    variants.push({ name: `plesio, pipelined, baseline build (${baselineRoot})`, options: { pipelining: true }, api: { scanHost: api.scanHost, sshExecutor: api.sshExecutor } });
  }
  const server = await startSlowSshd({ rcMs, rcKind });
  let route;
  try {
    // What every client below connects to: the server itself, or the delay proxy in front of it.
    route = await routeTo(server, rttMs);
    const { sshd } = route;
    const privateKey = readFileSync(sshd.clientKeyPath);
    const baseline = await rawBaseline(sshd, privateKey, rounds);
    console.log(`loopback sshd, login shell rc ${rcKind === 'cpu' ? 'busy on the CPU for' : 'sleeps'} ${rcMs} ms; ${rttMs > 0 ? `round trip +${rttMs} ms through a delay proxy (${rttMs / 2} ms each way)` : 'no added round-trip latency'}; ${cpus().length} CPUs, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    console.log(`host CPU per scan counted by: ${server.cpuAccounting}`);
    console.log(`raw ssh2: connect ${ms(baseline.connectMs)}, each exec of \`true\` ${ms(baseline.execMs)} (median of ${rounds})`);
    const perCommand = { pipelinedMs: await commandLatency(sshd, { pipelining: true }), perChannelMs: await commandLatency(sshd, { pipelining: false }) };
    console.log(`one command on a warm connection (\`true\`, median of 30 in a row): ${ms(perCommand.pipelinedMs)} pipelined, ${ms(perCommand.perChannelMs)} on a channel of its own`);

    const samples = new Map(variants.map((v) => [v.name, []]));
    const connects = new Map(variants.map((v) => [v.name, []]));
    const shells = new Map(variants.map((v) => [v.name, []]));
    const hostCpu = new Map(variants.map((v) => [v.name, []]));
    const commands = new Map();
    // Warm-up: the first connection pays for loading ssh2's crypto and sshd's first forks.
    for (const variant of variants) await scanOnce(sshd, server, variant);
    for (let round = 0; round < rounds; round++) {
      // Rotate the order, so no variant always runs right after the same other one.
      for (let i = 0; i < variants.length; i++) {
        const variant = variants[(round + i) % variants.length];
        const { wallMs, connectMs, execs, loginShells, hostCpuMs } = await scanOnce(sshd, server, variant);
        samples.get(variant.name).push(wallMs);
        connects.get(variant.name).push(connectMs);
        shells.get(variant.name).push(loginShells);
        hostCpu.get(variant.name).push(hostCpuMs);
        commands.set(variant.name, execs);
      }
    }

    const ansible = await ansibleSetup(sshd, server, rounds);
    const pipelinedSamples = samples.get(variants[0].name);
    // Each round's own ratio to the pipelined scan of that round: drift on a shared machine cancels out.
    const paired = (name) => (name === variants[0].name ? 1 : median(samples.get(name).map((v, i) => v / pipelinedSamples[i])));
    const rows = variants.map((v) => ({ ...summary(v.name, samples.get(v.name), commands.get(v.name)), connectMs: median(connects.get(v.name)), pairedRatio: paired(v.name), loginShells: median(shells.get(v.name)), hostCpuMs: median(hostCpu.get(v.name)) }));
    if (ansible.samples !== undefined) rows.push({ ...summary('ansible -m setup', ansible.samples, undefined), loginShells: median(ansible.loginShells), hostCpuMs: median(ansible.hostCpuMs) });
    const pipelined = rows[0].medianMs;
    const ansibleMs = ansible.samples === undefined ? ANSIBLE_REFERENCE_MS : median(ansible.samples);
    console.log(`\nfull Linux scan, connect included (median of ${rounds} rounds, round trip +${rttMs} ms)`);
    console.table(rows.map((r) => ({
      scan: r.name,
      'median ms': Math.round(r.medianMs),
      'min ms': Math.round(r.minMs),
      'max ms': Math.round(r.maxMs),
      'of which connect': r.connectMs === undefined ? '' : Math.round(r.connectMs),
      commands: r.commands ?? '',
      'login shells': r.loginShells,
      'host CPU ms': Math.round(r.hostCpuMs),
      'pipelined is x faster': (r.medianMs / pipelined).toFixed(1),
      'x, median of rounds': r.pairedRatio === undefined ? '' : r.pairedRatio.toFixed(2),
    })));
    console.log(ansible.samples === undefined
      ? `Ansible: ${ansible.why}. Reference only (from the issue, not measured here): setup ≈ ${ANSIBLE_REFERENCE_MS} ms → pipelined is ${(ANSIBLE_REFERENCE_MS / pipelined).toFixed(1)}x faster than that figure.`
      : `Ansible setup measured here: pipelined is ${(ansibleMs / pipelined).toFixed(1)}x faster.`);
    const perChannel = rows[1].medianMs;
    const targets = {
      vsAnsible: { ratio: ansibleMs / pipelined, measured: ansible.samples !== undefined, met: ansibleMs / pipelined >= 10 },
      vsPerChannel: { ratio: perChannel / pipelined, pairedRatio: rows[1].pairedRatio, met: rows[1].pairedRatio >= 3 },
    };
    console.log(`targets: ≥10x faster than Ansible setup ${targets.vsAnsible.met ? 'met' : 'NOT met'} (${targets.vsAnsible.ratio.toFixed(1)}x${targets.vsAnsible.measured ? '' : ', against the reference figure'}); ≥3x faster than one channel per command ${targets.vsPerChannel.met ? 'met' : 'NOT met'} (${targets.vsPerChannel.pairedRatio.toFixed(2)}x, the median of each round's ratio; ${targets.vsPerChannel.ratio.toFixed(2)}x between the medians)`);
    const result = { date: new Date().toISOString(), rcMs, rcKind, rttMs, rounds, cpus: cpus().length, load: loadavg(), cpuAccounting: server.cpuAccounting, baseline, perCommand, rows, ansible: ansible.samples === undefined ? { installed: false, why: ansible.why, referenceMs: ANSIBLE_REFERENCE_MS } : { installed: true }, targets };
    if (json !== undefined) await writeFile(json, JSON.stringify(result, null, 2) + '\n');
    return result;
  } finally {
    await route?.stop();
    await server.stop();
  }
}

/**
 * With no added latency, the server as it is. Otherwise a delay proxy in front of it, and a known_hosts
 * file that also trusts the server's host key at the proxy's address (what the clients connect to);
 * resolves to { sshd, stop }, `sshd` being the server's description with the proxy's address in it.
 */
async function routeTo(server, rttMs) {
  if (rttMs === 0) return { sshd: server, stop: async () => undefined };
  const proxy = await startDelayProxy({ targetHost: server.host, targetPort: server.port, oneWayMs: rttMs / 2 });
  let dir;
  try {
    dir = await mkdtemp(join(tmpdir(), 'plesio-bench-proxy-'));
    const knownHostsPath = join(dir, 'known_hosts');
    await writeFile(knownHostsPath, `[${server.host}]:${server.port} ${server.hostKey}\n[${proxy.host}]:${proxy.port} ${server.hostKey}\n`);
    return {
      sshd: { ...server, host: proxy.host, port: proxy.port, knownHostsPath },
      async stop() {
        await proxy.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await proxy.stop();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * One scan with a fresh executor: connect (timed apart too), scan, close; with the login shells it cost
 * the server and the CPU time of its whole session there (counted once the server has reaped it).
 */
async function scanOnce(sshd, server, { options, api }) {
  const shellsBefore = await server.loginShells();
  const cpuBefore = await settledCpuMs(server.hostCpuMs, 20);
  const inner = api.sshExecutor(`${sshd.user}@${sshd.host}:${sshd.port}`, {
    configPath: null,
    knownHostsPath: sshd.knownHostsPath,
    identityFiles: [sshd.clientKeyPath],
    agent: false,
    ...options,
  });
  let execs = 0;
  const executor = { host: inner.host, exec: (command, o) => (execs++, inner.exec(command, o)), close: () => inner.close() };
  const start = performance.now();
  try {
    await inner.connect();
    const connectMs = performance.now() - start;
    const report = await api.scanHost({ executor });
    const wallMs = performance.now() - start;
    if (report.status !== 'ok') throw new Error(`the scan ended ${report.status}: ${JSON.stringify(report.error ?? report.facts.errors)}`);
    await executor.close();
    return { wallMs, connectMs, execs, loginShells: (await server.loginShells()) - shellsBefore, hostCpuMs: (await settledCpuMs(server.hostCpuMs, 20)) - cpuBefore };
  } finally {
    await executor.close();
  }
}

/** The median time of one command, run 30 times in a row on a connection that already ran one. */
async function commandLatency(sshd, options) {
  const executor = sshExecutor(`${sshd.user}@${sshd.host}:${sshd.port}`, { configPath: null, knownHostsPath: sshd.knownHostsPath, identityFiles: [sshd.clientKeyPath], agent: false, ...options });
  try {
    // Twice: the first waits for the session to start.
    await executor.exec('true');
    await executor.exec('true');
    const times = [];
    for (let i = 0; i < 30; i++) {
      const start = performance.now();
      await executor.exec('true');
      times.push(performance.now() - start);
    }
    return median(times);
  } finally {
    await executor.close();
  }
}

/** Plain ssh2 against the same server: what a connection and what one exec cost there. */
async function rawBaseline(sshd, privateKey, rounds) {
  const connects = [];
  const execs = [];
  for (let i = 0; i < rounds + 1; i++) {
    const start = performance.now();
    const client = await new Promise((resolve, reject) => {
      const c = new ssh2.Client();
      c.once('ready', () => resolve(c)).once('error', reject);
      c.connect({ host: sshd.host, port: sshd.port, username: sshd.user, privateKey });
      c.setNoDelay(true);
    });
    connects.push(performance.now() - start);
    const t = performance.now();
    await new Promise((resolve, reject) => client.exec('true', (error, stream) => {
      if (error) return reject(error);
      stream.on('data', () => undefined).stderr.on('data', () => undefined);
      stream.on('close', resolve);
      stream.end();
    }));
    execs.push(performance.now() - t);
    await new Promise((resolve) => client.once('close', resolve).end());
  }
  // The first round warms up.
  return { connectMs: median(connects.slice(1)), execMs: median(execs.slice(1)) };
}

/** Ansible's `setup` module against the same server (through the delay proxy, when there is one), when `ansible` is on the PATH. */
async function ansibleSetup(sshd, server, rounds) {
  try {
    await run('ansible', ['--version']);
  } catch {
    return { samples: undefined, why: 'not installed' };
  }
  const dir = await mkdtemp(join(tmpdir(), 'plesio-bench-ansible-'));
  try {
    const inventory = join(dir, 'hosts.ini');
    await writeFile(inventory, `bench ansible_host=${sshd.host} ansible_port=${sshd.port} ansible_user=${sshd.user} ansible_ssh_private_key_file=${sshd.clientKeyPath}\n`);
    // No ControlPersist master left from the previous round: each run pays its own connection, as plesio's does.
    // Host keys checked against the bench's own known_hosts, as plesio checks them (nothing lands in ~/.ssh).
    const env = { ...process.env, ANSIBLE_HOST_KEY_CHECKING: 'True', ANSIBLE_SSH_ARGS: `-o ControlMaster=no -o UserKnownHostsFile=${sshd.knownHostsPath} -o StrictHostKeyChecking=yes`, ANSIBLE_PYTHON_INTERPRETER: 'auto_silent' };
    const samples = [];
    const loginShells = [];
    const hostCpuMs = [];
    for (let i = 0; i < rounds + 1; i++) {
      const shellsBefore = await server.loginShells();
      const cpuBefore = await settledCpuMs(server.hostCpuMs, 20);
      const start = performance.now();
      await run('ansible', ['bench', '-i', inventory, '-m', 'setup'], { env, maxBuffer: 64 * 1024 * 1024 });
      if (i === 0) continue;
      samples.push(performance.now() - start);
      loginShells.push((await server.loginShells()) - shellsBefore);
      hostCpuMs.push((await settledCpuMs(server.hostCpuMs, 20)) - cpuBefore);
    }
    return { samples, loginShells, hostCpuMs };
  } catch (error) {
    return { samples: undefined, why: `installed, but its run failed (${error.message.split('\n')[0]})` };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function summary(name, values, commands) {
  return { name, medianMs: median(values), minMs: Math.min(...values), maxMs: Math.max(...values), commands, samples: values.map((v) => Math.round(v)) };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function ms(value) {
  return `${value.toFixed(0)} ms`;
}

function flag(argv, name, fallback) {
  const i = argv.indexOf(name);
  return i === -1 ? fallback : argv[i + 1];
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const argv = process.argv.slice(2);
  main({ rounds: Number(flag(argv, '--rounds', 9)), rcMs: Number(flag(argv, '--rc-ms', 80)), rcKind: flag(argv, '--rc', 'sleep'), rttMs: Number(flag(argv, '--rtt-ms', 0)), json: flag(argv, '--json', undefined), baseline: flag(argv, '--baseline', undefined) }).catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
