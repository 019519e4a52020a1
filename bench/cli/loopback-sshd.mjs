// Throw-away OpenSSH servers on 127.0.0.1 for the fleet benchmark: each in a temporary directory with
// its own host key, all trusting one client key; a shared known_hosts lists every server.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { freePort } from '../executors/sshd.mjs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function keyPair(path) {
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', '', '-f', path]);
  return (await readFile(`${path}.pub`, 'utf8')).trim().split(/\s+/).slice(0, 2).join(' ');
}


async function listening(port, child) {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`sshd exited (${child.exitCode}) before listening on ${port}`);
    const ok = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => (socket.destroy(), resolve(false)));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`sshd did not listen on ${port}`);
}

/** Starts `count` servers; resolves to { dir, clientKey, knownHosts, ports, stop() }. */
export async function startServers(count) {
  if (!existsSync('/usr/sbin/sshd')) throw new Error('/usr/sbin/sshd is missing: apt-get install -y openssh-server');
  if (!existsSync('/run/sshd')) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const dir = await mkdtemp(join(tmpdir(), 'plesio-bench-'));
  const clientKey = join(dir, 'client_ed25519');
  await writeFile(join(dir, 'authorized_keys'), `${await keyPair(clientKey)}\n`, { mode: 0o600 });
  const children = [];
  const ports = [];
  const known = [];
  try {
    for (let i = 0; i < count; i++) {
      const hostKey = join(dir, `host${i}_ed25519`);
      const publicKey = await keyPair(hostKey);
      const port = await freePort();
      const config = join(dir, `sshd${i}_config`);
      await writeFile(config, [
        `Port ${port}`, 'ListenAddress 127.0.0.1', `HostKey ${hostKey}`, `PidFile ${join(dir, `sshd${i}.pid`)}`,
        `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`, 'UsePAM no', 'StrictModes no', 'PermitRootLogin yes',
        'PasswordAuthentication no', 'KbdInteractiveAuthentication no', 'MaxSessions 10',
        // A fleet opens hundreds of connections at once; OpenSSH's default 10:30:100 would drop some.
        'MaxStartups 512', 'LogLevel ERROR', '',
      ].join('\n'));
      const child = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', config], { stdio: 'ignore', detached: true });
      children.push(child);
      await listening(port, child);
      ports.push(port);
      known.push(`[127.0.0.1]:${port} ${publicKey}`);
    }
    const knownHosts = join(dir, 'known_hosts');
    await writeFile(knownHosts, `${known.join('\n')}\n`, { mode: 0o600 });
    return {
      dir,
      clientKey,
      knownHosts,
      ports,
      async stop() {
        await Promise.all(children.map((child) => stopGroup(child)));
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await Promise.all(children.map((child) => stopGroup(child)));
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Ends sshd and its per-connection children (its process group). */
function stopGroup(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    child.kill('SIGTERM');
  }
  return exited;
}
