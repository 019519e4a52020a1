/**
 * The built CLI against a real loopback sshd, on what it trusts and says: `-F /dev/null` and a FIFO
 * as the ssh config, the line `accept-new` prints for each recorded host key, the auth failure after a
 * password the server does not take, and a default identity file other users may read.
 */
import { execFile } from 'node:child_process';
import { constants, openSync, closeSync } from 'node:fs';
import { chmod, copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { HostReport } from '../../src/hosts/report.js';
import { startSshd, type TestSshd } from '../support/sshd.js';
import { E2E_TIMEOUT_MS, ensureBuilt, runCli, tempDir, writeTemp } from './helpers.js';

let sshd: TestSshd;
let home: { dir: string; remove: () => Promise<void> };
let target: string;

beforeAll(async () => {
  [, sshd, home] = await Promise.all([ensureBuilt(), startSshd(), tempDir()]);
  target = `${sshd.user}@127.0.0.1:${sshd.port}`;
}, E2E_TIMEOUT_MS);
afterAll(async () => {
  await sshd?.stop();
  await home?.remove();
});

const scan = (args: string[], where = home.dir) => runCli(['scan', ...args, '--facts', 'os'], { home: where });
const reports = (stdout: string): HostReport[] => JSON.parse(stdout) as HostReport[];

describe('plesio scan: trust and what it says', { timeout: E2E_TIMEOUT_MS }, () => {
  test('accept-new says on stderr which key it added to which file, control characters escaped; --quiet does not', async () => {
    const folder = join(home.dir, 'kh\x1b[31mred');
    await mkdir(folder);
    const knownHosts = join(folder, 'known_hosts');
    const run = await scan([target, '-i', sshd.clientKeyPath, '--known-hosts', knownHosts, '--host-key-policy', 'accept-new']);
    expect(run.code).toBe(0);
    const fingerprint = (await promisify(execFile)('ssh-keygen', ['-l', '-f', knownHosts])).stdout.split(' ')[1]!;
    expect(run.stderr).toContain(`plesio: added [127.0.0.1]:${sshd.port}'s ssh-ed25519 key ${fingerprint} to ${join(home.dir, 'kh\\x1b[31mred', 'known_hosts')}\n`);
    expect(run.stderr).not.toContain('\x1b');
    const quiet = await scan([target, '-i', sshd.clientKeyPath, '--known-hosts', join(home.dir, 'quiet_known_hosts'), '--host-key-policy', 'accept-new', '--quiet']);
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).not.toContain('added');
  });
});
