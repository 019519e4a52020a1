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
  test('-F /dev/null reads no ssh config, as `ssh -F /dev/null` does', async () => {
    const run = await scan([target, '-F', '/dev/null', '-i', sshd.clientKeyPath, '--known-hosts', sshd.knownHostsPath]);
    expect(run.stderr).toContain('1 ok');
    expect(run.code).toBe(0);
  });

  test('-F FIFO is read once, for every host: `-F <(…)` works', async () => {
    const fifo = join(home.dir, 'config.fifo');
    await promisify(execFile)('mkfifo', [fifo]);
    const config = ['Host alias-a alias-b', '  HostName 127.0.0.1', `  Port ${sshd.port}`, `  User ${sshd.user}`, `  IdentityFile ${sshd.clientKeyPath}`, ''].join('\n');
    // The write waits for a reader; a second reader would wait for ever for a second writer.
    const written = writeFile(fifo, config);
    try {
      const run = await scan(['alias-a', 'alias-b', '-F', fifo, '--known-hosts', sshd.knownHostsPath]);
      expect(reports(run.stdout).map((r) => [r.host, r.status])).toEqual([['alias-a', 'ok'], ['alias-b', 'ok']]);
      expect(run.code).toBe(0);
    } finally {
      // Never left waiting if the CLI did not read it: a reader of our own lets the write end.
      const fd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
      await written.catch(() => undefined);
      closeSync(fd);
    }
  });

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

  test('a password for a server that takes only public keys: Permission denied (publickey), the password not offered', async () => {
    const passwordFile = await writeTemp(home.dir, 'password', 'typed\n');
    const run = await scan([target, '--password-file', passwordFile, '--known-hosts', sshd.knownHostsPath]);
    expect(run.code).toBe(2);
    const { error } = reports(run.stdout)[0]!;
    expect(error).toMatchObject({ code: 'auth' });
    expect(error!.message).toContain('Permission denied (publickey); tried nothing; not offered: the password (the server does not take passwords)');
    expect(run.stderr).not.toContain('no password provider');
    expect(run.stderr + run.stdout).not.toContain('typed');
  });

  test('a default identity file (~/.ssh/id_ed25519) other users may read is refused too, as OpenSSH refuses it', async () => {
    const own = await tempDir('plesio-home-');
    try {
      const key = join(own.dir, '.ssh', 'id_ed25519');
      await mkdir(join(own.dir, '.ssh'), { mode: 0o700 });
      await copyFile(sshd.clientKeyPath, key);
      await chmod(key, 0o644);
      const refused = await scan([target, '--known-hosts', sshd.knownHostsPath], own.dir);
      expect(refused.code).toBe(2);
      expect(reports(refused.stdout)[0]!.error!.message).toContain(`${key} (UNPROTECTED PRIVATE KEY FILE: accessible by other users (mode 644), so it was ignored; restrict it with chmod 600 ${key})`);
      await chmod(key, 0o600);
      const accepted = await scan([target, '--known-hosts', sshd.knownHostsPath], own.dir);
      expect(accepted.code).toBe(0);
    } finally {
      await own.remove();
    }
  });
});
