import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { AbortedError, CommandTimeoutError, FileFormatError, PrivilegeRequiredError, UnexpectedCommandError } from '../../src/executors/errors.js';
import { parseFixture, readFixture, type Fixture } from '../../src/executors/fixture.js';
import { localExecutor } from '../../src/executors/local.js';
import { mockExecutor } from '../../src/executors/mock.js';
import { rawOutput } from '../../src/executors/output.js';
import { recordExecutor } from '../../src/executors/record.js';
import { replayExecutor, replayFile } from '../../src/executors/replay.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plesio-fixture-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const now = (): Date => new Date('2025-01-02T03:04:05.000Z');

describe('recordExecutor', () => {
  test('writes every command with its result, host, time and tool version on close', async () => {
    const file = join(dir, 'sub', 'web1.json');
    const recorder = recordExecutor(mockExecutor({ 'uname -s': 'Linux\n', false: { code: 1, stderr: 'no\n' } }, { host: 'web1' }), { file, toolVersion: '9.9.9', now });
    await recorder.exec('uname -s');
    await recorder.exec('false', { sudo: true });
    await recorder.close();
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
      format: 'plesio-fixture',
      version: 1,
      host: 'web1',
      recordedAt: '2025-01-02T03:04:05.000Z',
      tool: { name: 'plesio', version: '9.9.9' },
      entries: [
        { command: 'uname -s', sudo: false, result: { stdout: 'Linux\n', stderr: '', code: 0, signal: null, durationMs: 0 } },
        { command: 'false', sudo: true, result: { stdout: '', stderr: 'no\n', code: 1, signal: null, durationMs: 0 } },
      ],
    });
  });

  test('records errors by code and message, and passes them on', async () => {
    const recorder = recordExecutor(mockExecutor({ 'cat /etc/shadow': new PrivilegeRequiredError('web1: needs root', { host: 'web1' }) }, { host: 'web1' }), { file: join(dir, 'f.json') });
    await expect(recorder.exec('cat /etc/shadow', { sudo: true })).rejects.toThrow(PrivilegeRequiredError);
    expect(recorder.fixture().entries).toEqual([{ command: 'cat /etc/shadow', sudo: true, error: { code: 'privilege-required', name: 'PrivilegeRequiredError', message: 'web1: needs root' } }]);
  });

  test('an abort comes from the caller, so it is not recorded', async () => {
    const recorder = recordExecutor(mockExecutor({ a: 'A' }), { file: join(dir, 'f.json') });
    await expect(recorder.exec('a', { signal: AbortSignal.abort() })).rejects.toThrow(AbortedError);
    expect(recorder.fixture().entries).toEqual([]);
  });

  test('the tool version defaults to the version in package.json', async () => {
    const manifest = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(recordExecutor(mockExecutor({}), { file: join(dir, 'f.json') }).fixture().tool).toEqual({ name: 'plesio', version: manifest.version });
  });
});

describe('record then replay', () => {
  test('output that is not UTF-8 is stored as base64 and replayed byte for byte', async () => {
    const file = join(dir, 'binary.json');
    const recorder = recordExecutor(localExecutor({ host: 'here' }), { file });
    const live = await recorder.exec(`printf '\\377\\000text'; printf 'ok' >&2`);
    await recorder.close();
    const stored = (await readFixture(file)).entries[0]!.result!;
    expect(stored.stdout).toEqual({ base64: Buffer.from([0xff, 0x00, 0x74, 0x65, 0x78, 0x74]).toString('base64') });
    expect(stored.stderr).toBe('ok');

    const replayed = await (await replayFile(file)).exec(`printf '\\377\\000text'; printf 'ok' >&2`);
    expect(replayed).toEqual({ ...live, durationMs: stored.durationMs });
    expect(Buffer.from(rawOutput(replayed).stdout)).toEqual(Buffer.from(rawOutput(live).stdout));
  });

  test('a replay reproduces results and typed errors, in recorded order per command', async () => {
    let n = 0;
    const inner = mockExecutor(
      [
        ['date', () => `call ${++n}\n`],
        ['sleep 9', new CommandTimeoutError('web1: "sleep 9" timed out', { host: 'web1', command: 'sleep 9' })],
      ],
      { host: 'web1' },
    );
    const file = join(dir, 'web1.json');
    const recorder = recordExecutor(inner, { file });
    await recorder.exec('date');
    await recorder.exec('date');
    await recorder.exec('sleep 9').catch(() => undefined);
    await recorder.close();

    const replay = await replayFile(file);
    expect(replay.host).toBe('web1');
    expect((await replay.exec('date')).stdout).toBe('call 1\n');
    expect((await replay.exec('date')).stdout).toBe('call 2\n');
    // Asked more often than recorded: the last outcome again.
    expect((await replay.exec('date')).stdout).toBe('call 2\n');
    const error = await replay.exec('sleep 9').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandTimeoutError);
    expect(error).toMatchObject({ code: 'timeout', message: 'web1: "sleep 9" timed out', host: 'web1' });
  });

  test('the sudo flag is part of what was recorded', async () => {
    const fixture = recordedFixture([{ command: 'id -u', sudo: true, result: { stdout: '0\n', stderr: '', code: 0, signal: null, durationMs: 1 } }]);
    const replay = replayExecutor(fixture);
    expect((await replay.exec('id -u', { sudo: true })).stdout).toBe('0\n');
    await expect(replay.exec('id -u')).rejects.toThrow(UnexpectedCommandError);
  });

  test('an unrecorded command names the fixture and the closest recorded command', async () => {
    const file = join(dir, 'h.json');
    await writeFile(file, JSON.stringify(recordedFixture([{ command: 'uname -s', sudo: false, result: { stdout: '', stderr: '', code: 0, signal: null, durationMs: 1 } }])));
    const error = await (await replayFile(file)).exec('uname -r').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedCommandError);
    expect((error as Error).message).toBe(`h1: "uname -r" is not recorded in ${file}; the closest recorded one is "uname -s"`);
  });
});

describe('parseFixture', () => {
  test('invalid JSON is an error naming the file and the line', () => {
    const error = (() => {
      try {
        return parseFixture('{\n  "format": "plesio-fixture",\n  "version": 1,,\n}', 'hosts/web1.json');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(FileFormatError);
    expect(error).toMatchObject({ file: 'hosts/web1.json', line: 3 });
    expect((error as Error).message).toMatch(/^hosts\/web1\.json:3: not valid JSON/);
  });

  test('another format version is refused with the version this code reads', () => {
    expect(() => parseFixture(JSON.stringify({ ...recordedFixture([]), version: 2 }), 'f.json')).toThrow('f.json: version 2 is not supported; this plesio reads version 1');
  });

  test('a malformed entry names the file and the field', () => {
    const bad = { ...recordedFixture([]), entries: [{ command: 'ls', sudo: false, result: { stdout: 1, stderr: '', code: 0, signal: null, durationMs: 0 } }] };
    expect(() => parseFixture(JSON.stringify(bad), 'f.json')).toThrow('f.json: entries[0].result.stdout must be a string or { "base64": string }');
    const both = { ...recordedFixture([]), entries: [{ command: 'ls', sudo: false }] };
    expect(() => parseFixture(JSON.stringify(both), 'f.json')).toThrow('entries[0] must be an object with exactly one of result and error');
  });
});

function recordedFixture(entries: Fixture['entries']): Fixture {
  return { format: 'plesio-fixture', version: 1, host: 'h1', recordedAt: '2025-01-01T00:00:00.000Z', tool: { name: 'plesio', version: '0.0.0' }, entries };
}
