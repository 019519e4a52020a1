/**
 * The typed errors executors reject with. Each has a stable `code`, the host, and a one-line message a
 * person can act on; `reviveError` rebuilds one from its JSON form, so a replayed fixture fails the same
 * way the recorded host did.
 */
import { PlesioError } from '../errors.js';

/** What every executor error may carry besides its message. */
export interface ExecutorErrorOptions {
  host?: string;
  /** The command being run, when the error is about one. */
  command?: string;
  cause?: unknown;
}

/** The base of errors about one command: adds the command text. */
export class CommandError extends PlesioError {
  /** The command as the saga asked for it (before any `sudo -n` wrapping). */
  readonly command: string | undefined;

  constructor(code: string, message: string, options: ExecutorErrorOptions = {}) {
    super(code, message, options);
    this.command = options.command;
  }
}

/** How a connection failed before the SSH handshake; also the error's `code`. */
export type ConnectErrorCode = 'refused' | 'unreachable' | 'dns' | 'connect-timeout' | 'channel-refused';

/**
 * The host could not be reached: refused, unreachable, unknown name, no answer in time, or (for
 * `channel-refused`, which names the command) connected but every session channel was refused.
 */
export class ConnectError extends CommandError {
  declare readonly code: ConnectErrorCode;

  constructor(code: ConnectErrorCode, message: string, options: ExecutorErrorOptions = {}) {
    super(code, message, options);
  }
}

/** Every authentication method (agent, identity files, password) was tried and refused. */
export class AuthError extends PlesioError {
  constructor(message: string, options: ExecutorErrorOptions = {}) {
    super('auth', message, options);
  }
}

/** The host's key is not in known_hosts and the policy is strict. */
export class HostKeyUnknownError extends PlesioError {
  constructor(message: string, options: ExecutorErrorOptions = {}) {
    super('host-key-unknown', message, options);
  }
}

/** The host offered a key that differs from (or was revoked in) known_hosts; no credential was sent. */
export class HostKeyMismatchError extends PlesioError {
  constructor(message: string, options: ExecutorErrorOptions = {}) {
    super('host-key-mismatch', message, options);
  }
}

/** The command ran past its `timeoutMs` and was stopped. */
export class CommandTimeoutError extends CommandError {
  constructor(message: string, options: ExecutorErrorOptions = {}) {
    super('timeout', message, options);
  }
}

/**
 * The command never started within the executor's `startTimeoutMs`: it waited for a session shell (a
 * login shell and its rc files), for a free slot, or for the server to answer the request to start it.
 * The message says which; the command's own timeout had not begun.
 */
export class StartTimeoutError extends CommandError {
  constructor(message: string, options: ExecutorErrorOptions = {}) {
    super('start-timeout', message, options);
  }
}

/** The connection dropped (network, keepalive, server exit) while it was in use. */
export class ConnectionLostError extends CommandError {
  constructor(message: string, options: ExecutorErrorOptions = {}) {
    super('connection-lost', message, options);
  }
}

/** The command wrote more than `maxOutputBytes` (stdout + stderr) and was stopped. */
export class OutputTooLargeError extends CommandError {
  constructor(message: string, options: ExecutorErrorOptions = {}) {
    super('output-too-large', message, options);
  }
}

/**
 * `sudo -n` refused to run the command (password needed, not in sudoers, sudo missing).
 * @example
 * try {
 *   await host.exec('dmidecode -t system', { sudo: true });
 * } catch (error) {
 *   if (error instanceof PrivilegeRequiredError) return { needsRoot: true };
 *   throw error;
 * }
 */
export class PrivilegeRequiredError extends CommandError {
  constructor(message: string, options: ExecutorErrorOptions = {}) {
    super('privilege-required', message, options);
  }
}

/** The caller's `AbortSignal` fired; the command was stopped. */
export class AbortedError extends CommandError {
  constructor(message: string, options: ExecutorErrorOptions = {}) {
    super('aborted', message, options);
  }
}

/** A mock or a replay was asked for a command it does not know. */
export class UnexpectedCommandError extends CommandError {
  /** The known command nearest to the one asked for, by edit distance. */
  readonly closest: string | undefined;

  constructor(message: string, options: ExecutorErrorOptions & { closest?: string } = {}) {
    super('unexpected-command', message, options);
    this.closest = options.closest;
  }
}

/** `exec` was called after `close()`. */
export class ExecutorClosedError extends CommandError {
  constructor(message: string, options: ExecutorErrorOptions = {}) {
    super('closed', message, options);
  }
}

/** A file plesio reads (known_hosts, a fixture, a secret) is malformed; names the file and the line. */
export class FileFormatError extends PlesioError {
  readonly file: string;
  readonly line: number | undefined;

  constructor(file: string, line: number | undefined, problem: string, options: { cause?: unknown } = {}) {
    super('file-format', `${file}${line === undefined ? '' : `:${line}`}: ${problem}`, options);
    this.file = file;
    this.line = line;
  }
}

type Reviver = (message: string, options: ExecutorErrorOptions) => PlesioError;

const REVIVERS: Record<string, Reviver> = {
  auth: (m, o) => new AuthError(m, o),
  'host-key-unknown': (m, o) => new HostKeyUnknownError(m, o),
  'host-key-mismatch': (m, o) => new HostKeyMismatchError(m, o),
  timeout: (m, o) => new CommandTimeoutError(m, o),
  'start-timeout': (m, o) => new StartTimeoutError(m, o),
  'connection-lost': (m, o) => new ConnectionLostError(m, o),
  'output-too-large': (m, o) => new OutputTooLargeError(m, o),
  'privilege-required': (m, o) => new PrivilegeRequiredError(m, o),
  aborted: (m, o) => new AbortedError(m, o),
  'unexpected-command': (m, o) => new UnexpectedCommandError(m, o),
  closed: (m, o) => new ExecutorClosedError(m, o),
};
for (const code of ['refused', 'unreachable', 'dns', 'connect-timeout', 'channel-refused'] as const) {
  REVIVERS[code] = (m, o) => new ConnectError(code, m, o);
}

/**
 * Rebuilds an error from its recorded code and message, as the matching class (a plain `PlesioError` for
 * a code this version does not know).
 * @example
 * reviveError({ code: 'timeout', message: 'sleep 9 timed out' }, { host: 'web1' }) instanceof CommandTimeoutError // => true
 */
export function reviveError(recorded: { code: string; message: string }, options: ExecutorErrorOptions = {}): PlesioError {
  const revive = REVIVERS[recorded.code];
  return revive === undefined ? new PlesioError(recorded.code, recorded.message, options) : revive(recorded.message, options);
}
