/**
 * Each command at most once per host scan: facts that read the same command (`dmidecode` for `device`
 * and `installed_memory_in_MB`, `zonename` for `zonename` and `interfaces`) share one run of it. The
 * sharing sits below the sagas, so every fact still yields its own plain `exec` — steppable, and named
 * as its fact's source — and a plugin's saga shares commands with the built-ins without knowing them.
 */
import type { CommandResult, ExecOptions, Executor } from '../effects/command.js';
import { AbortedError } from '../executors/errors.js';

interface Shared {
  readonly promise: Promise<CommandResult>;
  readonly controller: AbortController;
  /** Callers still waiting; when the last one is cancelled, the command is stopped and forgotten. */
  waiting: number;
  settled: boolean;
}

/**
 * Wraps an executor so that a command asked again (same text, same `sudo`, same output cap) gets the
 * first run's result instead of running again; the first caller's timeout applies. A caller cancelled
 * while others wait leaves the command running for them. Use it for one scan, not for sagas that mean
 * to run a command twice (polling).
 * @example
 * const task = run({ executor: memoExecutor(sshExecutor('web1')) }, scanHostSaga, { sudo: false, timeoutMs: 30_000 });
 */
export function memoExecutor(inner: Executor): Executor {
  const runs = new Map<string, Shared>();
  return {
    host: inner.host,
    exec(command: string, options: ExecOptions = {}): Promise<CommandResult> {
      const { signal, ...rest } = options;
      if (signal?.aborted === true) return Promise.reject(aborted(command));
      const key = `${rest.sudo === true ? 'sudo' : ''}\0${rest.maxOutputBytes ?? ''}\0${command}`;
      let run = runs.get(key);
      if (run === undefined) {
        const controller = new AbortController();
        let promise: Promise<CommandResult>;
        try {
          promise = inner.exec(command, { ...rest, signal: controller.signal });
        } catch (error) {
          promise = Promise.reject(error);
        }
        const created: Shared = { promise, controller, waiting: 0, settled: false };
        promise.then(() => { created.settled = true; }, () => { created.settled = true; });
        runs.set(key, created);
        run = created;
      }
      return follow(run, () => { if (runs.get(key) === run) runs.delete(key); }, command, signal);
    },
    close: () => inner.close(),
  };

  function aborted(command: string): AbortedError {
    return new AbortedError(`${inner.host}: ${JSON.stringify(command).slice(0, 120)} was aborted`, { host: inner.host, command });
  }

  /** One caller's view of a shared run: its own abort ends only its own wait. */
  function follow(run: Shared, forget: () => void, command: string, signal: AbortSignal | undefined): Promise<CommandResult> {
    run.waiting++;
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        run.waiting--;
        if (run.waiting === 0 && !run.settled) {
          forget();
          run.controller.abort();
        }
        reject(aborted(command));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      run.promise.then(
        (result) => { signal?.removeEventListener('abort', onAbort); resolve(result); },
        (error: unknown) => { signal?.removeEventListener('abort', onAbort); reject(error); },
      );
    });
  }
}
