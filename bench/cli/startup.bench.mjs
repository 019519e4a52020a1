// Start-up benchmark of the built CLI (`npm run build` first): the CPU time (user + system) of
//   plesio --version, plesio scan --help and plesio scan --local --facts os
// against bare Node (`node -e 0`), each spawned --rounds times, interleaved (one of each per round, in
// a rotating order), so a busy moment of this shared machine spreads over all of them. Medians, and
// their ratio to bare Node. The goal for --version and scan --help is at most 2x bare Node: a command
// loads only the modules it uses (see test/cli/startup-modules.test.ts). --compare OTHER/dist/cli/main.js
// adds the same commands of another build (an older checkout) to the same interleaved runs.
//   node bench/cli/startup.bench.mjs [--rounds 30] [--cli dist/cli/main.js] [--compare FILE] [--json FILE]
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const PROBE = join(here, 'cpu-probe.cjs');

/** The plesio commands measured, of the build `cli`, named with `suffix`. */
function commands(cli, suffix = '') {
  return [
    { name: `plesio --version${suffix}`, args: [cli, '--version'] },
    { name: `plesio scan --help${suffix}`, args: [cli, 'scan', '--help'] },
    { name: `plesio scan --local --facts os${suffix}`, args: [cli, 'scan', '--local', '--facts', 'os', '--quiet'] },
  ];
}

/** Spawns one command; resolves to its own CPU time and the wall time around it. */
async function once(command, work, n) {
  const cpuFile = join(work, `cpu-${n}.json`);
  const started = performance.now();
  const child = spawn(process.execPath, ['--require', PROBE, ...command.args], {
    env: { ...process.env, PLESIO_BENCH_CPU_FILE: cpuFile },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (s) => (stderr += s));
  const code = await new Promise((done) => child.once('close', done));
  const wallMs = performance.now() - started;
  if (code !== 0) throw new Error(`${command.name} exited with ${code}:\n${stderr}`);
  const { cpuMs, peakRssKiB } = JSON.parse(await readFile(cpuFile, 'utf8'));
  return { cpuMs, wallMs, rssMiB: peakRssKiB / 1024 };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

export async function main(argv = process.argv.slice(2)) {
  const { values } = parseArgs({
    args: argv,
    options: { rounds: { type: 'string', default: '30' }, cli: { type: 'string', default: join(root, 'dist', 'cli', 'main.js') }, compare: { type: 'string' }, json: { type: 'string' } },
  });
  const rounds = Number(values.rounds);
  // The first is the baseline every ratio is taken against.
  const list = [{ name: 'node -e 0', args: ['-e', '0'] }, ...commands(resolve(values.cli)), ...(values.compare === undefined ? [] : commands(resolve(values.compare), ' (compared build)'))];
  const work = await mkdtemp(join(tmpdir(), 'plesio-bench-startup-'));
  const samples = list.map(() => []);
  try {
    // One unmeasured round: the first spawn of each warms the page cache, not the code.
    for (const command of list) await once(command, work, `warm-${command.name.length}`);
    let n = 0;
    for (let round = 0; round < rounds; round++) {
      for (let k = 0; k < list.length; k++) {
        const i = (round + k) % list.length;
        samples[i].push(await once(list[i], work, n++));
      }
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  const base = median(samples[0].map((s) => s.cpuMs));
  const rows = list.map((command, i) => {
    const cpuMs = median(samples[i].map((s) => s.cpuMs));
    return {
      command: command.name,
      cpuMs: Math.round(cpuMs * 10) / 10,
      ratio: Math.round((cpuMs / base) * 100) / 100,
      wallMs: Math.round(median(samples[i].map((s) => s.wallMs)) * 10) / 10,
      rssMiB: Math.round(median(samples[i].map((s) => s.rssMiB)) * 10) / 10,
    };
  });
  console.log(`\nStart-up, medians of ${rounds} interleaved runs (CPU = user + system of the process itself):\n`);
  console.log('| command | CPU ms | × node -e 0 | wall ms | peak RSS MiB |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const r of rows) console.log(`| \`${r.command}\` | ${r.cpuMs} | ${r.ratio.toFixed(2)} | ${r.wallMs} | ${r.rssMiB} |`);
  if (values.json !== undefined) await writeFile(values.json, JSON.stringify({ rounds, rows }, null, 2) + '\n');
  return rows;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
