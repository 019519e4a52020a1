/**
 * One command on an exec channel of its own: opening the channel within the command's start bound,
 * collecting output under the cap, normalising ssh2's two `exit` forms — `(code)` and `(null, 'SIGTERM',
 * core, description)` — and stopping the command on timeout, abort or too much output by signalling and
 * closing the channel.
 */
import type { Client, ClientChannel } from 'ssh2';
import type { CommandResult } from '../../effects/command.js';
import type { PlesioError } from '../../errors.js';
import { CommandTimeoutError, StartTimeoutError } from '../errors.js';
import { guardCommand, quoteCommand, stopError, type StopReason } from '../guard.js';
import { OutputCollector, signalName } from '../output.js';
import type { Connection } from './connection.js';

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
  /** Called once at the first sign that the command runs: output, its exit, or the channel's close. */
  begun?: () => void;
}

/** What opening a channel for a command needs. */
export interface OpenJob {
  host: string;
  /** The command as the saga asked for it, for messages. */
  command: string;
  /** The command as the login shell receives it. */
  sent: string;
  signal: AbortSignal | undefined;
  aborted: () => Error;
  /** When it was asked for, and by when the server must have started it (`performance.now()`). */
  asked: number;
  startBy: number;
}

/**
 * Opens an exec channel and runs `run` on it; `'refused'` when the server refused the channel itself
 * (too many sessions). A server that never answers the request fails it with `StartTimeoutError` at
 * `startBy`. `run` starts inside ssh2's callback: a short command's output, exit status and close can
 * arrive in the same packet batch as the channel confirmation, before any later tick.
 */
export function execOnChannel(conn: Connection, job: OpenJob, run: (channel: ClientChannel) => Promise<CommandResult>): Promise<CommandResult | 'refused'> {
  const client: Client = conn.client;
  const { host, command, signal } = job;
  return new Promise((resolve, reject) => {
    const lost = conn.lost(command);
    if (lost !== undefined) return reject(lost);
    let done = false;
    const giveUp = (error: Error): void => {
      done = true;
      signal?.removeEventListener('abort', onAbort);
      clearTimeout(timer);
      reject(error);
    };
    const onAbort = (): void => giveUp(job.aborted());
    signal?.addEventListener('abort', onAbort, { once: true });
    const unanswered = (): StartTimeoutError =>
      new StartTimeoutError(`${host}: ${quoteCommand(command)} did not start within ${Math.round(performance.now() - job.asked)} ms: the server never answered the request to start it`, { host, command });
    const timer = Number.isFinite(job.startBy) ? setTimeout(() => giveUp(unanswered()), Math.max(0, job.startBy - performance.now())) : undefined;
    // Called by ssh2 while it reads a packet: nothing here may throw into it.
    const opened = (error: Error | undefined, channel: ClientChannel | undefined): void => {
      signal?.removeEventListener('abort', onAbort);
      clearTimeout(timer);
      try {
        // Aborted or timed out while opening: the channel arrived too late to be used.
        if (done) return void channel?.close();
        done = true;
        if (!error && channel !== undefined) return resolve(run(channel));
        if (typeof (error as (Error & { reason?: unknown }) | undefined)?.reason === 'number') return resolve('refused');
        reject(conn.lost(command) ?? conn.refused(command, error?.message ?? 'no channel'));
      } catch (failure) {
        reject(failure);
      }
    };
    try {
      client.exec(job.sent, opened);
    } catch (error) {
      // ssh2 throws when the socket is already gone.
      opened(error as Error, undefined);
    }
  });
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
    try {
      channel.close();
    } catch {
      // The connection may already be gone.
    }
    // Do not wait for the server to confirm: it only does once the remote process has exited.
    finished();
  };
  const guard = guardCommand(job, stop);
  let begun = job.begun;
  const sign = (): void => {
    const call = begun;
    begun = undefined;
    try {
      call?.();
    } catch {
      // Called from ssh2's events: a caller's hook that throws must not break the channel.
    }
  };
  try {
    channel.on('data', (chunk: Buffer) => (sign(), output.add('stdout', chunk) || stop('output')));
    channel.stderr.on('data', (chunk: Buffer) => (sign(), output.add('stderr', chunk) || stop('output')));
    channel.on('exit', (code: number | null, signal?: string) => {
      sign();
      exit = code === null || code === undefined ? { code: null, signal: signalName(typeof signal === 'string' ? signal : null) } : { code: Number(code), signal: null };
    });
    // A channel error is followed by 'close'; the outcome is decided there.
    channel.on('error', () => undefined);
    channel.on('close', () => (sign(), finished()));
    // Commands get an empty stdin, as with the local executor, so one that reads it does not hang.
    channel.end();
    await done;
    if (stopped !== undefined) throw stopped === 'timeout' ? timedOut(job) : stopError(stopped, job);
    const lost = job.lost();
    if (exit === undefined && lost !== undefined) throw lost;
    return output.result(exit?.code ?? null, exit?.signal ?? null, performance.now() - job.started);
  } finally {
    guard.dispose();
  }
}

/** A timeout on a channel of its own counts the login shell's start (rc files and all), and says so. */
function timedOut(job: ChannelJob): CommandTimeoutError {
  return new CommandTimeoutError(
    `${job.host}: ${quoteCommand(job.command)} timed out after ${job.timeoutMs} ms on a channel of its own (a time that includes its login shell's start) and was stopped`,
    { host: job.host, command: job.command },
  );
}
