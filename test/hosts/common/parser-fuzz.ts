/**
 * Shared test helpers for parsers: the real outputs stored as fixtures, and a fast-check property
 * saying a parser returns a value or throws `ParseError` on any input, and does so quickly.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { expect } from 'vitest';
import type { ParserSpec } from '../../../src/hosts/fact.js';
import { ParseError } from '../../../src/hosts/parse-error.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'parsers');

/** The stdout of every fixture of `specName` (each `.txt` without its `# source:` line). */
export function fixtureOutputs(specName: string): string[] {
  const dir = join(FIXTURES, specName);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => {
      const text = readFileSync(join(dir, f), 'utf8');
      return text.slice(text.indexOf('\n') + 1);
    });
}

/** Runs `parse` and rethrows anything that is not a `ParseError`; returns what it returned or threw. */
export function parseOrParseError<T>(spec: ParserSpec<T>, stdout: string): T | ParseError {
  try {
    return spec.parse(stdout);
  } catch (e) {
    if (e instanceof ParseError) return e;
    throw new Error(`${spec.name} threw ${String(e)} on ${JSON.stringify(stdout.slice(0, 200))}`, { cause: e });
  }
}

/** Inputs that make a badly written regular expression backtrack for minutes. */
export function pathologicalInputs(): string[] {
  const seeds = [' ', '\t', ':', '0', 'a', '1: ', 'inet ', 'Handle 0x', '/', '=', 'processor : 0\n', '\n', 'x'.repeat(40) + ' '];
  return seeds.flatMap((s) => [s.repeat(Math.ceil(30_000 / s.length)), `${s.repeat(Math.ceil(30_000 / s.length))}!`]);
}

/**
 * An arbitrary stdout for a parser: binary garbage, printable noise, a real output cut at a random
 * point, a real output with noise spliced in, or a random mixture of real lines.
 */
export function stdoutArbitrary(realOutputs: string[]): fc.Arbitrary<string> {
  const lines = realOutputs.flatMap((o) => o.split('\n'));
  const real = fc.constantFrom(...realOutputs);
  return fc.oneof(
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
    fc.string({ maxLength: 300 }),
    fc.tuple(real, fc.nat()).map(([o, n]) => o.slice(0, n % (o.length + 1))),
    fc.tuple(real, fc.nat(), fc.string({ unit: 'binary', maxLength: 20 })).map(([o, n, s]) => {
      const at = n % (o.length + 1);
      return o.slice(0, at) + s + o.slice(at);
    }),
    fc.array(fc.constantFrom(...lines), { maxLength: 40 }).map((ls) => ls.join('\n')),
    fc.tuple(real, fc.nat()).map(([o, n]) => {
      // Drops one line: a missing header, a missing interface line, a missing field.
      const ls = o.split('\n');
      ls.splice(n % ls.length, 1);
      return ls.join('\n');
    }),
  );
}

/** Asserts the parser contract on 10,000 generated inputs and on the pathological ones. */
export function assertParserContract<T>(spec: ParserSpec<T>, numRuns = 10_000): void {
  const outputs = fixtureOutputs(spec.name);
  expect(outputs.length).toBeGreaterThanOrEqual(3);
  fc.assert(
    fc.property(stdoutArbitrary(outputs), (stdout) => {
      parseOrParseError(spec, stdout);
    }),
    { numRuns },
  );
  // Catastrophic backtracking would not finish within the test's timeout; the speed itself is measured
  // in bench/hosts/parsers.bench.mjs, never asserted here (shared machines are too noisy for that).
  for (const input of pathologicalInputs()) parseOrParseError(spec, input);
}
