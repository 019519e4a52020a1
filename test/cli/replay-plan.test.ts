import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { caseCollision, fixtureName } from '../../src/cli/fixture-name.js';
import { replayPlans } from '../../src/cli/replay-plan.js';
import { tempDir, writeTemp } from './helpers.js';

const fixture = (host: string): string => JSON.stringify({ format: 'plesio-fixture', version: 1, host, recordedAt: '2025-01-01T00:00:00.000Z', tool: { name: 'plesio', version: '0' }, entries: [] });

describe('fixtureName', () => {
  test('keeps labels readable: a port\'s colon is an underscore', () => {
    expect(fixtureName('web1.example.com')).toBe('web1.example.com.json');
    expect(fixtureName('root@127.0.0.1:2301')).toBe('root@127.0.0.1_2301.json');
    expect(fixtureName('deploy@[2001:db8::7]:22')).toBe('deploy@[2001_db8__7]_22.json');
  });

  test('is safe on every file system: no separator, reserved character, control, device name, hidden file or overlong name', () => {
    expect(fixtureName('../etc/passwd')).toBe('%2E.%2Fetc%2Fpasswd.json');
    expect(fixtureName('..')).toBe('%2E..json');
    expect(fixtureName('a\\b*c?"<>|\u0001')).toBe('a%5Cb%2Ac%3F%22%3C%3E%7C%01.json');
    expect(fixtureName('nul')).toBe('%6Eul.json');
    expect(fixtureName('CON.example.com')).toBe('%43ON.example.com.json');
    expect(fixtureName('console1')).toBe('console1.json');
    const long = fixtureName(`${'a'.repeat(300)}:22`);
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(255);
    expect(long).not.toBe(fixtureName(`${'a'.repeat(300)}:23`));
  });

  test('never gives two labels one name, even labels that differ only where the readable form is lossy', () => {
    const labels = ['a:b', 'a_b', 'a%5Fb', 'a%3Ab', '::1', '[::1]', '__1', 'fe80::1%eth0', '.x@h', '%2Ex@h', 'nul', '%6Eul', 'x'.repeat(300), `${'x'.repeat(300)}y`];
    expect(new Set(labels.map(fixtureName)).size).toBe(labels.length);
  });

  test('finds labels that only a case-insensitive file system would confuse', () => {
    expect(caseCollision(['web1', 'db1', 'WEB1'])).toEqual(['web1', 'WEB1']);
    expect(caseCollision(['web1', 'web2', 'web1'])).toBeUndefined();
  });
});

describe('replayPlans', () => {
  let dir: { dir: string; remove: () => Promise<void> };
  beforeEach(async () => (dir = await tempDir()));
  afterEach(() => dir.remove());

  test('serves every target from one fixture file', async () => {
    const file = await writeTemp(dir.dir, 'web1.json', fixture('web1'));
    const plans = await replayPlans(file, [{ kind: 'local', label: 'a' }, { kind: 'ssh', label: 'b', host: 'b', user: undefined, port: undefined, identityFiles: [] }]);
    expect(plans).toEqual([{ kind: 'replay', label: 'a', fixture: file }, { kind: 'replay', label: 'b', fixture: file }]);
  });

  test('finds each target\'s recording in a --record directory, and names a missing one', async () => {
    await writeTemp(dir.dir, fixtureName('deploy@web1:22'), fixture('deploy@web1:22'));
    const plans = await replayPlans(dir.dir, [{ kind: 'local', label: 'deploy@web1:22' }]);
    expect(plans).toEqual([{ kind: 'replay', label: 'deploy@web1:22', fixture: join(dir.dir, 'deploy@web1_22.json') }]);
    await expect(replayPlans(dir.dir, [{ kind: 'local', label: 'web2' }])).rejects.toThrow(`--replay ${dir.dir} has no recording of web2`);
  });

  test('finds a recording under the name earlier versions gave it (root@127.0.0.1%3A2301.json)', async () => {
    await writeTemp(dir.dir, 'deploy@web1%3A22.json', fixture('deploy@web1:22'));
    const plans = await replayPlans(dir.dir, [{ kind: 'local', label: 'deploy@web1:22' }]);
    expect(plans).toEqual([{ kind: 'replay', label: 'deploy@web1:22', fixture: join(dir.dir, 'deploy@web1%3A22.json') }]);
    await expect(replayPlans(dir.dir, [{ kind: 'local', label: 'deploy@web1:23' }])).rejects.toThrow(`(${join(dir.dir, 'deploy@web1_23.json')}: it does not exist)`);
  });

  test('without targets, replays every fixture of the directory under its recorded host name', async () => {
    await writeTemp(dir.dir, 'b.json', fixture('beta'));
    await writeTemp(dir.dir, 'a.json', fixture('alpha'));
    await writeTemp(dir.dir, 'notes.txt', 'not a fixture');
    expect((await replayPlans(dir.dir, [])).map((p) => p.label)).toEqual(['alpha', 'beta']);
  });

  test('rejects an empty directory and a malformed fixture with the file and the problem', async () => {
    await mkdir(join(dir.dir, 'empty'));
    await expect(replayPlans(join(dir.dir, 'empty'), [])).rejects.toThrow('holds no .json fixtures');
    const bad = await writeTemp(dir.dir, 'bad.json', '{"format": "plesio-fixture",\n oops}');
    await expect(replayPlans(bad, [])).rejects.toThrow(`cannot replay ${bad}:2: not valid JSON`);
    await expect(replayPlans(bad, [{ kind: 'local', label: 'web1' }])).rejects.toThrow(`cannot replay ${bad}:2: not valid JSON`);
  });
});
