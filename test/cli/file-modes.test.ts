/**
 * Files written with hosts' outputs (issue 13.7): `-o`, `--record`, `--trace` and `--store` (with its
 * -wal and -shm files) are created 0600, and a `--record` directory 0700, even under umask 000; a file
 * that already exists keeps its mode.
 */
import { spawn } from 'node:child_process';
import { chmodSync, readdirSync, statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mockExecutor, recordExecutor } from '../../src/executors/index.js';
import { openStore } from '../../src/history/store.js';
import type { HostReport } from '../../src/hosts/report.js';
import { CLI, cleanEnv, E2E_TIMEOUT_MS, ensureBuilt, finished, ROOT, tempDir } from './helpers.js';

const FIXTURE = join(ROOT, 'test', 'fixtures', 'scans', 'linux-debian12-firecracker.json');
const mode = (path: string): string => (statSync(path).mode & 0o777).toString(8);

let dir: string;
let remove: () => Promise<void>;
beforeAll(async () => {
  await ensureBuilt();
  ({ dir, remove } = await tempDir('plesio-modes-'));
}, E2E_TIMEOUT_MS);
afterAll(async () => remove?.());

/** Runs the CLI under `umask 000`, the loosest a user can have: only plesio's own modes then count. */
async function scanUnderUmask0(args: readonly string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn('/bin/sh', ['-c', 'umask 000 && exec "$@"', 'sh', process.execPath, CLI, ...args], { cwd: dir, env: cleanEnv(dir), stdio: ['ignore', 'pipe', 'pipe'] });
  return finished(child, E2E_TIMEOUT_MS - 10_000);
}

describe('files written with host outputs', () => {
  it('creates -o, --record (and its directory), --trace and --store 0600 under umask 000', async () => {
    const { code, stderr } = await scanUnderUmask0(['scan', '--replay', FIXTURE, '-q', '-o', join(dir, 'fleet.json'), '--trace', join(dir, 'scan.trace.json'), '--store', join(dir, 'scans.db')]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    // A recording is of a real host: this machine, one fact.
    const recorded = await scanUnderUmask0(['scan', '--local', '--facts', 'kernel', '-q', '-o', '/dev/null', '--record', join(dir, 'recordings', 'today')]);
    expect(recorded.stderr).toBe('');
    expect(recorded.code).toBe(0);
    expect(mode(join(dir, 'fleet.json'))).toBe('600');
    expect(mode(join(dir, 'scan.trace.json'))).toBe('600');
    expect(mode(join(dir, 'scans.db'))).toBe('600');
    // Both directories --record created, the parent too: nobody else lists which hosts were recorded.
    expect(mode(join(dir, 'recordings'))).toBe('700');
    expect(mode(join(dir, 'recordings', 'today'))).toBe('700');
    const recordings = readdirSync(join(dir, 'recordings', 'today'));
    expect(recordings).toHaveLength(1);
    expect(mode(join(dir, 'recordings', 'today', recordings[0]!))).toBe('600');
  }, E2E_TIMEOUT_MS);

  it('keeps the mode of an -o file, a trace and a recording that already exist, and replaces their content', async () => {
    const out = join(dir, 'shared.json');
    const trace = join(dir, 'shared.trace.json');
    await writeFile(out, 'old');
    await writeFile(trace, 'old');
    chmodSync(out, 0o644);
    chmodSync(trace, 0o640);
    const { code } = await scanUnderUmask0(['scan', '--replay', FIXTURE, '-q', '-o', out, '--trace', trace]);
    expect(code).toBe(0);
    expect(mode(out)).toBe('644');
    expect(mode(trace)).toBe('640');
    expect(JSON.parse(await readFile(out, 'utf8'))).toHaveLength(1);

    const file = join(dir, 'kept', 'web1.json');
    const first = recordExecutor(mockExecutor({ 'uname -s': 'Linux\n' }, { host: 'web1' }), { file });
    await first.exec('uname -s');
    await first.close();
    expect(mode(file)).toBe('600');
    chmodSync(file, 0o644);
    const second = recordExecutor(mockExecutor({ 'uname -s': 'Linux\n' }, { host: 'web1' }), { file });
    await second.close();
    expect(mode(file)).toBe('644');
  }, E2E_TIMEOUT_MS);

  it('gives the scan store\'s -wal and -shm files the store\'s 0600 under umask 000', () => {
    const file = join(dir, 'wal.db');
    const previous = process.umask(0);
    let store;
    try {
      store = openStore(file);
      const report: HostReport = { host: 'web1', status: 'ok', error: null, facts: { kernel: '6.1' }, sources: {}, duration_ms: 1 };
      store.startRun({ runId: '20250601T120000Z-9f3a21bc', source: 'local', hostCount: 1 });
      store.saveReport('20250601T120000Z-9f3a21bc', report, 0);
      // While the store is open, SQLite keeps its write-ahead log and shared memory beside it.
      expect([file, `${file}-wal`, `${file}-shm`].map(mode)).toEqual(['600', '600', '600']);
    } finally {
      store?.close();
      process.umask(previous);
    }
  });
});
