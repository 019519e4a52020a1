// The fault matrix: one scan of each misbehaving farm host through the built package, and what came
// of it — the error code (and whether the host or one fact carries it), how long until the scan gave
// up, and how many of the healthy host's facts it kept. Prints a markdown table and writes
// docs/FAULTS.md; then the queue attacks (jobs written into Redis by hand, test/support/faults/
// queue-attacks.ts) against a worker of the built package and a throw-away redis-server. The farm is the
// tests' own (test/support/faults), loaded from its TypeScript sources.
//   npm run build && node bench/faults/matrix.mjs [--connect-timeout MS] [--command-timeout MS]
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { register } from 'node:module';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

register('./ts-hooks.mjs', import.meta.url);
const { scanHost, sshExecutor } = await import('../../dist/index.js');
const { Farm, expectedFacts, keptFacts, mismatches } = await import('../../test/support/faults/farm.ts');
const { FAULT_NAMES, FAULTS, FAULTY_COMMAND } = await import('../../test/support/faults/faults.ts');
const { QUEUE_ATTACK_NAMES, QUEUE_ATTACKS, runQueueAttack } = await import('../../test/support/faults/queue-attacks.ts');
const { startRedis } = await import('../../test/distributed/redis.ts');
const distributed = await import('../../dist/distributed/index.js');
const { saveManifest } = await import('../../dist/distributed/runs.js');

const OUTPUT = fileURLToPath(new URL('../../docs/FAULTS.md', import.meta.url));

/** Runs every fault once, in the catalogue's order; resolves to one row per fault. */
export async function measure({ connectTimeoutMs, commandTimeoutMs }) {
  const dir = await mkdtemp(join(tmpdir(), 'plesio-fault-matrix-'));
  const farm = await Farm.start({ scanHost, sshExecutor }, { dir, connectTimeoutMs, commandTimeoutMs });
  try {
    const facts = await expectedFacts();
    // Warm-up: the first connection pays for loading ssh2's crypto.
    await farm.scan(await farm.add('healthy'));
    const rows = [];
    for (const name of FAULT_NAMES) {
      const spec = FAULTS[name];
      const host = await farm.add(name);
      const { report, elapsedMs } = await farm.scan(host);
      const where = report.error !== null ? 'host' : report.facts.errors !== undefined ? `fact \`${Object.keys(report.facts.errors).join('`, `')}\`` : '—';
      const code = report.error?.code ?? Object.values(report.facts.errors ?? {})[0]?.code ?? null;
      const message = report.error?.message ?? Object.values(report.facts.errors ?? {})[0]?.message ?? '';
      rows.push({
        name,
        description: spec.description,
        code,
        where,
        status: report.status,
        elapsedMs,
        // The escape-sequence hosts' facts hold the sequences: kept means exactly as the host sent them.
        kept: keptFacts(report, spec.expect.facts?.(facts) ?? facts).length,
        total: Object.keys(facts).length,
        credentialsSent: host.server.authAttempts.length > 0,
        problems: mismatches(report, spec.expect, facts),
        message,
      });
    }
    return rows;
  } finally {
    await farm.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs every queue attack once, in the catalogue's order; resolves to one row per attack. */
export async function measureQueueAttacks() {
  const dir = await mkdtemp(join(tmpdir(), 'plesio-queue-attacks-'));
  // The worker runs in this process: its ~/.ssh (default keys) is a temporary one, never this machine's.
  const home = process.env.HOME;
  process.env.HOME = dir;
  const [redis, farm] = await Promise.all([startRedis(), Farm.start({ scanHost, sshExecutor }, { dir, connectTimeoutMs: 10_000, commandTimeoutMs: 10_000 })]);
  try {
    const passwordFile = join(dir, 'worker.password');
    await writeFile(passwordFile, 'the-worker-password\n', { mode: 0o600 });
    const api = { ...distributed, saveManifest };
    const rows = [];
    for (const name of QUEUE_ATTACK_NAMES) {
      const attack = QUEUE_ATTACKS[name];
      const outcome = await runQueueAttack(api, farm, redis.url, dir, attack, passwordFile);
      rows.push({ name, description: attack.description, ...outcome });
    }
    return rows;
  } finally {
    process.env.HOME = home;
    await farm.stop();
    await redis.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The markdown table of the queue attacks. */
export function attackTable(rows) {
  const lines = [
    '| attack | result | host contacted | credentials offered | worker files changed | worker went on | as expected |',
    '| --- | --- | ---: | ---: | :---: | :---: | :---: |',
  ];
  for (const r of rows) {
    const result = r.report.error === null ? r.report.status : `\`${r.report.error.code}\``;
    lines.push(`| ${r.description} | ${result} | ${r.contacted} | ${r.credentialsOffered} | ${r.filesChanged ? 'YES' : 'no'} | ${r.workerWentOn ? 'yes' : 'NO'} | ${r.problems.length === 0 ? 'yes' : 'NO'} |`);
  }
  return lines.join('\n');
}

/** The markdown table of the rows. */
export function table(rows) {
  const lines = [
    '| fault | error code | carried by | status | time to give up | facts kept | as expected |',
    '| --- | --- | --- | --- | ---: | ---: | :---: |',
  ];
  for (const r of rows) {
    const code = r.code === null ? 'none (scan completes)' : `\`${r.code}\``;
    lines.push(`| ${r.description} | ${code} | ${r.where} | ${r.status} | ${seconds(r.elapsedMs)} | ${r.kept} of ${r.total} | ${r.problems.length === 0 ? 'yes' : 'NO'} |`);
  }
  return lines.join('\n');
}

function seconds(ms) {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

function document(rows, attacks, settings) {
  return `# Fault matrix

<!-- Generated by bench/faults/matrix.mjs (npm run faults); do not edit by hand. -->

Each row is one scan, through plesio's SSH executor, of a test host that answers the commands of a
recorded Debian 12 scan (\`test/fixtures/scans/linux-debian12-firecracker.json\`) but misbehaves in one
way. The hosts are in-process ssh2 servers on 127.0.0.1 (\`test/support/faults\`); the same hosts drive
\`test/faults\`, where each row is also an assertion.

- Settings: connect timeout ${settings.connectTimeoutMs} ms, command timeout ${settings.commandTimeoutMs} ms, start timeout (waiting for a command to start) the same, output cap 16 MiB (the default), no sudo.
- \`hostile-session\` is one of the hosts that answer the pipelined session protocol themselves and break one field of it; \`test/faults/hostile-session.test.ts\` scans one for each field.
- The command faults hit \`${FAULTY_COMMAND}\`, which only the \`cpu\` fact reads.
- *error code*: the stable code of the typed error; *carried by*: the report's \`error\` (the host failed)
  or \`facts.errors\` (one fact failed, the others were gathered).
- *time to give up*: from the scan's start to its executor closed.
- *facts kept*: of the ${rows[0]?.total ?? 0} facts a healthy host returns, how many the report still has, unchanged (for the
  escape-sequence hosts: exactly as the host sent them, the sequences included; every output for people shows them escaped).
- No credential was sent to the hosts whose key did not verify: ${rows.filter((r) => r.name.startsWith('host-key')).every((r) => !r.credentialsSent) ? 'they recorded no authentication request' : '**they DID receive authentication requests**'}.

${table(rows)}

## Queue attacks

Each row is one job written by hand into the Redis of a queue, as anyone with write access to it can,
aimed at a farm host of its own, then run by a worker of the built package with the real SSH factory
(strict host keys, its own known_hosts and \`--password-file\`, no agent) against a throw-away
\`redis-server\`; a healthy job follows it on the same queue. The same catalogue drives
\`test/distributed/hostile-jobs.test.ts\`.

- *result*: what the run's follower reports for the attacking job (\`invalid-job\`: refused before any connection).
- *host contacted*, *credentials offered*: TCP connections and authentication requests the aimed host received.
- *worker files changed*: a planted path exists, or the worker's known_hosts changed.
- *worker went on*: the worker took the next job (and scanned it; for the allow-list rows, refused it too,
  since every farm host is on 127.0.0.1).

${attackTable(attacks)}

Measured with Node ${process.version} on ${cpus().length} CPU cores. Re-run with \`npm run faults\`.
`;
}

export async function main(argv = process.argv.slice(2)) {
  const { values } = parseArgs({ args: argv, options: { 'connect-timeout': { type: 'string' }, 'command-timeout': { type: 'string' } } });
  const settings = { connectTimeoutMs: Number(values['connect-timeout'] ?? 2_000), commandTimeoutMs: Number(values['command-timeout'] ?? 2_000) };
  for (const [name, value] of Object.entries(settings)) {
    if (!(value > 0)) throw new Error(`${name} must be a positive number of milliseconds, got ${value}`);
  }
  const rows = await measure(settings);
  console.log(table(rows));
  const attacks = await measureQueueAttacks();
  console.log(`\n${attackTable(attacks)}`);
  await mkdir(join(OUTPUT, '..'), { recursive: true });
  await writeFile(OUTPUT, document(rows, attacks, settings));
  console.log(`\nwritten to docs/FAULTS.md`);
  const wrong = [...rows, ...attacks].filter((r) => r.problems.length > 0);
  for (const r of wrong) console.error(`${r.name}: ${r.problems.join('; ')}`);
  if (wrong.length > 0) process.exitCode = 1;
  return rows;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
