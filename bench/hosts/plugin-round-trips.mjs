// Round trips of a full Linux scan with 0, 2 and 20 plugin facts (one command each), against a real
// loopback OpenSSH server, reached directly and through a delay proxy that adds RTT_MS to every round
// trip: does a plugin fact cost a round trip, or do plugin facts ride the same forked, pipelined session
// as the built-in ones? Pipelined sessions (the default) against one channel per command. The round
// trips of a scan are its time through the proxy less its time direct, over RTT_MS, paired within a
// round: what the host spends running the commands (process start-up, on a shared CPU) is not a round
// trip and cancels out. Variants take turns every round; the table shows medians.
//   npm run build && node bench/hosts/plugin-round-trips.mjs [--rounds 7] [--rtt-ms 100]
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { defineFact, definePlugin, scanHost, sshExecutor } from '../../dist/index.js';
import { startBenchSshd } from '../executors/sshd.mjs';
import { startDelayProxy } from '../pipeline/delay-proxy.mjs';

/** A plugin of `count` one-command facts, as a user would load beside the built-in ones. */
function pluginOf(count) {
  const facts = Array.from({ length: count }, (_, i) => defineFact({ name: `plugin_fact_${i}`, os: 'linux', command: `echo plugin fact ${i}`, parse: (s) => s.trim() }));
  return definePlugin({ name: `bench-${count}`, version: '1.0.0', facts });
}

const VARIANTS = [0, 2, 20].flatMap((count) => [true, false].map((pipelining) => ({
  name: `${count} plugin facts, ${pipelining ? 'pipelined' : 'one channel per command'}`,
  count,
  pipelining,
  plugins: count === 0 ? [] : [pluginOf(count)],
})));

/** Connects (timed apart), scans, and returns the scan's wall time after the connection. */
async function scanOnce(sshd, variant) {
  const executor = sshExecutor(`${sshd.user}@${sshd.host}:${sshd.port}`, {
    configPath: null,
    knownHostsPath: sshd.knownHostsPath,
    identityFiles: [sshd.clientKeyPath],
    agent: false,
    pipelining: variant.pipelining,
  });
  try {
    await executor.connect();
    const started = performance.now();
    const report = await scanHost({ executor, plugins: variant.plugins });
    const wallMs = performance.now() - started;
    const missing = Array.from({ length: variant.count }, (_, i) => `plugin_fact_${i}`).filter((k) => report.facts[k] !== `plugin fact ${k.slice(12)}`);
    if (report.error !== null || missing.length > 0) throw new Error(`${variant.name}: the scan ended ${report.status}: ${JSON.stringify(report.error ?? missing)}`);
    return wallMs;
  } finally {
    await executor.close();
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Runs the benchmark and prints its table; resolves to the rows. */
export async function main(argv = process.argv.slice(2)) {
  const { values } = parseArgs({ args: argv, options: { rounds: { type: 'string', default: '7' }, 'rtt-ms': { type: 'string', default: '100' } } });
  const rounds = Number(values.rounds);
  const rttMs = Number(values['rtt-ms']);
  const server = await startBenchSshd();
  const proxy = await startDelayProxy({ targetHost: server.host, targetPort: server.port, oneWayMs: rttMs / 2 });
  const dir = await mkdtemp(join(tmpdir(), 'plesio-bench-plugins-'));
  try {
    // The proxy's address with the server's key (copied from the server's own known_hosts line).
    const { readFile } = await import('node:fs/promises');
    const keyLine = (await readFile(server.knownHostsPath, 'utf8')).trim().split('\n')[0].split(' ').slice(1).join(' ');
    const knownHostsPath = join(dir, 'known_hosts');
    await writeFile(knownHostsPath, `[${proxy.host}]:${proxy.port} ${keyLine}\n`);
    const sshd = { ...server, host: proxy.host, port: proxy.port, knownHostsPath };
    const direct = { ...server, knownHostsPath: server.knownHostsPath };
    for (const variant of VARIANTS) await scanOnce(sshd, variant);
    const samples = new Map(VARIANTS.map((v) => [v.name, { delayed: [], direct: [] }]));
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < VARIANTS.length; i++) {
        const variant = VARIANTS[(round + i) % VARIANTS.length];
        samples.get(variant.name).delayed.push(await scanOnce(sshd, variant));
        samples.get(variant.name).direct.push(await scanOnce(direct, variant));
      }
    }
    const rows = VARIANTS.map((v) => {
      const { delayed, direct: near } = samples.get(v.name);
      return {
        scan: v.name,
        'delayed ms': Math.round(median(delayed)),
        'direct ms': Math.round(median(near)),
        'round trips': Number(median(delayed.map((d, i) => (d - near[i]) / rttMs)).toFixed(2)),
      };
    });
    console.log(`full Linux scan after connect, loopback sshd direct and behind a ${rttMs} ms round-trip delay proxy; round trips = (delayed - direct) / ${rttMs} ms, median of ${rounds} rounds`);
    console.table(rows);
    const trips = (count, pipelining) => rows.find((r) => r.scan === VARIANTS.find((v) => v.count === count && v.pipelining === pipelining).name)['round trips'];
    // Runs on a shared machine differ by about half a round trip between 0 and 2 facts already.
    const ok = trips(20, true) <= trips(2, true) + 0.5;
    console.log(`pipelined: 20 plugin facts ${trips(20, true)} round trips, 2 plugin facts ${trips(2, true)}: ${ok ? 'no more round trips' : 'MORE round trips'}`);
    if (!ok) process.exitCode = 1;
    return rows;
  } finally {
    await proxy.stop();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
