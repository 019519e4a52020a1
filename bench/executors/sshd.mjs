/**
 * A throw-away loopback sshd for the benchmarks: the minimal part of test/support/sshd.ts, repeated
 * here because benchmarks run as plain JavaScript against dist/.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SSHD = '/usr/sbin/sshd';

/** Starts sshd on 127.0.0.1 with one client key; resolves to { host, port, user, clientKeyPath, knownHostsPath, stop }. */
export async function startBenchSshd() {
  if (!existsSync(SSHD)) throw new Error(`${SSHD} is missing; install it: apt-get install -y openssh-server`);
  if (!existsSync('/run/sshd')) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const dir = await mkdtemp(join(tmpdir(), 'plesio-bench-sshd-'));
  const key = async (name) => {
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', '', '-f', join(dir, name)]);
    return (await readFile(join(dir, `${name}.pub`), 'utf8')).trim().split(/\s+/).slice(0, 2).join(' ');
  };
  const hostKey = await key('host_key');
  const clientKey = await key('client_key');
  await writeFile(join(dir, 'authorized_keys'), `${clientKey}\n`, { mode: 0o600 });
  const port = await freePort();
  await writeFile(join(dir, 'sshd_config'), [
    `Port ${port}`, 'ListenAddress 127.0.0.1', `HostKey ${join(dir, 'host_key')}`, `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`, 'UsePAM no', 'StrictModes no', 'PermitRootLogin yes',
    'PasswordAuthentication no', 'KbdInteractiveAuthentication no', 'MaxSessions 10',
    // The fleet benchmark opens 10 unauthenticated connections at once; the default 10:30:100 drops some.
    'MaxStartups 200', 'LogLevel ERROR',
    // bash sources ~/.bashrc for commands run by sshd unless nested; a heavy bashrc would swamp the numbers.
    'SetEnv SHLVL=1', '',
  ].join('\n'));
  const child = spawn(SSHD, ['-D', '-e', '-f', join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'ignore'], detached: true });
  const host = '127.0.0.1';
  await waitForPort(host, port);
  const knownHostsPath = join(dir, 'known_hosts');
  await writeFile(knownHostsPath, `[${host}]:${port} ${hostKey}\n`);
  return {
    host,
    port,
    user: userInfo().username,
    clientKeyPath: join(dir, 'client_key'),
    knownHostsPath,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      try { process.kill(-child.pid, 'SIGTERM'); } catch { child.kill('SIGTERM'); }
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A free TCP port on 127.0.0.1 (shared by every bench that starts its own sshd). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts connections on host:port; throws after about 10 s. */
export async function waitForPort(host, port) {
  for (let i = 0; i < 400; i++) {
    const ok = await new Promise((resolve) => {
      const socket = connect(port, host);
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => (socket.destroy(), resolve(false)));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`sshd did not listen on ${host}:${port}`);
}
