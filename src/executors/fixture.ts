/**
 * The recorded-host fixture (format `plesio-fixture`, version 1): what `recordExecutor` writes and
 * `replayExecutor` serves. docs/FIXTURE-FORMAT.md documents it for people; this file is its one reader.
 */
import { isUtf8 } from 'node:buffer';
import { readFile } from 'node:fs/promises';
import type { CommandResult } from '../effects/command.js';
import { FileFormatError } from './errors.js';
import { withRawOutput } from './output.js';

/** The value of a fixture's `format` field. */
export const FIXTURE_FORMAT = 'plesio-fixture';
/** The fixture version this code writes and reads. */
export const FIXTURE_VERSION = 1;

/** Output bytes: text when they are valid UTF-8, otherwise `{ base64 }`. */
export type FixtureOutput = string | { base64: string };

/** One recorded command: its result, or the error it failed with. */
export interface FixtureEntry {
  command: string;
  sudo: boolean;
  result?: { stdout: FixtureOutput; stderr: FixtureOutput; code: number | null; signal: string | null; durationMs: number };
  error?: { code: string; name: string; message: string };
}

/** A recorded host: every command a scan ran there, in the order they finished. */
export interface Fixture {
  format: typeof FIXTURE_FORMAT;
  version: typeof FIXTURE_VERSION;
  host: string;
  /** ISO 8601 time the recording started. */
  recordedAt: string;
  tool: { name: string; version: string };
  entries: FixtureEntry[];
}

/** Encodes output bytes for a fixture: text if valid UTF-8, base64 otherwise. */
export function encodeOutput(bytes: Uint8Array): FixtureOutput {
  return isUtf8(bytes) ? Buffer.from(bytes).toString('utf8') : { base64: Buffer.from(bytes).toString('base64') };
}

/** Rebuilds a result from its fixture form, with the exact bytes attached when they were base64. */
export function decodeResult(recorded: NonNullable<FixtureEntry['result']>): CommandResult {
  const stdout = bytesOf(recorded.stdout);
  const stderr = bytesOf(recorded.stderr);
  const result: CommandResult = { stdout: stdout.toString('utf8'), stderr: stderr.toString('utf8'), code: recorded.code, signal: recorded.signal, durationMs: recorded.durationMs };
  return typeof recorded.stdout === 'string' && typeof recorded.stderr === 'string' ? result : withRawOutput(result, { stdout, stderr });
}

function bytesOf(output: FixtureOutput): Buffer {
  return typeof output === 'string' ? Buffer.from(output, 'utf8') : Buffer.from(output.base64, 'base64');
}

/**
 * Reads and checks a fixture file; a malformed one throws `FileFormatError` naming the file and the
 * line (for bad JSON) or the field (for a bad shape).
 * @example
 * const fixture = await readFixture('test/fixtures/hosts/debian12.json');
 */
export async function readFixture(file: string): Promise<Fixture> {
  return parseFixture(await readFile(file, 'utf8'), file);
}

/**
 * Parses and checks fixture text; `file` is only for error messages.
 * @example
 * const fixture = parseFixture(text, 'web1.json');
 * const host = replayExecutor(fixture);
 */
export function parseFixture(text: string, file: string): Fixture {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const line = text.slice(0, syntaxErrorOffset(text, message)).split('\n').length;
    // V8 quotes the text around the error, control characters and all: keep the message on one line.
    const oneLine = message.replace(/[\r\n\t]/g, (c) => JSON.stringify(c).slice(1, -1));
    throw new FileFormatError(file, line, `not valid JSON: ${oneLine}`, { cause: error });
  }
  const fail = (path: string, expected: string): never => {
    throw new FileFormatError(file, undefined, `${path} must be ${expected}`);
  };
  if (!isObject(data)) return fail('the top level', 'an object');
  if (data.format !== FIXTURE_FORMAT) fail('format', JSON.stringify(FIXTURE_FORMAT));
  if (data.version !== FIXTURE_VERSION) {
    throw new FileFormatError(file, undefined, `version ${JSON.stringify(data.version)} is not supported; this plesio reads version ${FIXTURE_VERSION}`);
  }
  if (typeof data.host !== 'string') fail('host', 'a string');
  if (typeof data.recordedAt !== 'string') fail('recordedAt', 'a string');
  if (!isObject(data.tool) || typeof data.tool.name !== 'string' || typeof data.tool.version !== 'string') fail('tool', 'an object with string name and version');
  if (!Array.isArray(data.entries)) fail('entries', 'an array');
  (data.entries as unknown[]).forEach((entry, i) => checkEntry(entry, `entries[${i}]`, fail));
  return data as unknown as Fixture;
}

function checkEntry(entry: unknown, path: string, fail: (path: string, expected: string) => never): void {
  if (!isObject(entry)) return fail(path, 'an object');
  if (typeof entry.command !== 'string') fail(`${path}.command`, 'a string');
  if (typeof entry.sudo !== 'boolean') fail(`${path}.sudo`, 'a boolean');
  if ((entry.result === undefined) === (entry.error === undefined)) fail(path, 'an object with exactly one of result and error');
  if (entry.error !== undefined) {
    const e = entry.error;
    if (!isObject(e) || typeof e.code !== 'string' || typeof e.name !== 'string' || typeof e.message !== 'string') fail(`${path}.error`, 'an object with string code, name and message');
    return;
  }
  const r = entry.result;
  if (!isObject(r)) return fail(`${path}.result`, 'an object');
  for (const stream of ['stdout', 'stderr'] as const) {
    const output = r[stream];
    if (typeof output !== 'string' && !(isObject(output) && typeof output.base64 === 'string')) fail(`${path}.result.${stream}`, 'a string or { "base64": string }');
  }
  if (r.code !== null && !Number.isInteger(r.code)) fail(`${path}.result.code`, 'an integer or null');
  if (r.signal !== null && typeof r.signal !== 'string') fail(`${path}.result.signal`, 'a string or null');
  if (typeof r.durationMs !== 'number') fail(`${path}.result.durationMs`, 'a number');
}

/**
 * Where `JSON.parse` failed. V8 gives the position for most errors but not all ("Unexpected token 'x',
 * "…" is not valid JSON", "Unexpected end of JSON input"), and a fixture error must name its line:
 * without a position, the shortest prefix of the text that fails for a reason other than ending too
 * early ends at the bad character (every shorter prefix is a valid document, or a cut-off one).
 */
function syntaxErrorOffset(text: string, message: string): number {
  const position = /at position (\d+)/.exec(message);
  if (position !== null) return Number(position[1]);
  if (/Unexpected end of JSON input/.test(message)) return text.length;
  let good = 0;
  let bad = text.length;
  while (bad - good > 1) {
    const middle = (good + bad) >> 1;
    if (failsBeforeItsEnd(text.slice(0, middle))) bad = middle;
    else good = middle;
  }
  return bad - 1;
}

function failsBeforeItsEnd(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return false;
  } catch (error) {
    const message = (error as Error).message;
    if (/Unexpected end of JSON input/.test(message)) return false;
    // "Unterminated string in JSON at position <end>": cut off, not wrong.
    const position = /at position (\d+)/.exec(message);
    return position === null || Number(position[1]) < prefix.length;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
