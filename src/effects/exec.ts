/** `exec`: the command effect. The descriptor says what to run; the run's executor decides how. */
import { Effect } from './effect.js';
import type { CommandOptions, CommandResult } from './command.js';

/** Descriptor of `exec(command, options)`. */
export class ExecEffect extends Effect<CommandResult> {
  readonly type = 'exec' as const;
  constructor(readonly command: string, readonly options: CommandOptions) { super(); }
}

/**
 * Runs a shell command on the run's host through its executor (ssh2, local, mock or replay) and
 * resumes with its `CommandResult`; a non-zero exit is a result, not an error.
 * @example
 * const out = yield* exec('uname -a');
 * const dmi = yield* exec('dmidecode -t system', { sudo: true, timeoutMs: 10_000 });
 */
export function exec(command: string, options: CommandOptions = {}): ExecEffect {
  if (typeof command !== 'string' || command.length === 0) {
    throw new TypeError(`exec(command, options): argument command must be a non-empty string, received ${JSON.stringify(command)}`);
  }
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`exec('${command}', options): argument options must be an object, received ${options === null ? 'null' : typeof options}`);
  }
  if (options.timeoutMs !== undefined && !(options.timeoutMs > 0)) {
    throw new RangeError(`exec('${command}', options): options.timeoutMs must be > 0, received ${options.timeoutMs}`);
  }
  if (options.maxOutputBytes !== undefined && !(options.maxOutputBytes > 0)) {
    throw new RangeError(`exec('${command}', options): options.maxOutputBytes must be > 0, received ${options.maxOutputBytes}`);
  }
  return new ExecEffect(command, options);
}
