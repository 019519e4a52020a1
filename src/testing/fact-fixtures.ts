/**
 * Fixture checking for a plugin's own folder of real outputs: each `<case>.txt` holds one output of
 * the fact's command, its first line `# source: ...` saying where it came from, and `<case>.json` the
 * value the parser must return. Adding a case is adding two files.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { PlesioError } from '../errors.js';
import type { Fact, FactContext } from '../hosts/define-fact.js';
import { factContext } from './run-fact.js';

/** A fixture folder or file is missing or malformed, or a parsed sample differs from its expected value. */
export class FactFixtureError extends PlesioError {
  constructor(message: string) {
    super('fixture', message);
  }
}

/** One sample of a fact's fixture folder. */
export interface FactFixture<T> {
  /** The case name (`<case>` of `<case>.txt`). */
  readonly name: string;
  /** The sample's path. */
  readonly file: string;
  /** Where the sample came from: the text after `# source:`. */
  readonly source: string;
  /** The command's output, without the source line. */
  readonly stdout: string;
  /** The value `<case>.json` holds. */
  readonly expected: unknown;
  /** Runs the fact's parser on `stdout`. */
  parse(): T;
}

/**
 * The samples of `dir` for a command fact, for a test per sample. Throws `FactFixtureError` for a
 * missing folder, a folder without samples, a sample without its `# source:` line or its `.json`.
 * @example
 * for (const sample of factFixtures(sshHostKeys, new URL('./fixtures', import.meta.url).pathname)) {
 *   it(`parses ${sample.name}`, () => expect(sample.parse()).toEqual(sample.expected));
 * }
 */
export function factFixtures<T>(fact: Fact<T>, dir: string, context?: Partial<FactContext>): FactFixture<T>[] {
  if (fact.kind !== 'command') throw new FactFixtureError(`fact ${JSON.stringify(fact.name)} is a saga fact: fixtures hold one command's outputs; test a saga fact with runFact`);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new FactFixtureError(`${dir}: no such folder of samples for fact ${JSON.stringify(fact.name)}`);
  const parse = fact.parse;
  const ctx = factContext({ os: fact.os[0]!, ...context });
  const samples = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort();
  if (samples.length === 0) throw new FactFixtureError(`${dir}: no <case>.txt sample for fact ${JSON.stringify(fact.name)}`);
  return samples.map((file) => {
    const path = join(dir, file);
    const text = readFileSync(path, 'utf8');
    const newline = text.indexOf('\n');
    const first = newline < 0 ? text : text.slice(0, newline);
    const source = /^# source: (\S.*)$/.exec(first)?.[1];
    if (source === undefined) throw new FactFixtureError(`${path}: the first line must be "# source: <where this output came from>", found ${JSON.stringify(first.slice(0, 80))}`);
    const expectedPath = join(dir, file.replace(/\.txt$/, '.json'));
    if (!existsSync(expectedPath)) throw new FactFixtureError(`${path} has no expected value: write it to ${expectedPath}`);
    let expected: unknown;
    try {
      expected = JSON.parse(readFileSync(expectedPath, 'utf8'));
    } catch (error) {
      throw new FactFixtureError(`${expectedPath}: not JSON (${(error as Error).message})`);
    }
    const stdout = newline < 0 ? '' : text.slice(newline + 1);
    return { name: file.replace(/\.txt$/, ''), file: path, source, stdout, expected, parse: () => parse(stdout, ctx) };
  });
}

/**
 * Parses every sample of `dir` and compares it, as JSON, with its expected value; throws one
 * `FactFixtureError` listing every sample that differs (or fails), and returns how many were checked.
 * @example
 * expect(checkFactFixtures(sshHostKeys, fixturesDir)).toBeGreaterThanOrEqual(3);
 */
export function checkFactFixtures<T>(fact: Fact<T>, dir: string, context?: Partial<FactContext>): number {
  const problems: string[] = [];
  const samples = factFixtures(fact, dir, context);
  for (const sample of samples) {
    let actual: unknown;
    try {
      // As a report would hold it: what JSON keeps.
      actual = JSON.parse(JSON.stringify(sample.parse()) ?? 'null');
    } catch (error) {
      problems.push(`${sample.file}: the parser threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
      continue;
    }
    if (!isDeepStrictEqual(actual, sample.expected)) {
      problems.push(`${sample.file}: expected ${JSON.stringify(sample.expected)}, parsed ${JSON.stringify(actual)}`);
    }
  }
  if (problems.length > 0) throw new FactFixtureError(`${problems.length} of ${samples.length} samples of fact ${JSON.stringify(fact.name)} differ:\n${problems.join('\n')}`);
  return samples.length;
}
