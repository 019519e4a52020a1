/**
 * Helpers of the pipelined-session tests against a real sshd: an executor whose session has started,
 * the session a command runs in, and whether a process the host ran has ended.
 */
import { readFile } from 'node:fs/promises';
import type { SshExecutor, SshExecutorOptions } from '../../src/executors/ssh/executor.js';
import type { ExecutorFactory } from './ssh-executors.js';

/** A pipelined executor of `factory` whose debug messages land in `log`, once its session has started. */
export async function pipedExecutor(factory: ExecutorFactory, overrides: SshExecutorOptions = {}): Promise<SshExecutor & { log: string[] }> {
  const log: string[] = [];
  const host = Object.assign(factory({ pipelining: true, debug: (message) => log.push(message), ...overrides }), { log });
  // The first command starts the session.
  await host.exec('true');
  for (const start = Date.now(); !log.some((m) => m.includes('pipelining commands')); await new Promise((r) => setTimeout(r, 10))) {
    if (Date.now() - start > 10_000) throw new Error(`the session did not start: ${log.join('; ')}`);
  }
  return host;
}

/**
 * A command printing its session's pid: the command's shell's parent is the session's runner (perl) or
 * one of the session shell's helpers, in the session's process group either way.
 */
export const SESSION = 'ps -o pgid= -p $PPID | tr -d " "';

/** The pid of the session `host` runs its commands in. */
export async function sessionOf(host: SshExecutor): Promise<string> {
  return (await host.exec(SESSION)).stdout.trim();
}

/** Whether `pid` has ended (a zombie waiting for its reaper counts), waiting up to `ms` for it. */
export async function gone(pid: number, ms = 5_000): Promise<boolean> {
  for (const start = Date.now(); Date.now() - start < ms; await new Promise((r) => setTimeout(r, 50))) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
    // The state follows the parenthesised command name.
    if (stat === undefined || stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return true;
  }
  return false;
}
