/**
 * What a change costs a default scan: this build's `scanHost` against another build's (say main's),
 * over the same loopback OpenSSH server, taking turns every round so that drift on a shared machine
 * hits both alike. Each round's after/before ratio is computed, and the median of those is the number
 * to trust (the medians of each side are shown too). The server is the pipeline benchmark's
 * (../pipeline/slow-sshd.mjs: a login shell spending `--rc-ms` in its rc file, 0 for none), optionally
 * behind its delay proxy (`--rtt-ms`).
 *
 * The other build is a checkout of the repository with its own `npm ci && npm run build`, e.g.:
 *   git worktree add /tmp/plesio-main main && (cd /tmp/plesio-main && npm ci && npm run build)
 *   npm run build && node bench/hosts/before-after.mjs --before /tmp/plesio-main [--label 'main at abc1234'] [--rounds 15] [--rc-ms 80] [--rtt-ms 0] [--json FILE]
 */
import { writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startDelayProxy } from '../pipeline/delay-proxy.mjs';
import { startSlowSshd } from '../pipeline/slow-sshd.mjs';

const AFTER = new URL('../../dist/index.js', import.meta.url).href;

/** Runs the comparison and prints it; resolves to the result. */
export async function main({ before, label = basename(resolve(before ?? '.')), rounds = 15, rcMs = 80, rttMs = 0, json } = {}) {
  if (before === undefined) throw new Error('--before <a built checkout of plesio> is required (see the comment at the top)');
  const builds = {
    before: await import(pathToFileURL(join(resolve(before), 'dist', 'index.js')).href),
    after: await import(AFTER),
  };
  const server = await startSlowSshd({ rcMs });
  const proxy = rttMs > 0 ? await startDelayProxy({ targetHost: server.host, targetPort: server.port, oneWayMs: rttMs / 2 }) : undefined;
  const sshd = proxy === undefined ? server : { ...server, host: proxy.host, port: proxy.port, knownHostsPath: await trustProxy(server, proxy) };
  try {
    const samples = { before: [], after: [] };
    const shape = {};
    // Warm-up: the first connections pay for loading ssh2's crypto and sshd's first forks.
    for (const side of ['before', 'after']) shape[side] = await scanOnce(builds[side], sshd);
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? ['before', 'after'] : ['after', 'before'];
      for (const side of order) samples[side].push((await scanOnce(builds[side], sshd)).wallMs);
    }
    const ratios = samples.after.map((a, i) => a / samples.before[i]);
    const result = {
      date: new Date().toISOString(), before: label, rounds, rcMs, rttMs, cpus: cpus().length, load: loadavg(),
      before_ms: median(samples.before), after_ms: median(samples.after), paired_ratio: median(ratios),
      commands: { before: shape.before.execs, after: shape.after.execs }, facts: { before: shape.before.facts, after: shape.after.facts },
      samples,
    };
    console.log(`default Linux scan over a loopback sshd (rc file ${rcMs} ms, round trip +${rttMs} ms), connect included; ${rounds} rounds; ${cpus().length} CPUs, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    console.log(`before (${label}): median ${Math.round(result.before_ms)} ms, ${result.commands.before} commands, ${result.facts.before} facts`);
    console.log(`after (this build):   median ${Math.round(result.after_ms)} ms, ${result.commands.after} commands, ${result.facts.after} facts`);
    console.log(`after / before: ${result.paired_ratio.toFixed(2)}x (median of each round's ratio; ${(result.after_ms / result.before_ms).toFixed(2)}x between the medians)`);
    if (json !== undefined) await writeFile(json, JSON.stringify(result, null, 2) + '\n');
    return result;
  } finally {
    await proxy?.stop();
    await server.stop();
  }
}

/** A known_hosts file that trusts the server's key at the proxy's address too. */
async function trustProxy(server, proxy) {
  const path = `${server.knownHostsPath}.proxy`;
  await writeFile(path, `[${server.host}]:${server.port} ${server.hostKey}\n[${proxy.host}]:${proxy.port} ${server.hostKey}\n`);
  return path;
}

/** One default scan with a fresh executor of `build`, connect included; fails unless every fact was gathered. */
async function scanOnce(build, sshd) {
  const inner = build.sshExecutor(`${sshd.user}@${sshd.host}:${sshd.port}`, { configPath: null, knownHostsPath: sshd.knownHostsPath, identityFiles: [sshd.clientKeyPath], agent: false });
  let execs = 0;
  const executor = { host: inner.host, exec: (command, o) => (execs++, inner.exec(command, o)), close: () => inner.close() };
  const start = performance.now();
  try {
    const report = await build.scanHost({ executor });
    const wallMs = performance.now() - start;
    if (report.status !== 'ok') throw new Error(`the scan ended ${report.status}: ${JSON.stringify(report.error ?? report.facts.errors)}`);
    return { wallMs, execs, facts: Object.keys(report.facts).length };
  } finally {
    await executor.close();
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function flag(argv, name, fallback) {
  const i = argv.indexOf(name);
  return i === -1 ? fallback : argv[i + 1];
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const argv = process.argv.slice(2);
  main({ before: flag(argv, '--before', undefined), label: flag(argv, '--label', undefined), rounds: Number(flag(argv, '--rounds', 15)), rcMs: Number(flag(argv, '--rc-ms', 80)), rttMs: Number(flag(argv, '--rtt-ms', 0)), json: flag(argv, '--json', undefined) }).catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
