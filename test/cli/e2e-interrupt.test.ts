/**
 * Ctrl-C in the middle of a fleet scan, against a real loopback sshd: the built CLI must abort what is
 * running, keep what finished, exit promptly with 130 and leave no SSH session behind.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { HostReport } from '../../src/hosts/report.js';
import { startSshd, type TestSshd } from '../support/sshd.js';
import { E2E_TIMEOUT_MS, ensureBuilt, finished, spawnCli, tempDir, writeTemp } from './helpers.js';

let sshd: TestSshd;
let home: { dir: string; remove: () => Promise<void> };
let inventory: string;
const HOSTS = 60;

beforeAll(async () => {
  [, sshd, home] = await Promise.all([ensureBuilt(), startSshd(), tempDir()]);
  const lines = Array.from({ length: HOSTS }, (_, i) => `h${String(i + 1).padStart(2, '0')} ansible_host=127.0.0.1 ansible_port=${sshd.port} ansible_user=root`);
  inventory = await writeTemp(home.dir, 'fleet.ini', `[fleet]\n${lines.join('\n')}\n`);
}, E2E_TIMEOUT_MS);
afterAll(async () => {
  await sshd?.stop();
  await home?.remove();
});

/** The per-connection processes sshd still has (its children). */
async function sshdSessions(): Promise<string[]> {
  const pid = (await readFile(join(sshd.dir, 'sshd.pid'), 'utf8')).trim();
  const { stdout } = await promisify(execFile)('ps', ['-o', 'pid=', '--ppid', pid]).catch(() => ({ stdout: '' }));
  return stdout.split('\n').filter((line) => line.trim() !== '');
}

/** Waits until `check` holds, polling; gives up (returning false) after `limitMs`. */
async function eventually(check: () => Promise<boolean>, limitMs: number): Promise<boolean> {
  for (const start = Date.now(); Date.now() - start < limitMs; await new Promise((r) => setTimeout(r, 100))) if (await check()) return true;
  return false;
}

describe('SIGINT during a fleet scan', { timeout: E2E_TIMEOUT_MS }, () => {
  test('aborts the running hosts, keeps the finished ones, exits with 130 and leaves no session open', async () => {
    const child = spawnCli(['scan', '--inventory', inventory, '-i', sshd.clientKeyPath, '--known-hosts', sshd.knownHostsPath, '--facts', 'os,hostname', '--concurrency', '2', '--format', 'ndjson'], { home: home.dir });
    const firstLine = new Promise<void>((resolve) => {
      let seen = '';
      child.stdout!.on('data', (chunk: Buffer) => ((seen += chunk.toString()).includes('\n') ? resolve() : undefined));
    });
    const done = finished(child, E2E_TIMEOUT_MS - 10_000);
    await firstLine;
    child.kill('SIGINT');
    const run = await done;
    expect(run.signal).toBeNull();
    expect(run.code).toBe(130);
    const reports = run.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as HostReport);
    expect(reports.length).toBeGreaterThanOrEqual(1);
    expect(reports.length).toBeLessThan(HOSTS);
    // The hosts running at the interrupt are reported too, aborted, with what they had gathered.
    const cancelled = reports.filter((r) => r.status === 'failed' && r.error!.code === 'cancelled');
    expect(cancelled.length).toBeGreaterThanOrEqual(1);
    // Counted as cancelled, not failed: nothing is wrong with those hosts (issue 14, item 10).
    const ok = reports.filter((r) => r.status === 'ok').length;
    expect(run.stderr).toMatch(new RegExp(`^plesio: interrupted by SIGINT after .*: ${ok} ok, 0 partial, 0 failed, ${cancelled.length} cancelled; ${HOSTS - reports.length} of ${HOSTS} hosts were not scanned\n$`));
    expect(await eventually(async () => (await sshdSessions()).length === 0, 10_000)).toBe(true);
  });

  test('still writes the hosts finished so far as a complete JSON document', async () => {
    const child = spawnCli(['scan', '--inventory', inventory, '-i', sshd.clientKeyPath, '--known-hosts', sshd.knownHostsPath, '--facts', 'os,hostname', '--concurrency', '4'], { home: home.dir });
    const done = finished(child, E2E_TIMEOUT_MS - 10_000);
    // Interrupt once the first connections are up, whatever has finished by then.
    await eventually(async () => (await sshdSessions()).length > 0, 10_000);
    child.kill('SIGINT');
    const run = await done;
    expect(run.code).toBe(130);
    const reports = JSON.parse(run.stdout) as HostReport[];
    expect(reports.length).toBeLessThan(HOSTS);
    expect(reports.map((r) => r.host)).toEqual([...reports.map((r) => r.host)].sort());
  });
});
