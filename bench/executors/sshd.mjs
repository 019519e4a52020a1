/**
 * Throw-away loopback OpenSSH servers for the benchmarks: the minimal part of test/support/sshd.ts,
 * repeated here because benchmarks run as plain JavaScript against dist/. The building blocks below
 * are shared by every bench that starts its own sshd (../cli/loopback-sshd.mjs,
 * ../pipeline/slow-sshd.mjs), so that they differ only in their sshd_config extras.
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
const HOST = '127.0.0.1';

/** Starts sshd on 127.0.0.1 with one client key; resolves to { host, port, user, clientKeyPath, knownHostsPath, stop }. */
export async function startBenchSshd() {
  const { host, port, user, clientKeyPath, knownHostsPath, stop } = await startLoopbackSshd({
    prefix: 'plesio-bench-sshd-',
    extraLines: () => [
      // The fleet benchmark opens 10 unauthenticated connections at once; the default 10:30:100 drops some.
      'MaxStartups 200',
      // bash sources ~/.bashrc for commands run by sshd unless nested; a heavy bashrc would swamp the numbers.
      'SetEnv SHLVL=1',
    ],
  });
  return { host, port, user, clientKeyPath, knownHostsPath, stop };
}

/**
 * One server with its own host key and one client key in a fresh temporary directory named after `prefix`;
 * `extraLines(dir)` may write files there and returns the sshd_config lines to add. Resolves to
 * { dir, host, port, user, clientKeyPath, knownHostsPath, hostKey, stop }; the directory is removed
 * by stop(), or at once if the start fails.
 */
export async function startLoopbackSshd({ prefix, extraLines }) {
  return inTempDir(prefix, async (dir) => {
    const hostKey = await keyPair(join(dir, 'host_key'));
    const authorizedKeysFile = join(dir, 'authorized_keys');
    await writeFile(authorizedKeysFile, `${await keyPair(join(dir, 'client_key'))}\n`, { mode: 0o600 });
    const port = await freePort();
    const configPath = join(dir, 'sshd_config');
    const base = { port, hostKey: join(dir, 'host_key'), pidFile: join(dir, 'sshd.pid'), authorizedKeysFile };
    await writeSshdConfig(configPath, base, await extraLines(dir));
    const child = await spawnSshd(configPath, port);
    const knownHostsPath = join(dir, 'known_hosts');
    await writeFile(knownHostsPath, `[${HOST}]:${port} ${hostKey}\n`);
    return {
      dir,
      host: HOST,
      port,
      user: userInfo().username,
      clientKeyPath: join(dir, 'client_key'),
      knownHostsPath,
      hostKey,
      async stop() {
        await stopSshd(child);
        await rm(dir, { recursive: true, force: true });
      },
    };
  });
}

/**
 * Checks that sshd is installed, then runs `setUp(dir)` in a new temporary directory, removing the
 * directory again if it throws (a failed start leaves nothing behind; a caller that spawned servers
 * stops them before rethrowing).
 */
export async function inTempDir(prefix, setUp) {
  if (!existsSync(SSHD)) throw new Error(`${SSHD} is missing; install it: apt-get install -y openssh-server`);
  // sshd refuses to start without its privilege-separation directory, which containers often lack.
  if (!existsSync('/run/sshd')) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const dir = await mkdtemp(join(tmpdir(), prefix));
  try {
    return await setUp(dir);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Generates an ed25519 key pair at `path` (no passphrase); resolves to its public key as "type base64". */
export async function keyPair(path) {
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', '', '-f', path]);
  return (await readFile(`${path}.pub`, 'utf8')).trim().split(/\s+/).slice(0, 2).join(' ');
}

/**
 * Writes an sshd_config for a loopback server that accepts only the keys in `authorizedKeysFile`,
 * as the current user and without PAM (it is not run as a system service), then `extraLines`.
 * `listen` ("address:port" strings) replaces 127.0.0.1:`port` (the fleet bench's hosts listen in a
 * network namespace of their own).
 */
export async function writeSshdConfig(path, { port, hostKey, pidFile, authorizedKeysFile, listen = [`${HOST}:${port}`] }, extraLines = []) {
  await writeFile(path, [
    ...listen.map((address) => `ListenAddress ${address}`), `HostKey ${hostKey}`, `PidFile ${pidFile}`,
    `AuthorizedKeysFile ${authorizedKeysFile}`, 'UsePAM no', 'StrictModes no', 'PermitRootLogin yes',
    'PasswordAuthentication no', 'KbdInteractiveAuthentication no', 'MaxSessions 10', 'LogLevel ERROR',
    ...extraLines, '',
  ].join('\n'));
}

/**
 * Starts sshd in the foreground on `configPath` and resolves to its child process once it accepts
 * connections on `port` (at `host`, 127.0.0.1 unless said); rejects at once, with sshd's exit code, if
 * it dies first (a bad config, a port taken meanwhile). It runs in its own process group so that
 * stopSshd also ends its sessions. `wrap` is an argv put before sshd's (`ip netns exec NAME`);
 * `started(child)` is called as soon as it is spawned, before any connection can reach it.
 */
export async function spawnSshd(configPath, port, { host = HOST, wrap = [], started = () => undefined } = {}) {
  const argv = [...wrap, SSHD, '-D', '-e', '-f', configPath];
  const child = spawn(argv[0], argv.slice(1), { stdio: 'ignore', detached: true });
  let spawnError;
  child.once('error', (error) => { spawnError = error; });
  try {
    if (child.pid !== undefined) await started(child);
    await untilListening(host, port, () => {
      if (spawnError) return `sshd did not start: ${spawnError.message}`;
      if (child.exitCode !== null) return `sshd exited (${child.exitCode}) before listening on ${host}:${port}`;
      if (child.signalCode !== null) return `sshd was killed (${child.signalCode}) before listening on ${host}:${port}`;
    });
  } catch (error) {
    await stopSshd(child);
    throw error;
  }
  return child;
}

/** Ends sshd and its per-connection children (its process group); resolves once sshd has exited. */
export function stopSshd(child) {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    child.kill('SIGTERM');
  }
  return exited;
}

/** A free TCP port on 127.0.0.1 (shared by every bench that starts its own sshd). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts connections on host:port; throws after about 10 s. */
export function waitForPort(host, port) {
  return untilListening(host, port);
}

/** waitForPort, giving up early with the message `failure()` returns once the server is known to be gone. */
async function untilListening(host, port, failure = () => undefined) {
  for (let i = 0; i < 400; i++) {
    const reason = failure();
    if (reason) throw new Error(reason);
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
