/**
 * The three ways a running command is stopped from outside — its timeout, the caller's abort signal,
 * and the output cap — and the typed error each one becomes. Both process-backed executors use it, so
 * they stop and report the same way.
 */
import type { PlesioError } from '../errors.js';
import { AbortedError, CommandTimeoutError, OutputTooLargeError } from './errors.js';

/** Why a command was stopped before it ended by itself. */
export type StopReason = 'timeout' | 'abort' | 'output';

/** Watches a command's timeout and abort signal; `dispose()` (in a `finally`) releases both. */
export interface Guard {
  dispose(): void;
}

/** Calls `stop` once, when the timeout passes or the signal aborts, whichever comes first. */
export function guardCommand(options: { timeoutMs: number; signal: AbortSignal | undefined }, stop: (reason: StopReason) => void): Guard {
  let done = false;
  const fire = (reason: StopReason): void => {
    if (done) return;
    done = true;
    dispose();
    stop(reason);
  };
  const onAbort = (): void => fire('abort');
  // Infinity (no timeout) cannot go to setTimeout, which would clamp it to 1 ms.
  const timer = Number.isFinite(options.timeoutMs) ? setTimeout(() => fire('timeout'), options.timeoutMs) : undefined;
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const dispose = (): void => {
    done = true;
    if (timer !== undefined) clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  };
  if (options.signal?.aborted) queueMicrotask(onAbort);
  return { dispose };
}

/** What a stop error says about the command. */
export interface StopContext {
  host: string;
  command: string;
  timeoutMs: number;
  maxOutputBytes: number;
}

/** The typed error for a stopped command. */
export function stopError(reason: StopReason, context: StopContext): PlesioError {
  const { host, command } = context;
  switch (reason) {
    case 'timeout':
      return new CommandTimeoutError(`${host}: ${quoteCommand(command)} timed out after ${context.timeoutMs} ms and was stopped`, { host, command });
    case 'abort':
      return abortedError(host, command);
    case 'output':
      return new OutputTooLargeError(`${host}: ${quoteCommand(command)} wrote more than ${context.maxOutputBytes} bytes of output and was stopped`, { host, command });
  }
}

/** The error for a command cancelled through its signal, before or while it ran. */
export function abortedError(host: string, command: string): AbortedError {
  return new AbortedError(`${host}: ${quoteCommand(command)} was aborted`, { host, command });
}

/** A command for a one-line message: quoted, newlines escaped, long ones shortened. */
export function quoteCommand(command: string): string {
  const text = JSON.stringify(command);
  return text.length > 120 ? `${text.slice(0, 117)}…"` : text;
}
