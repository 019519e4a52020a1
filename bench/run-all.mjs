// `npm run bench`: every benchmark of the project, one after another, each printing its own table.
// Benchmarks are measured here, never asserted in tests: this machine is shared and noisy, so every
// benchmark compares ratios within one run.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const benches = [
  ['interpreter: plesio vs redux-saga vs a minimal driver', 'saga/compare.mjs'],
  ['executors: plesio ssh executor vs raw ssh2', 'executors/ssh.bench.mjs'],
  ['host scan: round trips, forked vs one command at a time', 'hosts/round-trips.mjs'],
  ['host parsers: MB/s from 1 to 16 MiB, growth 4 to 16 MiB', 'hosts/parsers.bench.mjs'],
  ['host scan: round trips with 0, 2 and 20 plugin facts, pipelined sshd behind a delay', 'hosts/plugin-round-trips.mjs'],
  ['cli: start-up, each command against bare Node', 'cli/startup.bench.mjs'],
  ['cli: fleet scans, json vs ndjson', 'cli/fleet.bench.mjs'],
  ['distributed: workers sharing a queue', 'distributed/workers.mjs'],
  ['pipelining: full scan, pipelined vs one channel per command', 'pipeline/scan.bench.mjs'],
  ['ansible: a playbook gathering its facts vs plesio filling its fact cache', 'ansible/fact-cache.bench.mjs'],
  ['fleet: 1 and 20 sshd hosts in a network namespace, plesio vs Ansible setup (needs root)', 'fleet/fleet.bench.mjs'],
];
const only = process.argv[2];
for (const [title, file] of benches) {
  if (only !== undefined && !file.startsWith(only)) continue;
  const path = join(here, file);
  if (!existsSync(path)) {
    console.log(`\n## ${title}\n(missing: bench/${file})`);
    continue;
  }
  console.log(`\n## ${title}  (bench/${file})`);
  const mod = await import(pathToFileURL(path).href);
  if (typeof mod.main === 'function') await mod.main([]);
}
