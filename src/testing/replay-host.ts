/**
 * `replayHost`: a whole scan of a recorded host (`plesio scan --record`, `recordExecutor`) with
 * plugins loaded, offline — the built-in facts from the recording, a plugin's commands from the
 * recording too or from answers the test adds.
 */
import type { CommandResult, ExecOptions, Executor } from '../effects/command.js';
import { UnexpectedCommandError } from '../executors/errors.js';
import { readFixture, type Fixture } from '../executors/fixture.js';
import { mockExecutor, type MockTable } from '../executors/mock.js';
import { replayExecutor } from '../executors/replay.js';
import type { Plugin, PluginDefinition } from '../hosts/plugin.js';
import type { HostReport } from '../hosts/report.js';
import { scanHost } from '../hosts/scan.js';

/** How `replayHost` scans the recording. */
export interface ReplayHostOptions {
  /** The plugins to load besides the built-in ones. */
  readonly plugins?: readonly (Plugin | PluginDefinition)[];
  /** Answers for commands the recording lacks (a plugin's), tried before the recording. */
  readonly commands?: MockTable;
  /** Only these facts, as `--facts`. */
  readonly facts?: readonly string[];
  /** Allow `sudo -n`, as `--sudo` (the recording must hold the sudo runs). */
  readonly sudo?: boolean;
}

/**
 * Scans a recorded host with plugins loaded and resolves with its report. A command neither the
 * recording nor `commands` answers fails its fact with `unexpected-command`, naming the closest one.
 * @example
 * const report = await replayHost('test/fixtures/scans/debian12.json', { plugins: [acme], commands: { 'date +%Z': 'UTC\n' } });
 * expect(report.facts.timezone).toBe('UTC');
 */
export async function replayHost(recording: string | Fixture, options: ReplayHostOptions = {}): Promise<HostReport> {
  const fixture = typeof recording === 'string' ? await readFixture(recording) : recording;
  const replay = replayExecutor(fixture, typeof recording === 'string' ? { source: recording } : {});
  const executor = options.commands === undefined ? replay : overlay(mockExecutor(options.commands, { host: replay.host }), replay);
  try {
    return await scanHost({
      executor,
      ...(options.plugins !== undefined && { plugins: options.plugins }),
      ...(options.facts !== undefined && { facts: options.facts }),
      ...(options.sudo !== undefined && { sudo: options.sudo }),
    });
  } finally {
    await executor.close();
  }
}

/** Asks `first`, and `second` for what `first` does not know. */
function overlay(first: Executor, second: Executor): Executor {
  return {
    host: second.host,
    async exec(command: string, options?: ExecOptions): Promise<CommandResult> {
      try {
        return await first.exec(command, options);
      } catch (error) {
        if (error instanceof UnexpectedCommandError) return second.exec(command, options);
        throw error;
      }
    },
    close: async () => { await Promise.all([first.close(), second.close()]); },
  };
}
