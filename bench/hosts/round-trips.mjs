// Round trips of a Linux scan against a test host that adds 100 ms to every command: the forked scan
// (`scanHost`, facts forked side by side) against a one-command-at-a-time scan like the 2009 original.
// The host is an in-process ssh2 server answering from the recorded Linux fixture; the scans reach it
// through plesio's own SSH executor. Runs on the built package:
//   npm run build && node bench/hosts/round-trips.mjs
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ssh2 from 'ssh2';
import { allParsers, defineFact, definePlugin, factRegistry, gatherFact, osOf, probe, put, readFixture, run, scanHost, select, sshExecutor } from '../../dist/index.js';

const ROUND_TRIP_MS = 100;
const FIXTURE = fileURLToPath(new URL('../../test/fixtures/scans/linux-debian12-firecracker.json', import.meta.url));
const OPTIONS = { sudo: false, timeoutMs: 30_000 };

/**
 * Starts an SSH server on a free loopback port that answers each recorded command after `delayMs`
 * (an unrecorded one with exit 127), and counts the commands it ran. With `noDelay` its sockets send
 * at once (TCP_NODELAY), so a command costs the delay and nothing more; without it, Nagle's algorithm
 * meets the client's delayed ACKs, as with an OpenSSH server running a command without a terminal.
 */
async function startTestHost(fixture, delayMs, noDelay) {
  const answers = new Map(fixture.entries.filter((e) => !e.sudo && e.result !== undefined).map((e) => [e.command, e.result]));
  for (let i = 0; i < 20; i++) answers.set(`echo plugin fact ${i}`, { stdout: `plugin fact ${i}\n`, code: 0 });
  const key = hostKey();
  const stats = { commands: 0 };
  const server = new ssh2.Server({ hostKeys: [key.private] }, (client) => {
    client.on('error', () => undefined);
    if (noDelay) client.setNoDelay(true);
    client.on('authentication', (ctx) => ctx.accept());
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        acceptSession().on('exec', (acceptExec, _reject, info) => {
          const stream = acceptExec();
          stats.commands++;
          const result = answers.get(info.command) ?? { stdout: '', stderr: `sh: ${info.command.split(' ')[0]}: not found\n`, code: 127 };
          setTimeout(() => {
            if (typeof result.stdout === 'string') stream.write(result.stdout);
            if (typeof result.stderr === 'string') stream.stderr.write(result.stderr);
            stream.exit(result.code ?? 0);
            stream.end();
          }, delayMs);
        });
      });
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return { port, publicKey: key.public, stats, close: () => new Promise((resolve) => server.close(resolve)) };
}

/**
 * A fresh ed25519 host key pair. ssh2's generator drops leading zero bytes of the public key, so about
 * one pair in 256 does not parse back (mscdex/ssh2#1390): generate again until both halves parse.
 */
function hostKey() {
  for (;;) {
    const key = ssh2.utils.generateKeyPairSync('ed25519');
    if (!(ssh2.utils.parseKey(key.private) instanceof Error) && !(ssh2.utils.parseKey(key.public) instanceof Error)) return key;
  }
}

/**
 * The original's scanning sequence: uname, branch on the OS, then each fact of the built-in Linux plan
 * in turn, as the 2009 scanner asked one thing at a time (a fact that reads several commands still
 * reads them as it does in the forked scan).
 */
function* sequentialScan(options) {
  const uname = yield* probe(allParsers['common.uname'], options);
  yield put({ uname: uname.uname });
  const os = yield select(osOf);
  if (os !== 'Linux') {
    yield put({ unsupported_os: os ?? null });
    return;
  }
  for (const planned of factRegistry().plan('linux')) yield* gatherFact(planned, { os: 'linux', ...options });
}

/** Connects (timed apart), runs `scan` on the connection, and measures it. */
async function measure(label, host, scan, executorOptions = {}) {
  const executor = sshExecutor(`bench@127.0.0.1:${host.port}`, {
    ...executorOptions,
    configPath: null,
    knownHostsPath: host.knownHostsPath,
    agent: false,
    identityFiles: [],
    password: async () => 'bench',
  });
  try {
    const before = host.stats.commands;
    let t = performance.now();
    await executor.connect();
    const connectMs = performance.now() - t;
    t = performance.now();
    const facts = await scan(executor);
    const wallMs = performance.now() - t;
    return { label, connectMs, wallMs, roundTrips: wallMs / ROUND_TRIP_MS, commands: host.stats.commands - before, facts };
  } finally {
    await executor.close();
  }
}

async function forked(executor) {
  const report = await scanHost({ executor, sudo: OPTIONS.sudo, commandTimeoutMs: OPTIONS.timeoutMs });
  if (report.status !== 'ok') throw new Error(`the forked scan ended ${report.status}: ${JSON.stringify(report.error ?? report.facts.errors)}`);
  return Object.keys(report.facts);
}

/** A plugin of `count` one-command facts, as a user would load beside the built-in ones. */
function pluginOf(count) {
  const facts = Array.from({ length: count }, (_, i) => defineFact({ name: `plugin_fact_${i}`, os: 'linux', command: `echo plugin fact ${i}`, parse: (s) => s.trim() }));
  return definePlugin({ name: `bench-${count}`, version: '1.0.0', facts });
}

/** The forked scan with a plugin of `count` facts. */
function withPlugin(count) {
  const plugin = pluginOf(count);
  return async (executor) => {
    const report = await scanHost({ executor, sudo: OPTIONS.sudo, commandTimeoutMs: OPTIONS.timeoutMs, plugins: [plugin] });
    if (report.status !== 'ok') throw new Error(`the scan with ${count} plugin facts ended ${report.status}: ${JSON.stringify(report.error ?? report.facts.errors)}`);
    return Object.keys(report.facts);
  };
}

async function sequential(executor) {
  const task = run({ executor, state: {} }, sequentialScan, OPTIONS);
  await task.toPromise();
  return Object.keys(task.state());
}

/** Runs both scans against the test host and prints connect time, wall time and round trips. */
export async function main() {
  const fixture = await readFixture(FIXTURE);
  const dir = await mkdtemp(join(tmpdir(), 'plesio-bench-'));
  const hosts = [];
  try {
    const [host, nagleHost] = await Promise.all([true, false].map(async (noDelay, i) => {
      const h = await startTestHost(fixture, ROUND_TRIP_MS, noDelay);
      hosts.push(h);
      h.knownHostsPath = join(dir, `known_hosts_${i}`);
      await writeFile(h.knownHostsPath, `[127.0.0.1]:${h.port} ${h.publicKey}\n`);
      return h;
    }));
    // Warm-up: the first connection pays for loading ssh2's crypto.
    await measure('warm-up', host, forked);
    const results = [
      await measure('forked (scanHost)', host, forked),
      await measure('forked, 16 channels', host, forked, { maxChannels: 16 }),
      await measure('forked + 2 plugin facts', host, withPlugin(2)),
      await measure('forked + 20 plugin facts', host, withPlugin(20)),
      await measure('sequential (2009)', host, sequential),
      await measure('forked, host w/o NODELAY', nagleHost, forked),
      await measure('sequential, w/o NODELAY', nagleHost, sequential),
      await measure('forked, no pipelining', host, forked, { pipelining: false }),
    ];

    console.log(`Linux scan, every command delayed ${ROUND_TRIP_MS} ms by the test host (one round trip = ${ROUND_TRIP_MS} ms)`);
    console.log('scan                        connect      wall  round trips  commands  facts');
    for (const r of results) {
      console.log(`${r.label.padEnd(26)}  ${ms(r.connectMs)}  ${ms(r.wallMs)}  ${r.roundTrips.toFixed(2).padStart(11)}  ${String(r.commands).padStart(8)}  ${String(r.facts.length).padStart(5)}`);
    }
    const [fast, , , , slow, , , channels] = results;
    console.log(`sequential / forked: ${(slow.wallMs / fast.wallMs).toFixed(1)}x`);
    // This test host cannot run a session shell (it answers `exec /bin/sh` like any unknown command,
    // after its 100 ms): with pipelining on, the first command waits for that answer before it takes a
    // channel — one round trip, the price of starting one login shell per host, not two, on hosts that
    // can pipeline (see README, "Pipelined SSH sessions").
    console.log(`the failed session start costs the default ${(fast.roundTrips - channels.roundTrips).toFixed(2)} round trips on this host`);
    // The goal, on the saga's own path (the host cannot pipeline anyway): at most three round trips
    // (uname, the facts, their fallbacks) after connecting. The default 8 channels take the 12 Linux fact
    // commands in two waves; 16 channels show the saga's critical path (uname, then every fact at once).
    const ok = channels.roundTrips < 3.5;
    console.log(ok ? 'forked scan without pipelining: within 3 round trips + connect' : 'forked scan without pipelining: MORE than 3 round trips + connect');
    if (!ok) process.exitCode = 1;
    return results;
  } finally {
    await Promise.all(hosts.map((h) => h.close()));
    await rm(dir, { recursive: true, force: true });
  }
}

function ms(value) {
  return `${value.toFixed(0).padStart(5)} ms`;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
