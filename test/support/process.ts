/**
 * Small process helpers shared by the test servers: a free loopback port, waiting for a port to accept,
 * running a tool to completion, and generating throw-away keys with ssh-keygen.
 */
import { execFile, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';

/** Asks the kernel for a free port on 127.0.0.1 (by binding port 0) and releases it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Resolves once `host:port` accepts a TCP connection; rejects if `child` exits first or after 10 s. */
export async function waitForPort(host: string, port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${child.spawnfile} exited (${child.exitCode ?? child.signalCode}) before listening on ${host}:${port}:\n${log()}`);
    }
    if (await accepts(host, port)) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${child.spawnfile} did not listen on ${host}:${port} within 10 s:\n${log()}`);
}

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, host);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** Runs a tool and resolves with its stdout; rejects with its stderr on a non-zero exit. */
export function run(file: string, args: string[], env?: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { env: env ?? process.env, timeout: 20_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${file} ${args.join(' ')} failed: ${stderr || error.message}`));
      else resolve(stdout);
    });
  });
}

/**
 * Generates a key pair at `path` (and `path.pub`), ed25519 unless told otherwise, optionally encrypted,
 * and returns the public key line without its comment.
 */
export async function generateKey(path: string, passphrase = '', type: 'ed25519' | 'ecdsa' = 'ed25519'): Promise<string> {
  await run('ssh-keygen', ['-q', '-t', type, '-N', passphrase, '-C', '', '-f', path]);
  const publicKey = (await readFile(`${path}.pub`, 'utf8')).trim().split(/\s+/);
  return `${publicKey[0]} ${publicKey[1]}`;
}
