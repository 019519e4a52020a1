/**
 * The command effect's data types, shared by the interpreter (which passes them through) and the
 * executors (which implement them). Plain types only: an executor is pluggable, the descriptor is not.
 */

/** What an `exec` asks of the executor beyond the command text. */
export interface CommandOptions {
  /** Kill the command after this many milliseconds (executor default when absent). */
  timeoutMs?: number;
  /** Stop the command with `OutputTooLargeError` past this many bytes of stdout + stderr. */
  maxOutputBytes?: number;
  /** Run through `sudo -n`; a refusal is reported as `PrivilegeRequiredError`. */
  sudo?: boolean;
}

/** Options an executor receives: the effect's options plus the interpreter's abort signal. */
export interface ExecOptions extends CommandOptions {
  /** Aborted when the effect is cancelled; the executor must stop the command (close the channel). */
  signal?: AbortSignal;
}

/** The outcome of one command. A non-zero exit is a result, not an exception. */
export interface CommandResult {
  stdout: string;
  stderr: string;
  /** Exit status, or `null` when the command ended through a signal or without a status. */
  code: number | null;
  /** Signal name without the `SIG` prefix (`TERM`, `KILL`), or `null`. */
  signal: string | null;
  durationMs: number;
}

/** A backend that runs commands on one host: ssh2, the local machine, a mock, a replay. */
export interface Executor {
  /** The host this executor talks to, for error messages and outputs. */
  readonly host: string;
  /** Runs `command`; resolves to its result or rejects with a typed `PlesioError`. */
  exec(command: string, options?: ExecOptions): Promise<CommandResult>;
  /** Releases every socket, channel, timer and listener. Safe to call twice. */
  close(): Promise<void>;
}
