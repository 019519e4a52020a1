/**
 * The building blocks of host scans: `probe` runs one command and parses its output; `attempt` turns
 * a saga's failure into a value, for fallbacks and shared probes; `errorInfo` is what reports show.
 */
import { exec } from '../effects/exec.js';
import type { Saga } from '../effects/effect.js';
import type { CommandResult } from '../effects/command.js';
import { PlesioError } from '../errors.js';
import type { ParserSpec } from './fact.js';
import type { ErrorInfo } from './report.js';

/** How probes run their commands. */
export interface ProbeOptions {
  /** `sudo -n` is allowed for specs that need root. */
  readonly sudo: boolean;
  readonly timeoutMs: number;
}

/** A command exited non-zero and printed nothing to parse (a missing tool, a refused read). */
export class CommandFailedError extends PlesioError {
  readonly command: string;
  readonly exitCode: number | null;
  constructor(command: string, result: CommandResult) {
    const why = result.code !== null
      ? result.code === 127 ? 'was not found (exit 127)' : `exited with ${result.code}`
      : result.signal !== null ? `was killed by SIG${result.signal}` : 'ended without an exit status';
    const stderr = result.stderr.trim().split('\n')[0]?.slice(0, 160) ?? '';
    super('command-failed', `${JSON.stringify(command)} ${why}${stderr ? `: ${stderr}` : ''}`);
    this.command = command;
    this.exitCode = result.code;
  }
}

/**
 * Runs `spec.command` (through `sudo -n` when it needs root and sudo is allowed) and parses stdout.
 * A non-zero exit with output is still parsed: tools like prtdiag exit 1 with a full answer. A command
 * killed by a signal, or whose channel closed without an exit status, is a failure whatever it printed:
 * its output may be cut anywhere, and half a list of filesystems must not pass for the whole list.
 * @example
 * const hostid = yield* probe(commonHostid, options);
 */
export function* probe<T>(spec: ParserSpec<T>, options: ProbeOptions, timeoutMs = options.timeoutMs): Saga<T> {
  const out = yield* exec(spec.command, { timeoutMs, ...(spec.needsRoot === true && options.sudo && { sudo: true }) });
  if (out.code === null || (out.code !== 0 && out.stdout.trim() === '')) throw new CommandFailedError(spec.command, out);
  return spec.parse(out.stdout);
}

/** A saga's outcome as a value. */
export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

/** Runs a saga and returns its outcome instead of throwing: for fallbacks and probes shared by facts. */
export function* attempt<T>(saga: () => Saga<T>): Saga<Outcome<T>> {
  try {
    return { ok: true, value: yield* saga() };
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * Tries each saga in order and returns the first success; if all fail, throws the first error (the
 * preferred source's reason is the most useful one).
 * @example
 * const ifs = yield* firstOf([() => probe(linuxIpAddrJson, o), () => probe(linuxIfconfig, o)]);
 */
export function* firstOf<T>(sagas: ReadonlyArray<() => Saga<T>>): Saga<T> {
  let first: unknown;
  for (let i = 0; i < sagas.length; i++) {
    const outcome = yield* attempt(sagas[i]!);
    if (outcome.ok) return outcome.value;
    if (i === 0) first = outcome.error;
    // Losing the connection is not a reason to try the next command.
    if (isHostError(outcome.error)) throw outcome.error;
  }
  throw first;
}

/**
 * Error codes that mean the host, not one fact, failed: the connection or the run itself. A command
 * that never started (`start-timeout`: no session shell, no channel, no answer to the request within
 * the executor's start bound) says nothing about its fact and everything about the host; its fallbacks
 * would only wait as long again.
 */
export const HOST_ERROR_CODES: ReadonlySet<string> = new Set([
  'refused', 'unreachable', 'dns', 'connect-timeout', 'channel-refused', 'auth', 'host-key-unknown',
  'host-key-mismatch', 'connection-lost', 'closed', 'aborted', 'cancelled', 'deadline', 'start-timeout',
]);

/** True for an error that concerns the whole host (see `HOST_ERROR_CODES`). */
export function isHostError(error: unknown): boolean {
  return error instanceof PlesioError && HOST_ERROR_CODES.has(error.code);
}

/** The one-line form of an error in reports: a stable code and a message, never a stack. */
export function errorInfo(error: unknown): ErrorInfo {
  if (error instanceof PlesioError) return { code: error.code, message: oneLine(error.message) };
  if (error instanceof Error) return { code: 'error', message: oneLine(`${error.name}: ${error.message}`) };
  return { code: 'error', message: oneLine(String(error)) };
}

function oneLine(text: string): string {
  const line = text.replace(/\s*\n\s*/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
