/**
 * Starts a throw-away OpenSSH server for integration tests: bound to 127.0.0.1 on a free port, run from a
 * temporary directory holding its host key, the client key and an authorized_keys file. Never skipped:
 * a missing `sshd` fails the suite with the command that installs it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort, generateKey, waitForPort } from './process.js';

const SSHD = '/usr/sbin/sshd';

/** What a test needs to reach the server. */
export interface TestSshd {
  host: string;
  port: number;
  user: string;
  /** The temporary directory; removed by `stop()`. */
  dir: string;
  /** An unencrypted ed25519 key listed in authorized_keys. */
  clientKeyPath: string;
  /** A known_hosts file with the server's key under `[127.0.0.1]:port`. */
  knownHostsPath: string;
  /** The server's public key line, `ssh-ed25519 AAAA…` (or `ecdsa-sha2-nistp256 AAAA…`). */
  hostPublicKey: string;
  /** An ssh_config with `Host testhost` pointing at this server with the client key. */
  sshConfigPath: string;
  /** Adds a public key line to authorized_keys. */
  authorize(publicKeyLine: string): Promise<void>;
  /** sshd's stderr so far, for diagnosing a failing test. */
  log(): string;
  stop(): Promise<void>;
}

/** Options for unusual servers; the defaults suit most tests. */
export interface SshdOptions {
  /** sshd's MaxSessions (channels per connection); default 10, OpenSSH's own default. */
  maxSessions?: number;
  /** Environment variables for the sessions (sshd's SetEnv; only its first SetEnv line counts). */
  env?: Record<string, string>;
  /** Extra sshd_config lines, appended verbatim. */
  extraConfig?: string[];
  /** The type of the server's host key; default ed25519. */
  hostKeyType?: 'ed25519' | 'ecdsa';
}

/**
 * Starts sshd and resolves once its port accepts connections.
 * @example
 * const sshd = await startSshd();
 * try { … } finally { await sshd.stop(); }
 */
export async function startSshd(options: SshdOptions = {}): Promise<TestSshd> {
  if (!existsSync(SSHD)) {
    throw new Error(`${SSHD} is missing; the ssh integration tests need it: apt-get install -y openssh-server`);
  }
  // sshd refuses to start without its privilege separation directory.
  if (!existsSync('/run/sshd')) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });

  const dir = await mkdtemp(join(tmpdir(), 'plesio-sshd-'));
  try {
    const hostKey = await generateKey(join(dir, 'host_key'), '', options.hostKeyType);
    const clientKeyPath = join(dir, 'client_ed25519');
    const clientPublicKey = await generateKey(clientKeyPath);
    const authorizedKeys = join(dir, 'authorized_keys');
    await writeFile(authorizedKeys, clientPublicKey + '\n', { mode: 0o600 });
    // Ports are picked then bound by sshd, so another process can win the race; retry a few times.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const config = sshdConfig(dir, port, authorizedKeys, options);
      await writeFile(join(dir, 'sshd_config'), config);
      const child = spawn(SSHD, ['-D', '-e', '-f', join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
      let stderr = '';
      child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
      try {
        await waitForPort('127.0.0.1', port, child, () => stderr);
      } catch (error) {
        await stopChild(child);
        if (attempt < 3 && /Address already in use/.test(stderr)) continue;
        throw error;
      }
      return await serverHandle(dir, port, hostKey, clientKeyPath, authorizedKeys, child, () => stderr);
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

function sshdConfig(dir: string, port: number, authorizedKeys: string, options: SshdOptions): string {
  return [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${join(dir, 'host_key')}`,
    `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${authorizedKeys}`,
    'UsePAM no',
    // The temp directory is world-readable; strict modes would reject the keys in it.
    'StrictModes no',
    'PermitRootLogin yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    `MaxSessions ${options.maxSessions ?? 10}`,
    // Benchmarks and parallel tests open many connections at once; the default 10:30:100 drops some.
    'MaxStartups 100',
    'LogLevel ERROR',
    // bash sources ~/.bashrc for commands run by sshd unless it is a nested shell; a heavy bashrc
    // (pyenv, conda) would otherwise add its start-up time to every command of every test.
    `SetEnv ${Object.entries({ SHLVL: '1', ...options.env }).map(([name, value]) => `${name}=${value}`).join(' ')}`,
    ...(options.extraConfig ?? []),
    '',
  ].join('\n');
}

async function serverHandle(dir: string, port: number, hostKey: string, clientKeyPath: string, authorizedKeys: string, child: ChildProcess, log: () => string): Promise<TestSshd> {
  const host = '127.0.0.1';
  const knownHostsPath = join(dir, 'known_hosts');
  await writeFile(knownHostsPath, `[${host}]:${port} ${hostKey}\n`, { mode: 0o600 });
  const user = userInfo().username;
  const sshConfigPath = join(dir, 'ssh_config');
  await writeFile(sshConfigPath, [`Host testhost`, `  HostName ${host}`, `  Port ${port}`, `  User ${user}`, `  IdentityFile ${clientKeyPath}`, ''].join('\n'));
  return {
    host,
    port,
    user,
    dir,
    clientKeyPath,
    knownHostsPath,
    hostPublicKey: hostKey,
    sshConfigPath,
    async authorize(line) {
      const current = await readFile(authorizedKeys, 'utf8');
      await writeFile(authorizedKeys, current + line.trim() + '\n');
    },
    log,
    async stop() {
      try {
        await stopChild(child);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Kills sshd's whole process group (its per-connection children too) and waits for the exit. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    process.kill(-child.pid!, 'SIGTERM');
  } catch {
    child.kill('SIGTERM');
  }
  await exited;
}
