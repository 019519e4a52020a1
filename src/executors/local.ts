/**
 * The local executor: runs each command with `/bin/sh -c` on this machine. It backs `plesio scan --local`
 * and behaves like the SSH executor: same timeouts, output cap, abort and `sudo -n`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { hostname } from 'node:os';
import type { CommandResult, ExecOptions, Executor } from '../effects/command.js';
import { PlesioError } from '../errors.js';
import { ExecutorClosedError } from './errors.js';
import { abortedError, guardCommand, quoteCommand, stopError, type StopReason } from './guard.js';
import { checkDefaults, resolveExecOptions, type CommandDefaults } from './options.js';
import { OutputCollector, signalName } from './output.js';
import { checkSudo, sudoCommand } from './sudo.js';

/** How the local executor runs commands. */
export interface LocalExecutorOptions extends CommandDefaults {
  /** The name reported as `host`; default this machine's host name. */
  host?: string;
  /** The shell that runs each command with `-c`; default `/bin/sh`. */
  shell?: string;
  /** The commands' environment; default this process's. */
  env?: NodeJS.ProcessEnv;
  /** The commands' working directory; default this process's. */
  cwd?: string;
  /** Wrap `sudo: true` commands in `sudo -n` even when already root (default false: root needs no sudo). */
  sudoWhenRoot?: boolean;
}

/**
 * Creates an executor that runs commands on this machine.
 * @example
 * const local = localExecutor();
 * try {
 *   const { stdout } = await local.exec('uname -s');
 * } finally {
 *   await local.close();
 * }
 */
export function localExecutor(options: LocalExecutorOptions = {}): Executor {
  checkDefaults(options);
  const host = options.host ?? hostname();
  const shell = options.shell ?? '/bin/sh';
  const isRoot = process.getuid?.() === 0;
  // Each running command's child and how to stop it, so close() can end them all.
  const running = new Map<ChildProcess, { stop: () => void; ended: Promise<unknown> }>();
  let closed = false;

  return {
    host,
    async exec(command: string, execOptions?: ExecOptions): Promise<CommandResult> {
      const opts = resolveExecOptions(execOptions, options);
      if (closed) throw new ExecutorClosedError(`${host}: cannot run ${quoteCommand(command)}: the executor is closed`, { host, command });
      if (opts.signal?.aborted) throw abortedError(host, command);
      const useSudo = opts.sudo && (!isRoot || options.sudoWhenRoot === true);
      const started = performance.now();
      const child = spawn(shell, ['-c', useSudo ? sudoCommand(command) : command], {
        // A process group of its own, so a timeout kills the command's children too.
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: options.env ?? process.env,
        cwd: options.cwd,
      });
      const output = new OutputCollector(opts.maxOutputBytes);
      let stopped: StopReason | 'closed' | undefined;
      const stop = (reason: StopReason | 'closed'): void => {
        if (stopped !== undefined) return;
        stopped = reason;
        killGroup(child);
        // A grandchild that left the group may still hold the pipes; do not wait for it.
        child.stdout!.destroy();
        child.stderr!.destroy();
      };
      const ended = new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
        child.once('error', (error) => reject(new PlesioError('spawn', `${host}: cannot start ${shell}: ${error.message}`, { host, cause: error })));
        child.once('close', (exitCode, exitSignal) => resolve([exitCode, exitSignal]));
      });
      running.set(child, { stop: () => stop('closed'), ended: ended.catch(() => undefined) });
      const guard = guardCommand(opts, stop);
      try {
        child.stdout!.on('data', (chunk: Buffer) => output.add('stdout', chunk) || stop('output'));
        child.stderr!.on('data', (chunk: Buffer) => output.add('stderr', chunk) || stop('output'));
        const [code, signal] = await ended;
        if (stopped === 'closed') throw new ExecutorClosedError(`${host}: ${quoteCommand(command)} was stopped because the executor was closed`, { host, command });
        if (stopped !== undefined) throw stopError(stopped, { host, command, ...opts });
        const result = output.result(code, signalName(signal), performance.now() - started);
        return useSudo ? checkSudo(result, host, command) : result;
      } finally {
        guard.dispose();
        running.delete(child);
      }
    },
    async close(): Promise<void> {
      closed = true;
      const all = [...running.values()];
      for (const { stop } of all) stop();
      await Promise.all(all.map(({ ended }) => ended));
    },
  };
}

/** SIGKILLs the child's process group; the child may already be gone. */
function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}
