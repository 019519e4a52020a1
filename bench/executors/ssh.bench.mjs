/**
 * SSH executor throughput against plain ssh2, in the same process, against the same loopback sshd, at
 * the same concurrency: connect + one exec, N parallel execs on one connection, and a fleet of 100
 * connections at concurrency 10. Prints ops/s and plesio's share of the raw rate (the goal: ≥ 80%).
 *
 * Runs against the built package: `npm run build && node bench/executors/ssh.bench.mjs`.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import ssh2 from 'ssh2';
import { sshExecutor } from '../../dist/executors/index.js';
import { startBenchSshd } from './sshd.mjs';

const COMMAND = 'true';

/** Runs every scenario and prints the table; resolves to the rows. */
export async function main({ rounds = 5, connects = 20, parallel = 200, channels = 8, fleet = 100, fleetConcurrency = 10 } = {}) {
  const sshd = await startBenchSshd();
  try {
    const privateKey = readFileSync(sshd.clientKeyPath);
    const raw = rawClient(sshd, privateKey);
    const plesio = plesioClient(sshd, channels);
    const scenarios = [
      { name: `connect + 1 exec (sequential, ${connects}x)`, ops: connects, raw: () => sequential(connects, raw.connectExecClose), plesio: () => sequential(connects, plesio.connectExecClose) },
      { name: `${parallel} execs, 1 connection, ${channels} channels`, ops: parallel, raw: () => raw.parallelExecs(parallel, channels), plesio: () => plesio.parallelExecs(parallel) },
      { name: `fleet: ${fleet} connections, concurrency ${fleetConcurrency}`, ops: fleet, raw: () => pool(fleet, fleetConcurrency, raw.connectExecClose), plesio: () => pool(fleet, fleetConcurrency, plesio.connectExecClose) },
    ];
    const rows = [];
    for (const scenario of scenarios) {
      // Warm up both (JIT, sshd's first fork), then alternate so drift hits both sides alike.
      await scenario.raw();
      await scenario.plesio();
      const raw = { rates: [], cpu: [] };
      const ours = { rates: [], cpu: [] };
      for (let i = 0; i < rounds; i++) {
        for (const [side, work] of [[raw, scenario.raw], [ours, scenario.plesio]]) {
          const { wall, cpu } = await measure(work);
          side.rates.push(scenario.ops / wall);
          side.cpu.push(cpu / 1000 / scenario.ops);
        }
      }
      const rawRate = median(raw.rates);
      const plesioRate = median(ours.rates);
      rows.push({
        scenario: scenario.name,
        'raw ssh2 ops/s': round(rawRate),
        'plesio ops/s': round(plesioRate),
        ratio: `${Math.round((plesioRate / rawRate) * 100)}%`,
        // This process's CPU per operation: the client's own cost, steadier than wall time on a busy machine.
        'raw CPU ms/op': round2(median(raw.cpu)),
        'plesio CPU ms/op': round2(median(ours.cpu)),
      });
    }
    console.table(rows);
    return rows;
  } finally {
    await sshd.stop();
  }
}

/** Plain ssh2: no config, no known_hosts check, the key given directly. */
function rawClient(sshd, privateKey) {
  const connectClient = () => new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    client.once('ready', () => resolve(client)).once('error', reject);
    client.connect({ host: sshd.host, port: sshd.port, username: sshd.user, privateKey });
  });
  // Even below MaxSessions, sshd refuses a session whose predecessor it has not reaped yet; plain ssh2
  // has no answer to that, so the baseline gets the simplest one: try again a moment later.
  const exec = (client) => new Promise((resolve, reject) => {
    client.exec(COMMAND, (error, stream) => {
      if (error && typeof error.reason === 'number') return void setTimeout(() => exec(client).then(resolve, reject), 5);
      if (error) return reject(error);
      let code;
      stream.on('data', () => undefined).stderr.on('data', () => undefined);
      stream.on('exit', (c) => (code = c)).on('close', () => resolve(code));
      stream.end();
    });
  });
  const end = (client) => new Promise((resolve) => client.once('close', resolve).end());
  return {
    async connectExecClose() {
      const client = await connectClient();
      try { await exec(client); } finally { await end(client); }
    },
    async parallelExecs(total, channels) {
      const client = await connectClient();
      try { await pool(total, channels, () => exec(client)); } finally { await end(client); }
    },
  };
}

/** plesio's executor with everything explicit, so the user's own ssh config does not interfere. */
function plesioClient(sshd, channels) {
  const make = () => sshExecutor(`${sshd.user}@${sshd.host}:${sshd.port}`, {
    configPath: null,
    knownHostsPath: sshd.knownHostsPath,
    identityFiles: [sshd.clientKeyPath],
    agent: false,
    maxChannels: channels,
  });
  return {
    async connectExecClose() {
      const executor = make();
      try { await executor.exec(COMMAND); } finally { await executor.close(); }
    },
    async parallelExecs(total) {
      const executor = make();
      try {
        // The executor bounds itself to `channels`; hand it everything at once, as the interpreter would.
        await Promise.all(Array.from({ length: total }, () => executor.exec(COMMAND)));
      } finally {
        await executor.close();
      }
    },
  };
}

async function sequential(n, task) {
  for (let i = 0; i < n; i++) await task();
}

/** Runs `task` `total` times with at most `concurrency` at once. */
async function pool(total, concurrency, task) {
  let next = 0;
  const worker = async () => {
    while (next < total) {
      next++;
      await task();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
}

/** Wall time in seconds and this process's CPU time (user + system) in microseconds. */
async function measure(work) {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  await work();
  const cpu = process.cpuUsage(cpuStart);
  return { wall: (performance.now() - start) / 1000, cpu: cpu.user + cpu.system };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function round(n) {
  return Math.round(n * 10) / 10;
}

function round2(n) {
  return Math.round(n * 100) / 100;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
