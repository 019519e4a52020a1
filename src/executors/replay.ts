/**
 * The replay executor: serves a recorded fixture, so a real host's scan runs offline and gives the same
 * facts. A command asked for more often than it was recorded gets its last recorded outcome again.
 */
import type { CommandResult, ExecOptions, Executor } from '../effects/command.js';
import { closest } from './closest.js';
import { ExecutorClosedError, reviveError, UnexpectedCommandError } from './errors.js';
import { decodeResult, readFixture, type Fixture, type FixtureEntry } from './fixture.js';
import { abortedError, quoteCommand } from './guard.js';

/** Options of the replay executor. */
export interface ReplayOptions {
  /** The host name to report; default the fixture's. */
  host?: string;
  /** Where the fixture came from, for error messages. */
  source?: string;
}

/**
 * Creates an executor that answers from a fixture, in recorded order per command (and `sudo` flag).
 * An unrecorded command rejects with `UnexpectedCommandError` naming the closest recorded one.
 * @example
 * const host = replayExecutor(await readFixture('test/fixtures/hosts/debian12.json'));
 * const { stdout } = await host.exec('uname -s');
 */
export function replayExecutor(fixture: Fixture, options: ReplayOptions = {}): Executor {
  const host = options.host ?? fixture.host;
  const source = options.source ?? `the fixture of ${fixture.host}`;
  // Per command, the outcomes still to serve; the last one stays, to be served again.
  const queues = new Map<string, FixtureEntry[]>();
  for (const entry of fixture.entries) {
    const k = key(entry.command, entry.sudo);
    queues.set(k, [...(queues.get(k) ?? []), entry]);
  }
  let closed = false;

  return {
    host,
    async exec(command: string, execOptions?: ExecOptions): Promise<CommandResult> {
      if (closed) throw new ExecutorClosedError(`${host}: cannot run ${quoteCommand(command)}: the executor is closed`, { host, command });
      if (execOptions?.signal?.aborted) throw abortedError(host, command);
      const sudo = execOptions?.sudo === true;
      const queue = queues.get(key(command, sudo));
      if (queue === undefined) {
        const near = closest(key(command, sudo), queues.keys());
        throw new UnexpectedCommandError(
          `${host}: ${sudo ? 'sudo ' : ''}${quoteCommand(command)} is not recorded in ${source}${near === undefined ? '' : `; the closest recorded one is ${near}`}`,
          near === undefined ? { host, command } : { host, command, closest: near },
        );
      }
      const entry = queue.length > 1 ? queue.shift()! : queue[0]!;
      if (entry.error !== undefined) throw reviveError(entry.error, { host, command });
      return decodeResult(entry.result!);
    },
    async close(): Promise<void> {
      closed = true;
    },
  };
}

/**
 * Reads a fixture file and creates a replay executor for it.
 * @example
 * const host = await replayFile('test/fixtures/hosts/debian12.json');
 */
export async function replayFile(file: string, options: Omit<ReplayOptions, 'source'> = {}): Promise<Executor> {
  return replayExecutor(await readFixture(file), { ...options, source: file });
}

function key(command: string, sudo: boolean): string {
  return sudo ? `sudo ${JSON.stringify(command)}` : JSON.stringify(command);
}
