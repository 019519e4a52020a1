/**
 * Running one command on an open exec channel: collecting output under the cap, normalising ssh2's two
 * `exit` forms — `(code)` and `(null, 'SIGTERM', core, description)` — and stopping the command on
 * timeout, abort or too much output by signalling and closing the channel.
 */
import type { ClientChannel } from 'ssh2';
import type { CommandResult } from '../../effects/command.js';
import type { PlesioError } from '../../errors.js';
import { guardCommand, stopError, type StopReason } from '../guard.js';
import { OutputCollector, signalName } from '../output.js';

/** One command's limits and context. */
export interface ChannelJob {
  host: string;
  command: string;
  timeoutMs: number;
  maxOutputBytes: number;
  signal: AbortSignal | undefined;
  /** When the command was sent, from `performance.now()`. */
  started: number;
  /** The error for this command if the connection is gone (lost, or closed by us), else undefined. */
  lost: () => PlesioError | undefined;
}

/**
 * Collects the command's outcome from its channel; rejects with a typed error when it was stopped. Call it
 * from ssh2's exec callback, before any await: an `exit` emitted earlier is lost.
 */
export async function runOnChannel(channel: ClientChannel, job: ChannelJob): Promise<CommandResult> {
  const output = new OutputCollector(job.maxOutputBytes);
  let exit: { code: number | null; signal: string | null } | undefined;
  let stopped: StopReason | undefined;
  let finished: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finished = resolve));
  const stop = (reason: StopReason): void => {
    if (stopped !== undefined) return;
    stopped = reason;
    // OpenSSH honours `signal` only for non-root sessions under privilege separation, so closing
    // the channel is what really ends the command for us; the remote process may outlive it.
    try {
      channel.signal('KILL');
    } catch {
      // The channel may already be closing.
    }
    channel.close();
    // Do not wait for the server to confirm: it only does once the remote process has exited.
    finished();
  };
  const guard = guardCommand(job, stop);
  try {
    channel.on('data', (chunk: Buffer) => output.add('stdout', chunk) || stop('output'));
    channel.stderr.on('data', (chunk: Buffer) => output.add('stderr', chunk) || stop('output'));
    channel.on('exit', (code: number | null, signal?: string) => {
      exit = code === null || code === undefined ? { code: null, signal: signalName(signal) } : { code, signal: null };
    });
    // A channel error is followed by 'close'; the outcome is decided there.
    channel.on('error', () => undefined);
    channel.on('close', finished);
    // Commands get an empty stdin, as with the local executor, so one that reads it does not hang.
    channel.end();
    await done;
    if (stopped !== undefined) throw stopError(stopped, job);
    const lost = job.lost();
    if (exit === undefined && lost !== undefined) throw lost;
    return output.result(exit?.code ?? null, exit?.signal ?? null, performance.now() - job.started);
  } finally {
    guard.dispose();
  }
}
