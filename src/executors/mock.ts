/**
 * The mock executor: answers commands from a table or a function, so a saga or a fact can be tested
 * without a host. Re-exported by `plesio/testing`.
 */
import type { CommandResult, ExecOptions, Executor } from '../effects/command.js';
import { closest } from './closest.js';
import { ExecutorClosedError, UnexpectedCommandError } from './errors.js';
import { guardCommand, quoteCommand, stopError, type StopReason } from './guard.js';
import { resolveExecOptions } from './options.js';

/**
 * What the mock answers for one command:
 * - a string: the command's stdout, with exit code 0;
 * - part of a `CommandResult`: the rest defaults to `stdout: ''`, `stderr: ''`, `code: 0`, `signal: null`, `durationMs: 0`;
 * - an `Error`: `exec` rejects with it (use the typed errors, e.g. `new PrivilegeRequiredError(…)`);
 * - a function of the command and its options returning any of these, or a promise of one.
 */
export type MockResponse =
  | string
  | Partial<CommandResult>
  | Error
  | ((command: string, options: ExecOptions) => MockResponse | Promise<MockResponse>);

/**
 * Commands and their answers. A record matches commands exactly; an array or a `Map` may also use
 * regular expressions. Exact matches win; patterns are then tried in order.
 */
export type MockTable =
  | Readonly<Record<string, MockResponse>>
  | ReadonlyArray<readonly [string | RegExp, MockResponse]>
  | ReadonlyMap<string | RegExp, MockResponse>;

/** A function answering every command; `undefined` means "unexpected command". */
export type MockHandler = (command: string, options: ExecOptions) => MockResponse | undefined | Promise<MockResponse | undefined>;

/** One call the mock received, in order, without the abort signal (so it compares as plain data). */
export interface MockCall {
  command: string;
  sudo: boolean;
  timeoutMs: number | undefined;
  maxOutputBytes: number | undefined;
}

/** An executor that answers from a table, and remembers what it was asked. */
export interface MockExecutor extends Executor {
  /** Every `exec` call so far, expected or not, in call order. */
  readonly calls: readonly MockCall[];
  /** True once `close()` was called. */
  readonly closed: boolean;
}

/** Options of the mock executor. */
export interface MockExecutorOptions {
  /** The host name the mock reports and puts in its errors; default `mock`. */
  host?: string;
}

/**
 * Creates an executor that answers commands from a table or a function. An unexpected command rejects
 * with `UnexpectedCommandError`, naming the command and the closest known one. Timeouts, the abort
 * signal and the output cap apply as on a real host, so cancellation can be tested too.
 * @example
 * const host = mockExecutor([
 *   ['uname -s', 'Linux\n'],
 *   [/^cat \/etc\/os-release/, { stdout: 'ID=debian\n' }],
 *   ['cat /etc/shadow', new PrivilegeRequiredError('needs root', { host: 'mock' })],
 *   ['false', { code: 1 }],
 * ]);
 * await host.exec('uname -s'); // => { stdout: 'Linux\n', stderr: '', code: 0, signal: null, durationMs: 0 }
 * host.calls.map((call) => call.command); // => ['uname -s']
 */
export function mockExecutor(answers: MockTable | MockHandler, options: MockExecutorOptions = {}): MockExecutor {
  const host = options.host ?? 'mock';
  const lookup = typeof answers === 'function' ? answers : tableLookup(host, answers);
  const calls: MockCall[] = [];
  let closed = false;

  return {
    host,
    calls,
    get closed() {
      return closed;
    },
    async exec(command: string, execOptions: ExecOptions = {}): Promise<CommandResult> {
      const opts = resolveExecOptions(execOptions, {});
      calls.push({ command, sudo: opts.sudo, timeoutMs: execOptions.timeoutMs, maxOutputBytes: execOptions.maxOutputBytes });
      if (closed) throw new ExecutorClosedError(`${host}: cannot run ${quoteCommand(command)}: the executor is closed`, { host, command });
      let stop: (reason: StopReason) => void = () => undefined;
      const stopped = new Promise<never>((_, reject) => (stop = (reason) => reject(stopError(reason, { host, command, ...opts }))));
      const guard = guardCommand(opts, stop);
      try {
        const answer = await Promise.race([answerFor(lookup, host, command, execOptions), stopped]);
        const bytes = Buffer.byteLength(answer.stdout) + Buffer.byteLength(answer.stderr);
        if (bytes > opts.maxOutputBytes) throw stopError('output', { host, command, ...opts });
        return answer;
      } finally {
        guard.dispose();
      }
    },
    async close(): Promise<void> {
      closed = true;
    },
  };
}

/** Resolves a command to a full result (or throws its error), following function answers. */
async function answerFor(lookup: MockHandler, host: string, command: string, options: ExecOptions): Promise<CommandResult> {
  let answer: MockResponse | undefined = await lookup(command, options);
  while (typeof answer === 'function') answer = await answer(command, options);
  if (answer === undefined) {
    throw new UnexpectedCommandError(`${host}: the mock has no answer for ${quoteCommand(command)}`, { host, command });
  }
  if (answer instanceof Error) throw answer;
  if (typeof answer === 'string') answer = { stdout: answer };
  return { stdout: '', stderr: '', code: 0, signal: null, durationMs: 0, ...answer };
}

/** Turns a table into a handler that rejects unknown commands naming the closest known one. */
function tableLookup(host: string, table: MockTable): MockHandler {
  const entries: ReadonlyArray<readonly [string | RegExp, MockResponse]> =
    Array.isArray(table) ? table : table instanceof Map ? [...table] : Object.entries(table as Record<string, MockResponse>);
  const exact = new Map<string, MockResponse>();
  for (const [key, answer] of entries) if (typeof key === 'string' && !exact.has(key)) exact.set(key, answer);
  const patterns = entries.filter((entry): entry is readonly [RegExp, MockResponse] => entry[0] instanceof RegExp);
  const known = entries.map(([key]) => (typeof key === 'string' ? key : String(key)));
  return (command) => {
    if (exact.has(command)) return exact.get(command);
    // A global or sticky pattern keeps state between tests; reset it so each call matches alike.
    const pattern = patterns.find(([regex]) => ((regex.lastIndex = 0), regex.test(command)));
    if (pattern !== undefined) return pattern[1];
    const near = closest(command, known);
    throw new UnexpectedCommandError(
      `${host}: unexpected command ${quoteCommand(command)}${near === undefined ? ' (the mock table is empty)' : `; the closest known one is ${quoteCommand(near)}`}`,
      near === undefined ? { host, command } : { host, command, closest: near },
    );
  };
}
