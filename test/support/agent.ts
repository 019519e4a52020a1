/**
 * A real `ssh-agent` for tests, on a socket in a temporary directory, holding the keys it is given.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './process.js';

/** A running agent: its socket and how to stop it. */
export interface TestAgent {
  socket: string;
  stop(): Promise<void>;
}

/** Starts ssh-agent in the foreground on `dir/agent.sock` and adds the given private keys. */
export async function startAgent(dir: string, keys: string[]): Promise<TestAgent> {
  const socket = join(dir, 'agent.sock');
  const child = spawn('ssh-agent', ['-D', '-a', socket], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    for (let i = 0; !existsSync(socket); i++) {
      if (i > 200 || child.exitCode !== null) throw new Error(`ssh-agent did not start: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    for (const key of keys) await run('ssh-add', ['-q', key], { ...process.env, SSH_AUTH_SOCK: socket });
    return { socket, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
