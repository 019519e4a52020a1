/**
 * The fleet bench: N real OpenSSH hosts in a network namespace this bench creates (namespace.mjs),
 * each with a login shell whose rc file burns ~130 ms of CPU (hosts.mjs), reached directly or through a
 * delaying relay (a round trip of 20 ms), scanned end to end by plesio's CLI (pipelined, and with
 * `--no-pipelining`) and by Ansible's `setup` (plain, and with its pipelining), the four taking turns
 * in every round. Reports wall time, the client's CPU, each host's CPU (a cgroup per host's sshd) and
 * how many hosts came back complete; ratios are paired (each round's own ratio, then the median).
 * Needs root (ip netns, veth, cgroups): skipped with a message otherwise. Runs against the built CLI:
 *   npm run build && node bench/fleet/fleet.bench.mjs [--hosts 1,20] [--rtt-ms 0,20] [--rounds 3] [--rc-ms 130] [--json FILE]
 */
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { cpuCgroup } from '../executors/cpu-cgroup.mjs';
import { DELAYED_PORT, startFleetHosts } from './hosts.mjs';
import { atExit } from './cleanup.mjs';
import { createNamespace } from './namespace.mjs';
import { runOnce, VARIANTS, writeInventory } from './runs.mjs';

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

/** Runs the bench and prints its tables; resolves to the results (undefined when skipped). */
export async function main(argv = []) {
  const { values } = parseArgs({ args: argv, options: {
    hosts: { type: 'string', default: '1,20' },
    'rtt-ms': { type: 'string', default: '0,20' },
    rounds: { type: 'string', default: '3' },
    'rc-ms': { type: 'string', default: '130' },
    variants: { type: 'string' },
    json: { type: 'string' },
  } });
  if (process.getuid?.() !== 0) {
    console.log('skipped: the fleet bench needs root (it creates a network namespace, a veth pair and cgroups); run it as root: node bench/fleet/fleet.bench.mjs');
    return undefined;
  }
  const sizes = values.hosts.split(',').map(Number);
  const rtts = values['rtt-ms'].split(',').map(Number);
  const rounds = Number(values.rounds);
  const rcMs = Number(values['rc-ms']);
  const ansible = await run('ansible', ['--version']).then((r) => r.stdout.split('\n')[0], () => undefined);
  const chosen = values.variants === undefined ? undefined : values.variants.split(',');
  const variants = VARIANTS.filter((v) => (ansible !== undefined || !v.ansible) && (chosen === undefined || chosen.some((c) => v.name.startsWith(c))));
  if (ansible === undefined) console.log('Ansible is not installed (apt-get install -y ansible-core): only plesio runs');
  const results = { date: new Date().toISOString(), cpus: cpus().length, rcMs, rounds, ansible, configs: [] };
  const ns = await createNamespace(Math.max(...sizes));
  const work = await mkdtemp(join(tmpdir(), 'plesio-bench-fleet-runs-'));
  const client = await cpuCgroup(`plesio-fleet-${process.pid}-client`);
  const undo = [atExit(() => rmSync(work, { recursive: true, force: true })), ...(client === undefined ? [] : [atExit(() => client.removeSync())])];
  let fleet;
  try {
    // Half the round trip each way, in the relay.
    fleet = await startFleetHosts(ns, { rcMs, oneWayMs: Math.max(...rtts) / 2 });
    console.log(`${cpus().length} CPUs shared by the client and every host; login shell rc: ${rcMs} ms of CPU; CPU counted by ${fleet.cpuAccounting}${client === undefined ? ' (hosts only: no client group)' : ''}; ${ansible ?? 'no Ansible'}`);
    results.reference = await reference(fleet, ns, work);
    console.log(`one host's own work: a connection and one login shell ${ms(results.reference.loginShellMs)} of host CPU, the scan's ${results.reference.commands} commands run directly ${ms(results.reference.commandsMs)}`);
    for (const size of sizes) {
      for (const rtt of rtts) {
        if (rtt !== 0 && rtt !== Math.max(...rtts)) throw new Error('--rtt-ms takes 0 and one delay');
        results.configs.push(await config({ fleet, work, size, rtt, rounds, variants, client, reference: results.reference }));
      }
    }
    if (values.json !== undefined) await writeFile(values.json, `${JSON.stringify(results, null, 2)}\n`);
    return results;
  } finally {
    await fleet?.stop();
    await client?.remove();
    await ns.remove();
    await rm(work, { recursive: true, force: true });
    for (const done of undo) done();
  }
}

/** One fleet size at one round trip: `rounds` rounds of every variant, in turns. */
async function config({ fleet, work, size, rtt, rounds, variants, client, reference }) {
  const hosts = { ...fleet, hosts: fleet.hosts.slice(0, size) };
  const inventory = join(work, `hosts-${size}-${rtt}.ini`);
  await writeInventory(inventory, hosts, rtt === 0 ? 22 : DELAYED_PORT);
  const setting = { inventory, fleet: hosts, work, hosts: size };
  const load = loadavg()[0];
  const samples = new Map(variants.map((v) => [v.name, []]));
  // A warm-up round: page cache, sshd's first forks, Ansible's module cache.
  for (const variant of variants) await runOnce(variant, setting, client);
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < variants.length; i++) {
      const variant = variants[(round + i) % variants.length];
      samples.get(variant.name).push(await runOnce(variant, setting, client));
    }
  }
  const base = samples.get(variants[0].name);
  const rows = variants.map((v) => {
    const runs = samples.get(v.name);
    const perHostCpu = runs.map((r) => sum(r.hostCpuMs) / size);
    return {
      variant: v.name,
      wallMs: median(runs.map((r) => r.wallMs)),
      minMs: Math.min(...runs.map((r) => r.wallMs)),
      maxMs: Math.max(...runs.map((r) => r.wallMs)),
      clientCpuMs: median(runs.map((r) => r.clientCpuMs)),
      hostCpuPerHostMs: median(perHostCpu),
      loginShellsPerHost: median(runs.map((r) => sum(r.loginShells) / size)),
      okPerRun: runs.map((r) => r.ok),
      allOkRuns: runs.filter((r) => r.ok === size).length,
      failures: [...new Set(runs.flatMap((r) => r.failures))].slice(0, 8),
      // This variant's time over plesio's in the same round, then the median.
      pairedVsPlesio: median(runs.map((r, i) => r.wallMs / base[i].wallMs)),
      wallSamples: runs.map((r) => Math.round(r.wallMs)),
    };
  });
  const loadAfter = loadavg()[0];
  console.log(`\n${size} host${size === 1 ? '' : 's'}, round trip ${rtt} ms (${rounds} rounds after a warm-up; load ${load.toFixed(1)} before, ${loadAfter.toFixed(1)} after)`);
  console.table(rows.map((r) => ({
    client: r.variant,
    'wall ms (median)': Math.round(r.wallMs),
    'min–max': `${Math.round(r.minMs)}–${Math.round(r.maxMs)}`,
    'x plesio (paired)': r.pairedVsPlesio.toFixed(2),
    'client CPU ms': Math.round(r.clientCpuMs),
    'host CPU ms / host': Math.round(r.hostCpuPerHostMs),
    'login shells / host': r.loginShellsPerHost.toFixed(1),
    'hosts ok per run': r.okPerRun.join(' '),
  })));
  for (const r of rows) if (r.failures.length > 0) console.log(`  ${r.variant}: ${r.failures.join('; ')}`);
  const ownWork = reference.loginShellMs + reference.commandsMs;
  const plesio = rows[0];
  console.log(`  plesio's host CPU per host: ${(plesio.hostCpuPerHostMs / ownWork).toFixed(2)}x one login shell plus the commands' own work (${ms(ownWork)}; goal ≤1.5x)`);
  return { hosts: size, rttMs: rtt, load: [load, loadAfter], rows, hostCpuVsOwnWork: plesio.hostCpuPerHostMs / ownWork };
}

/**
 * What one host's scan cannot do without, on the host: a connection with one login shell (`ssh host
 * true` with OpenSSH's client), and the scan's own commands (as plesio recorded them on that host) run
 * one by one by `sh -c` in a cgroup in the namespace.
 */
async function reference(fleet, ns, work) {
  const host = fleet.hosts[0];
  const before = await host.cpuMs();
  await run('ssh', ['-F', '/dev/null', '-i', fleet.clientKeyPath, '-o', 'IdentitiesOnly=yes', '-o', `UserKnownHostsFile=${fleet.knownHostsPath}`, '-o', 'StrictHostKeyChecking=yes', `root@${host.address}`, 'true']);
  await new Promise((r) => setTimeout(r, 300));
  const loginShellMs = (await host.cpuMs()) - before;
  const recorded = join(work, 'recorded');
  await mkdir(recorded);
  await run(process.execPath, [CLI, 'scan', `root@${host.address}`, '-i', fleet.clientKeyPath, '--known-hosts', fleet.knownHostsPath, '-F', '/dev/null', '--record', recorded, '-q', '-o', join(work, 'recorded.json')], { env: { PATH: process.env.PATH, HOME: work } });
  const [file] = await readdir(recorded);
  const fixture = JSON.parse(await readFile(join(recorded, file), 'utf8'));
  const commands = [...new Set((fixture.entries ?? fixture.commands ?? []).map((e) => e.command))];
  const group = await cpuCgroup(`plesio-fleet-${process.pid}-commands`);
  if (group === undefined) return { loginShellMs, commandsMs: NaN, commands: commands.length };
  try {
    const script = commands.map((c) => `sh -c ${quote(c)} >/dev/null 2>&1 </dev/null`).join('\n');
    // The group is joined before entering the namespace: `ip netns exec` mounts a /sys without cgroups.
    await run('sh', ['-c', `echo $$ > ${group.dir}/cgroup.procs && exec "$@"`, 'sh', ...ns.exec(['sh', '-c', script])], { env: { PATH: process.env.PATH, HOME: work } });
    return { loginShellMs, commandsMs: await group.cpuMs(), commands: commands.length };
  } finally {
    await group.remove();
  }
}

function quote(text) {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

function sum(values) {
  return values.reduce((a, b) => a + b, 0);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function ms(value) {
  return `${Math.round(value)} ms`;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
