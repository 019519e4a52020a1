/**
 * One timed run of a client against the fleet bench's hosts — plesio's CLI or Ansible's `setup` — in a
 * CPU-accounting cgroup of its own (everything it starts is counted: Node, or Ansible's forks and their
 * ssh clients), with the CPU each host spent on it read from the host's own cgroup once the host has
 * reaped its sessions, and how many hosts came back complete.
 */
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { settledCpuMs } from '../executors/cpu-cgroup.mjs';
import { atExit } from './cleanup.mjs';

const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
/** No run of a bench variant may take longer than this; one that does counts as failed. */
const RUN_LIMIT_MS = 300_000;

/** The clients the bench compares, each a function of the run's setting to { argv, env, outcome(stdout) }. */
export const VARIANTS = [
  { name: 'plesio', client: (s) => plesio(s, []) },
  { name: 'plesio --no-pipelining', client: (s) => plesio(s, ['--no-pipelining']) },
  { name: 'plesio --no-pacing', client: (s) => plesio(s, ['--no-pacing']) },
  { name: 'plesio --no-pipelining --no-pacing', client: (s) => plesio(s, ['--no-pipelining', '--no-pacing']) },
  { name: 'ansible setup', ansible: true, client: (s) => ansible(s, false) },
  { name: 'ansible setup, pipelining', ansible: true, client: (s) => ansible(s, true) },
];

/**
 * Writes the inventory both tools read: one line per host, its address, port (22, or the relay's
 * port behind the delay), user and key.
 */
export async function writeInventory(path, fleet, port) {
  const lines = fleet.hosts.map((h, i) => `h${i} ansible_host=${h.address} ansible_port=${port} ansible_user=root ansible_ssh_private_key_file=${fleet.clientKeyPath}`);
  await writeFile(path, `[fleet]\n${lines.join('\n')}\n`);
}

/** plesio's CLI, every host at once (`--concurrency` covers the fleet), reports as NDJSON. */
function plesio({ inventory, fleet, work, hosts }, extra) {
  const output = join(work, 'reports.ndjson');
  return {
    argv: [process.execPath, CLI, 'scan', '--inventory', inventory, '--known-hosts', fleet.knownHostsPath, '-F', '/dev/null', '--concurrency', String(Math.max(32, hosts)), '--format', 'ndjson', '-o', output, '-q', ...extra],
    env: { HOME: work, ...(process.env.PLESIO_BENCH_DEBUG && { NODE_DEBUG: 'plesio' }) },
    async outcome() {
      const reports = (await readFile(output, 'utf8').catch(() => '')).split('\n').filter(Boolean).map((l) => JSON.parse(l));
      const failures = reports.filter((r) => r.status !== 'ok').map((r) => `${r.host}: ${r.status} ${r.error?.code ?? Object.entries(r.facts?.errors ?? {}).map(([fact, e]) => `${fact}=${e.code}`).join(',')}`);
      if (process.env.PLESIO_BENCH_VERBOSE) for (const r of reports) if (r.status !== 'ok') console.log(JSON.stringify(r.error ?? r.facts?.errors));
      return { ok: reports.filter((r) => r.status === 'ok').length, failures };
    },
  };
}

/**
 * Ansible's `setup` module on every host at once (`--forks` = the fleet), host keys checked against
 * the bench's known_hosts, its own connection sharing (ControlMaster/ControlPersist, its default) kept
 * within a run and torn down after it, results read from the json callback's per-host stats.
 */
function ansible({ inventory, fleet, work, hosts }, pipelining) {
  const sshArgs = ['-F /dev/null', '-C', '-o ControlMaster=auto', '-o ControlPersist=60s', `-o UserKnownHostsFile=${fleet.knownHostsPath}`, '-o StrictHostKeyChecking=yes', '-o IdentitiesOnly=yes'];
  let stdout = '';
  return {
    argv: ['ansible', 'all', '-i', inventory, '-m', 'setup', '--forks', String(hosts)],
    env: {
      HOME: work,
      ANSIBLE_HOST_KEY_CHECKING: 'True',
      ANSIBLE_SSH_ARGS: sshArgs.join(' '),
      ANSIBLE_SSH_CONTROL_PATH_DIR: join(work, 'cp'),
      ANSIBLE_PIPELINING: pipelining ? 'True' : 'False',
      ANSIBLE_PYTHON_INTERPRETER: 'auto_silent',
      ANSIBLE_LOAD_CALLBACK_PLUGINS: '1',
      ANSIBLE_STDOUT_CALLBACK: 'json',
    },
    capture: (text) => void (stdout += text),
    async outcome() {
      let stats = {};
      try {
        stats = JSON.parse(stdout.slice(stdout.indexOf('{'))).stats ?? {};
      } catch {
        // No JSON: nothing completed.
      }
      const entries = Object.entries(stats);
      const failures = entries.filter(([, s]) => s.failures > 0 || s.unreachable > 0).map(([h, s]) => `${h}: ${s.unreachable > 0 ? 'unreachable' : 'failed'}`);
      return { ok: entries.length - failures.length, failures };
    },
  };
}

/**
 * Runs one client to its end; resolves to { wallMs, clientCpuMs, hostCpuMs: [per host], loginShells:
 * [per host], ok, failures }. `group` is the client's cgroup (cpu-cgroup.mjs); processes left in it
 * afterwards (Ansible's ControlPersist masters) are ended before the hosts' CPU is read.
 */
export async function runOnce(variant, setting, group) {
  const client = variant.client(setting);
  const { fleet } = setting;
  const hostsBefore = await Promise.all(fleet.hosts.map((h) => settledCpuMs(h.cpuMs)));
  const shellsBefore = await Promise.all(fleet.hosts.map((h) => h.loginShells()));
  const cpuBefore = group === undefined ? 0 : await group.cpuMs();
  const env = { PATH: process.env.PATH, LANG: 'C.UTF-8', ...client.env };
  // The shell joins the group, then becomes the client: everything the client starts is counted.
  const join = group === undefined ? 'exec "$@"' : `echo $$ > ${group.dir}/cgroup.procs && exec "$@"`;
  const started = performance.now();
  // In a process group of its own, so that a bench stopped mid-run (Ctrl-C) stops it and all it started.
  const child = spawn('sh', ['-c', join, 'sh', ...client.argv], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const done = atExit(() => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already ended.
    }
  });
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s) => client.capture?.(s));
  child.stderr.setEncoding('utf8').on('data', (s) => {
    stderr = (stderr + s).slice(-4000);
    if (process.env.PLESIO_BENCH_DEBUG) process.stderr.write(s);
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), RUN_LIMIT_MS);
  const code = await new Promise((resolve) => child.once('close', (c, signal) => resolve(c ?? signal)));
  const wallMs = performance.now() - started;
  clearTimeout(timer);
  done();
  if (group !== undefined) await endLeftovers(group);
  const clientCpuMs = group === undefined ? NaN : (await group.cpuMs()) - cpuBefore;
  const hostsAfter = await Promise.all(fleet.hosts.map((h) => settledCpuMs(h.cpuMs)));
  const shellsAfter = await Promise.all(fleet.hosts.map((h) => h.loginShells()));
  const { ok, failures } = await client.outcome();
  if (ok === 0 && code !== 0) failures.push(`exit ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`);
  return {
    wallMs,
    clientCpuMs,
    hostCpuMs: hostsAfter.map((v, i) => v - hostsBefore[i]),
    loginShells: shellsAfter.map((v, i) => v - shellsBefore[i]),
    ok,
    failures,
  };
}

/** Ends what a run left in its group (ssh ControlPersist masters), politely first. */
async function endLeftovers(group) {
  for (const signal of ['SIGTERM', 'SIGKILL']) {
    const pids = await group.procs();
    if (pids.length === 0) return;
    for (const pid of pids) {
      try {
        process.kill(pid, signal);
      } catch {
        // Gone meanwhile.
      }
    }
    for (let i = 0; i < 40 && (await group.procs()).length > 0; i++) await new Promise((r) => setTimeout(r, 25));
  }
}
