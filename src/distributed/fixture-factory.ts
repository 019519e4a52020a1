/**
 * A fleet made of one recorded host, for tests and benchmarks of distributed mode: every job's host is
 * served from the same fixture under the job's label, optionally `delayMs` late on every command, so a
 * fleet of slow hosts (100 ms per command) costs no real network and no real machine.
 */
import type { CommandResult, ExecOptions, Executor } from '../effects/command.js';
import { AbortedError, replayExecutor, type Fixture } from '../executors/index.js';
import type { ExecutorFactory } from '../fleet/options.js';
import type { ScanJob } from './jobs.js';

/** Options of `fixtureExecutorFactory`. */
export interface FixtureFleetOptions {
  /** Added before every command's answer (default 0). */
  delayMs?: number;
}

/**
 * Serves every job's host from `fixture`, relabelled with the job's label.
 * @example
 * const factory = fixtureExecutorFactory(await readFixture('debian12.json'), { delayMs: 100 });
 * const worker = await startWorker({ redis, executorFactory: factory });
 */
export function fixtureExecutorFactory(fixture: Fixture, options: FixtureFleetOptions = {}): ExecutorFactory<ScanJob> {
  const delayMs = options.delayMs ?? 0;
  return (job) => {
    const replay = replayExecutor(fixture, { host: job.target.label, source: `the fleet fixture of ${fixture.host}` });
    return delayMs > 0 ? delayedExecutor(replay, delayMs) : replay;
  };
}

/**
 * Wraps an executor so every command answers `delayMs` later; an abort during the wait rejects with
 * `AbortedError`, as a real command would.
 * @example
 * const slow = delayedExecutor(localExecutor(), 100);
 */
export function delayedExecutor(inner: Executor, delayMs: number): Executor {
  return {
    host: inner.host,
    async exec(command: string, execOptions?: ExecOptions): Promise<CommandResult> {
      await wait(delayMs, execOptions?.signal, () => new AbortedError(`${inner.host}: ${JSON.stringify(command)} was aborted`, { host: inner.host, command }));
      return inner.exec(command, execOptions);
    },
    close: () => inner.close(),
  };
}

function wait(ms: number, signal: AbortSignal | undefined, aborted: () => Error): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) return reject(aborted());
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(aborted());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
