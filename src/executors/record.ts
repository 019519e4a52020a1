/**
 * The recording executor: wraps any executor, passes every command through, and writes each command
 * with its result — or its error — to a fixture file, so a real host's scan becomes an offline test.
 */
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { CommandResult, ExecOptions, Executor } from '../effects/command.js';
import { PlesioError } from '../errors.js';
import { PRIVATE_DIR_MODE, replacePrivateFile } from '../private-files.js';
import { encodeOutput, FIXTURE_FORMAT, FIXTURE_VERSION, type Fixture, type FixtureEntry } from './fixture.js';
import { rawOutput } from './output.js';

/** Where and how a recording is written. */
export interface RecordOptions {
  /** The fixture file, written when the executor is closed (or on `save()`). */
  file: string;
  /** The version written in `tool.version`; default plesio's own. */
  toolVersion?: string;
  /** The clock for `recordedAt`; for tests. */
  now?: () => Date;
}

/** An executor that also records; `fixture()` shows the recording so far. */
export interface RecordingExecutor extends Executor {
  /** A copy of the recording so far. */
  fixture(): Fixture;
  /** Writes the recording so far to the file (replacing it whole, never half-written). */
  save(): Promise<void>;
}

/**
 * Wraps an executor so every command and its outcome is recorded to a fixture file on `close()`.
 * @example
 * const recorder = recordExecutor(sshExecutor('web1'), { file: 'fixtures/web1.json' });
 * try {
 *   await recorder.exec('uname -s');
 * } finally {
 *   await recorder.close(); // closes the SSH connection, then writes fixtures/web1.json
 * }
 */
export function recordExecutor(inner: Executor, options: RecordOptions): RecordingExecutor {
  const recordedAt = (options.now ?? (() => new Date()))().toISOString();
  const tool = { name: 'plesio', version: options.toolVersion ?? plesioVersion() };
  const entries: FixtureEntry[] = [];
  const fixture = (): Fixture => ({ format: FIXTURE_FORMAT, version: FIXTURE_VERSION, host: inner.host, recordedAt, tool, entries: entries.slice() });
  const save = async (): Promise<void> => {
    await mkdir(dirname(options.file), { recursive: true, mode: PRIVATE_DIR_MODE });
    // Write then rename, so an interrupted save never leaves half a fixture behind (nor, on a full
    // disk, a half-written temporary file); 0600, since outputs (of sudo commands too) can hold the
    // host's secrets.
    await replacePrivateFile(options.file, JSON.stringify(fixture(), null, 2) + '\n');
  };

  return {
    host: inner.host,
    fixture,
    save,
    async exec(command: string, execOptions?: ExecOptions): Promise<CommandResult> {
      const sudo = execOptions?.sudo === true;
      try {
        const result = await inner.exec(command, execOptions);
        const raw = rawOutput(result);
        entries.push({
          command,
          sudo,
          result: { stdout: encodeOutput(raw.stdout), stderr: encodeOutput(raw.stderr), code: result.code, signal: result.signal, durationMs: Math.round(result.durationMs) },
        });
        return result;
      } catch (error) {
        const e = error instanceof Error ? error : new Error(String(error));
        // An abort or a close comes from the caller, not the host: replaying it would be a lie.
        if (e instanceof PlesioError && CALLER_CODES.has(e.code)) throw error;
        entries.push({ command, sudo, error: { code: e instanceof PlesioError ? e.code : 'error', name: e.name, message: e.message } });
        throw error;
      }
    },
    async close(): Promise<void> {
      try {
        await inner.close();
      } finally {
        await save();
      }
    },
  };
}

const CALLER_CODES = new Set(['aborted', 'closed']);

let cachedVersion: string | undefined;

/** plesio's version from its package.json, which sits two levels above this file in src/ and dist/. */
function plesioVersion(): string {
  if (cachedVersion === undefined) {
    try {
      const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
      cachedVersion = typeof manifest.version === 'string' ? manifest.version : 'unknown';
    } catch {
      cachedVersion = 'unknown';
    }
  }
  return cachedVersion;
}
