/**
 * `runFact`: one fact, run by the real interpreter and the real fact runner against a table of
 * commands and their outputs — the test a plugin author writes first. `factContext` makes the context
 * to step a fact's saga by hand.
 */
import type { Executor } from '../effects/command.js';
import { run } from '../interpreter/run.js';
import { mockExecutor, type MockCall, type MockHandler, type MockTable } from '../executors/mock.js';
import type { Fact, FactContext } from '../hosts/define-fact.js';
import { gatherFact } from '../hosts/gather.js';
import { memoExecutor } from '../hosts/memo-executor.js';
import type { OsFamily } from '../hosts/os-family.js';
import { keysOf } from '../hosts/plugin.js';
import type { ErrorInfo } from '../hosts/report.js';
import { sourcesOf } from '../hosts/sources.js';

/** How `runFact` runs a fact. */
export interface RunFactOptions {
  /** The commands the host answers: `{ 'date +%Z': 'UTC\n' }` (see `mockExecutor`); an unlisted command fails the fact. */
  readonly commands?: MockTable | MockHandler;
  /** An executor instead of `commands` (a replay, a local executor...). */
  readonly executor?: Executor;
  /** The host's family; default the first of the fact's systems. */
  readonly os?: OsFamily;
  /** Allow `sudo -n` (default false). */
  readonly sudo?: boolean;
  /** The per-command timeout (default 30 000 ms). */
  readonly timeoutMs?: number;
  /** Facts already gathered, for a fact that reads them (its `needs`). */
  readonly state?: Readonly<Record<string, unknown>>;
  /** The plugin name its errors name (default `test`). */
  readonly plugin?: string;
}

/** What a fact did. */
export interface FactRun<T> {
  /** Its value (a fact with keys: the object of its keys), or undefined when it failed or put nothing. */
  readonly value: T | undefined;
  /** Its error as reports show it (`{ code, message }`), or undefined. */
  readonly error: ErrorInfo | undefined;
  /** The whole final state, `errors` and `sources` included. */
  readonly state: Readonly<Record<string, unknown>>;
  /** For each key it wrote, the command it came from. */
  readonly sources: Readonly<Record<string, string>>;
  /** The commands the host was asked, once each (when run with `commands`). */
  readonly calls: readonly MockCall[];
}

/**
 * The context a fact's parser and saga are given, with defaults for what is not said: `sudo` false,
 * `timeoutMs` 30 000.
 * @example
 * const gen = nginx.saga(factContext({ os: 'linux' }));
 * expect(gen.next().value).toEqual(exec('nginx -v 2>&1'));
 */
export function factContext(context: Partial<FactContext> & { os: OsFamily }): FactContext {
  return { sudo: false, timeoutMs: 30_000, ...context };
}

/**
 * Runs one fact as a scan runs it (its timeout, its `sudo`, its error under `errors`), against a table
 * of commands, and resolves with its value, its error, its sources and the commands it ran.
 * @example
 * const { value, calls } = await runFact(timezone, { commands: { 'date +%Z': 'CET\n' } });
 * expect(value).toBe('CET');
 */
export async function runFact<T>(fact: Fact<T>, options: RunFactOptions = {}): Promise<FactRun<T>> {
  const mock = options.executor === undefined ? mockExecutor(options.commands ?? {}) : undefined;
  const ctx = factContext({ os: options.os ?? fact.os[0]!, ...(options.sudo !== undefined && { sudo: options.sudo }), ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }) });
  const task = run({ executor: memoExecutor(options.executor ?? mock!), state: { ...options.state } }, gatherFact, { plugin: options.plugin ?? 'test', fact }, ctx);
  await task.toPromise();
  const state = task.state() as Record<string, unknown>;
  const provenance = task.provenance();
  const keys = keysOf(fact);
  // Only what this run put: the given state may hold the same keys.
  const written = Object.fromEntries(keys.filter((k) => k in provenance && k in state).map((k) => [k, state[k]]));
  const error = (state['errors'] as Record<string, ErrorInfo> | undefined)?.[fact.name];
  const value = error !== undefined ? undefined : keys.length === 1 ? written[fact.name] : Object.keys(written).length > 0 ? written : undefined;
  return {
    value: value as T | undefined,
    error,
    state,
    sources: sourcesOf(written, (state['sources'] ?? {}) as Record<string, string>, provenance),
    calls: mock?.calls ?? [],
  };
}
