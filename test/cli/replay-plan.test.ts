import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { fixtureName } from '../../src/cli/executors.js';
import { replayPlans } from '../../src/cli/replay-plan.js';
import { tempDir, writeTemp } from './helpers.js';

const fixture = (host: string): string => JSON.stringify({ format: 'plesio-fixture', version: 1, host, recordedAt: '2025-01-01T00:00:00.000Z', tool: { name: 'plesio', version: '0' }, entries: [] });

describe('fixtureName', () => {
  test('keeps readable labels readable and encodes everything else, so no two labels share a file', () => {
    expect(fixtureName('web1.example.com')).toBe('web1.example.com.json');
    expect(fixtureName('root@127.0.0.1:2222')).toBe('root@127.0.0.1%3A2222.json');
    expect(fixtureName('[::1]:22')).toBe('%5B%3A%3A1%5D%3A22.json');
    expect(fixtureName('::1')).not.toBe(fixtureName('[::1]'));
    expect(fixtureName('../etc/passwd')).toBe('..%2Fetc%2Fpasswd.json');
    expect(fixtureName('..')).toBe('%2E%2E.json');
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
    expect(plans).toEqual([{ kind: 'replay', label: 'deploy@web1:22', fixture: join(dir.dir, 'deploy@web1%3A22.json') }]);
    await expect(replayPlans(dir.dir, [{ kind: 'local', label: 'web2' }])).rejects.toThrow(`--replay ${dir.dir} has no recording of web2`);
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
