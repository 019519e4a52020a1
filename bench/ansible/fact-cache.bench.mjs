/**
 * The same playbook on a fleet of loopback sshd hosts, two ways, paired in every round:
 *   A. `ansible-playbook` gathering the facts itself (`gather_facts: true`, Ansible's `setup`);
 *   B. `plesio scan --ansible-fact-cache DIR`, then the playbook with `gather_facts: false` reading
 *      Ansible's jsonfile fact cache in DIR.
 * The play's task only reads facts (it runs on the controller), so the difference is the gathering.
 * Ansible runs with its defaults, except: forks = the number of hosts (plesio scans them all at once
 * too), host keys checked against the fleet's known_hosts, no ControlPersist master surviving a run
 * (each run pays its own connections, as each plesio scan does), and its home, temporary directories
 * and control sockets in a throw-away directory. Against the built package (`npm run build` first):
 *   node bench/ansible/fact-cache.bench.mjs [--hosts 10] [--rounds 5] [--json FILE]
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { register } from 'node:module';
import { startServers } from '../cli/loopback-sshd.mjs';

// The tests' Ansible set-up, loaded from its TypeScript source (see bench/faults/ts-hooks.mjs).
register('../faults/ts-hooks.mjs', import.meta.url);
const { ansibleEnvironment, writeAnsibleConfig } = await import('../../test/support/ansible-env.ts');

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(root, 'dist', 'cli', 'main.js');

const PLAYBOOK = (gather) => `- hosts: all
  gather_facts: ${gather}
  tasks:
    - name: use the facts
      debug:
        msg: "{{ ansible_distribution }} {{ ansible_distribution_version }} {{ ansible_default_ipv4.address | default('-') }} {{ ansible_memtotal_mb | default('-') }}"
`;

/** Runs a command to its end; resolves to its wall time in ms, rejects with its output on failure. */
function timed(file, args, env) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(file, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (s) => (output += s));
    child.stderr.setEncoding('utf8').on('data', (s) => (output += s));
    child.once('error', reject);
    child.once('close', (code) => {
      const ms = performance.now() - started;
      if (code === 0) resolve(ms);
      else reject(new Error(`${file} ${args.join(' ')} exited with ${code}:\n${output.slice(-3000)}`));
    });
  });
}

/**
 * Ansible's configuration and environment in `dir`, for the fleet `servers`: the tests' isolated set-up
 * (test/support/ansible-env.ts), with forks = the number of hosts and the fact cache in `dir`.
 */
async function ansibleSetUp(dir, servers, hosts) {
  const config = await writeAnsibleConfig(dir, servers.knownHosts, [`forks = ${hosts}`, `fact_caching_connection = ${join(dir, 'cache')}`]);
  const env = ansibleEnvironment(dir, config);
  const inventory = join(dir, 'hosts.ini');
  const user = userInfo().username;
  await writeFile(inventory, ['[fleet]', ...servers.ports.slice(0, hosts).map((port, i) => `h${i + 1} ansible_host=127.0.0.1 ansible_port=${port} ansible_user=${user} ansible_ssh_private_key_file=${servers.clientKey}`), ''].join('\n'));
  const gathering = join(dir, 'gathering.yml');
  const cached = join(dir, 'cached.yml');
  await writeFile(gathering, PLAYBOOK(true));
  await writeFile(cached, PLAYBOOK(false));
  return { env, inventory, gathering, cached, cache: join(dir, 'cache') };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Runs the benchmark and prints its table; resolves to the numbers. */
export async function main({ hosts = 10, rounds = 5, json } = {}) {
  if (!existsSync('/usr/bin/ansible-playbook')) {
    console.log('Ansible is not installed (apt-get install -y ansible-core): skipped.');
    return undefined;
  }
  const ansibleVersion = (await promisify(execFile)('/usr/bin/ansible', ['--version'])).stdout.split('\n')[0];
  const servers = await startServers(hosts);
  const dir = await mkdtemp(join(tmpdir(), 'plesio-bench-ansible-'));
  try {
    const setup = await ansibleSetUp(dir, servers, hosts);
    const scanEnv = { ...process.env, HOME: join(dir, 'home') };
    delete scanEnv.SSH_AUTH_SOCK;
    const ansibleGathering = () => timed('/usr/bin/ansible-playbook', ['-i', setup.inventory, setup.gathering], setup.env);
    const plesioThenCached = async () => {
      await rm(setup.cache, { recursive: true, force: true });
      const scanMs = await timed(process.execPath, [CLI, 'scan', '--inventory', setup.inventory, '--known-hosts', servers.knownHosts, '--ansible-fact-cache', setup.cache, '--quiet', '--output', join(dir, 'reports.json')], scanEnv);
      const playMs = await timed('/usr/bin/ansible-playbook', ['-i', setup.inventory, setup.cached], setup.env);
      return { scanMs, playMs, totalMs: scanMs + playMs };
    };
    // Warm-up: Python's bytecode caches, sshd's first forks, Node's first load of the CLI.
    await ansibleGathering();
    await plesioThenCached();
    const a = [];
    const b = [];
    for (let round = 0; round < rounds; round++) {
      // Alternate which goes first, so drift on a shared machine hits both alike.
      if (round % 2 === 0) {
        a.push(await ansibleGathering());
        b.push(await plesioThenCached());
      } else {
        b.push(await plesioThenCached());
        a.push(await ansibleGathering());
      }
    }
    const ratios = a.map((ms, i) => ms / b[i].totalMs);
    const result = {
      date: new Date().toISOString(), ansible: ansibleVersion, hosts, rounds, cpus: cpus().length, load: loadavg(),
      ansibleGatheringMs: median(a), plesioScanMs: median(b.map((r) => r.scanMs)), cachedPlaybookMs: median(b.map((r) => r.playMs)),
      plesioThenPlaybookMs: median(b.map((r) => r.totalMs)), pairedRatio: median(ratios),
      samples: { ansibleGathering: a.map(Math.round), plesioThenPlaybook: b.map((r) => ({ scan: Math.round(r.scanMs), playbook: Math.round(r.playMs) })) },
    };
    console.log(`${hosts} loopback sshd hosts, ${rounds} paired rounds, ${ansibleVersion}, ${cpus().length} CPUs, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    console.log('| the same playbook | median wall time |');
    console.log('| --- | ---: |');
    console.log(`| ansible-playbook, gather_facts: true | ${Math.round(result.ansibleGatheringMs)} ms |`);
    console.log(`| plesio scan --ansible-fact-cache, then ansible-playbook, gather_facts: false | ${Math.round(result.plesioThenPlaybookMs)} ms (scan ${Math.round(result.plesioScanMs)} + playbook ${Math.round(result.cachedPlaybookMs)}) |`);
    console.log(`paired ratio (median of each round's Ansible-gathering / plesio-then-playbook): ${result.pairedRatio.toFixed(2)}x`);
    if (json !== undefined) await writeFile(json, JSON.stringify(result, null, 2) + '\n');
    return result;
  } finally {
    await rm(dir, { recursive: true, force: true });
    await servers.stop();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { hosts: { type: 'string', default: '10' }, rounds: { type: 'string', default: '5' }, json: { type: 'string' } } });
  main({ hosts: Number(values.hosts), rounds: Number(values.rounds), json: values.json }).catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
