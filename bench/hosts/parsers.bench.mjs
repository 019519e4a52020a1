// Every host parser over outputs of 1, 4 and 16 MiB (16 MiB is the executors' output cap): MB/s at
// each size and how the time grows from 4 to 16 MiB, which is 4x for a linear parser. A parser whose
// time grows past 6x is flagged SUPERLINEAR (issue 13: 150,000 addresses on one interface once took
// 49 s); a 4 MiB run under 25 ms is too short to compare on a shared machine. Parsers that list
// things read generated outputs of distinct items (parser-inputs.mjs); parsers of one value read
// their fixtures repeated. A list longer than its cap ends in a ParseError naming the cap, reported
// in the outcome column: the time is then the time to refuse. Runs on the built package:
//   npm run build && node bench/hosts/parsers.bench.mjs [parser-name-prefix]
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { allParsers, DEFAULT_MAX_OUTPUT_BYTES, ParseError } from '../../dist/index.js';
import { makeOutput } from './parser-inputs.mjs';

const MIB = 1024 * 1024;
const SIZES = [MIB, 4 * MIB, DEFAULT_MAX_OUTPUT_BYTES];
const FIXTURES = fileURLToPath(new URL('../../test/fixtures/parsers/', import.meta.url));
const SUPERLINEAR = 6;
// Below this a 4 MiB run is mostly timer and scheduler noise on a shared machine: not compared.
const COMPARABLE_MS = 25;

// A collection before each run keeps the garbage of the previous parser out of this one's time.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');

/** An output of about `bytes` for `name`: generated items, or its fixtures repeated. */
function outputOf(name, bytes) {
  const sample = makeOutput(name, 1000);
  if (sample !== undefined) return makeOutput(name, Math.max(1, Math.round((1000 * bytes) / sample.length)));
  const dir = join(FIXTURES, name);
  const bodies = readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => {
      const text = readFileSync(join(dir, f), 'utf8');
      return text.slice(text.indexOf('\n') + 1);
    })
    .join('\n');
  return bodies.repeat(Math.max(1, Math.ceil(bytes / bodies.length))).slice(0, bytes);
}

/** The best of `runs` timings of one parse, and how it ended. */
function time(spec, stdout, runs) {
  let best = Infinity;
  let outcome = 'value';
  for (let r = 0; r < runs; r++) {
    gc();
    const start = performance.now();
    try {
      spec.parse(stdout);
      outcome = 'value';
    } catch (e) {
      outcome = e instanceof ParseError ? `ParseError: ${e.message.slice(0, 60)}` : `CRASH: ${String(e).slice(0, 60)}`;
    }
    best = Math.min(best, performance.now() - start);
  }
  return { ms: best, outcome };
}

export async function main(args = []) {
  const prefix = args[0] ?? '';
  const rows = [];
  for (const [name, spec] of Object.entries(allParsers)) {
    if (!name.startsWith(prefix)) continue;
    const measure = (bytes) => {
      const stdout = outputOf(name, bytes);
      return { bytes: stdout.length, ...time(spec, stdout, 3) };
    };
    const [small, mid, large] = SIZES.map(measure);
    let growth = large.ms / mid.ms;
    // Past a cap the parser stops early, so the growth says nothing about linearity; nor does it
    // for runs too short to time.
    const comparable = mid.outcome === large.outcome && mid.ms >= COMPARABLE_MS;
    // A collection in the middle of one run can double it: a parser flagged once is measured again.
    if (comparable && growth > SUPERLINEAR) growth = Math.min(growth, measure(SIZES[2]).ms / measure(SIZES[1]).ms);
    rows.push({
      parser: name,
      'MB/s 1M': (small.bytes / 1e6 / (small.ms / 1e3)).toFixed(0),
      'MB/s 4M': (mid.bytes / 1e6 / (mid.ms / 1e3)).toFixed(0),
      'MB/s 16M': (large.bytes / 1e6 / (large.ms / 1e3)).toFixed(0),
      'ms 16M': large.ms.toFixed(1),
      '16M/4M': comparable ? growth.toFixed(1) : mid.outcome === large.outcome ? `(${growth.toFixed(1)}, short)` : 'capped',
      flag: comparable && growth > SUPERLINEAR ? 'SUPERLINEAR' : '',
      'outcome at 16M': large.outcome,
    });
  }
  console.table(rows);
  const flagged = rows.filter((r) => r.flag !== '');
  console.log(flagged.length === 0 ? 'no parser grows faster than linear (16M/4M at most 6x).' : `SUPERLINEAR: ${flagged.map((r) => r.parser).join(', ')}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main(process.argv.slice(2));
