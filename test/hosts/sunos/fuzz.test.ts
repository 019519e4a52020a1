// Every SunOS parser, fed hostile input, returns a value or throws ParseError: nothing else, no hang.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { ParseError } from '../../../src/hosts/parse-error.js';
import { sunosParsers } from '../../../src/hosts/sunos/parsers.js';

const root = join(import.meta.dirname, '../../fixtures/parsers');

function samples(folder: string): string[] {
  return readdirSync(join(root, folder))
    .filter((file) => file.endsWith('.txt'))
    .map((file) => readFileSync(join(root, folder, file), 'utf8'))
    .map((text) => text.slice(text.indexOf('\n') + 1));
}

const allLines = readdirSync(root)
  .filter((folder) => folder.startsWith('sunos.'))
  .flatMap((folder) => samples(folder).flatMap((s) => s.split('\n')));

/** Inputs a parser might meet: noise, cut-off real output, shuffled real lines, bytes, edited samples. */
function hostile(own: readonly string[]): fc.Arbitrary<string> {
  const sample = fc.constantFrom(...own);
  return fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.tuple(sample, fc.double({ min: 0, max: 1, noNaN: true })).map(([s, r]) => s.slice(0, Math.floor(s.length * r))),
    fc.array(fc.constantFrom(...allLines), { maxLength: 30 }).map((lines) => lines.join('\n')),
    fc.array(fc.constantFrom(...own.flatMap((s) => s.split('\n'))), { maxLength: 30 }).map((lines) => lines.join('\n')),
    fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
    fc.tuple(sample, fc.nat(), fc.string({ unit: 'binary', maxLength: 8 })).map(([s, at, text]) => {
      const i = s.length === 0 ? 0 : at % s.length;
      return s.slice(0, i) + text + s.slice(i + text.length);
    }),
  );
}

describe('SunOS parsers on hostile input', () => {
  for (const [name, spec] of Object.entries(sunosParsers)) {
    it(`${name} returns a value or throws ParseError, whatever it is given`, () => {
      fc.assert(
        fc.property(hostile(samples(name)), (stdout) => {
          try {
            spec.parse(stdout);
          } catch (error) {
            if (!(error instanceof ParseError)) throw error;
          }
        }),
        { numRuns: 10000 },
      );
    });
  }

  // A regex that backtracks catastrophically would not end within the test's timeout; the speed itself
  // is measured in bench/hosts/parsers.bench.mjs, not asserted (shared machines are too noisy for that).
  it('ends on a huge single line and on many repeated lines', () => {
    const big = ' '.repeat(200_000) + 'x';
    const many = 'bge0: flags=1000843<UP> mtu 1500 index 2\n\tinet 10.0.0.1 netmask ff000000\n'.repeat(20_000);
    for (const spec of Object.values(sunosParsers)) {
      for (const stdout of [big, many, `${big}\n${big}`]) {
        try {
          spec.parse(stdout);
        } catch (error) {
          if (!(error instanceof ParseError)) throw error;
        }
      }
    }
  });
});
