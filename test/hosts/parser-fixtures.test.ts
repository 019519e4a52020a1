/**
 * The generic fixture walker: every folder `test/fixtures/parsers/<parser>/` holds real outputs
 * (`<case>.txt`, first line naming the source) and the expected facts (`<case>.json`). Adding a case is
 * adding two files.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allParsers } from '../../src/hosts/parsers.js';

const root = join(import.meta.dirname, '..', 'fixtures', 'parsers');
const folders = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

describe('parser fixtures', () => {
  it('has a fixture folder for every registered parser, and a parser for every folder', () => {
    expect(folders).toEqual(Object.keys(allParsers).sort());
  });

  for (const name of folders) {
    const cases = readdirSync(join(root, name)).filter((f) => f.endsWith('.txt')).sort();
    describe(name, () => {
      it('has at least three real samples', () => {
        expect(cases.length).toBeGreaterThanOrEqual(3);
      });
      for (const file of cases) {
        it(`parses ${file} into the expected facts`, () => {
          const spec = allParsers[name];
          expect(spec, `no parser registered as ${name}`).toBeDefined();
          const text = readFileSync(join(root, name, file), 'utf8');
          const newline = text.indexOf('\n');
          const first = text.slice(0, newline);
          expect(first, `${file}: the first line must name the sample's source`).toMatch(/^# source: \S/);
          const expectedFile = join(root, name, file.replace(/\.txt$/, '.json'));
          expect(existsSync(expectedFile), `${file} has no expected ${file.replace(/\.txt$/, '.json')}`).toBe(true);
          const expected = JSON.parse(readFileSync(expectedFile, 'utf8'));
          expect(spec!.parse(text.slice(newline + 1))).toEqual(expected);
        });
      }
    });
  }
});
