/**
 * Shared fixtures for the interpreter tests: a promise settled by hand, a microtask flush, a monitor that
 * records every event, and a fake executor whose commands stay pending until the test answers them.
 */
import type { CommandResult, ExecOptions, Executor } from '../../src/index.js';
import type { Monitor } from '../../src/index.js';

/** A promise with its `resolve` and `reject` exposed. */
export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

/** Makes a promise the test settles by hand. */
export function deferred<T = unknown>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every queued microtask (and the promise chains they start) run. */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A promise that resolves to `value` after `hops` extra microtask hops. */
export function afterMicrotasks<T>(value: T, hops: number): Promise<T> {
  let p = Promise.resolve(value);
  for (let i = 0; i < hops; i++) p = p.then((v) => v);
  return p;
}

/** A successful command result. */
export function ok(stdout: string, code: number | null = 0): CommandResult {
  return { stdout, stderr: '', code, signal: null, durationMs: 1 };
}

/** One monitor event, flattened for easy assertions. */
export type MonitorEvent =
  | { kind: 'taskStarted'; taskId: number; parentId: number | null; forkEffectId: number | null; name: string; detached: boolean }
  | { kind: 'taskEnded'; taskId: number; status: string; result?: unknown; error?: unknown }
  | { kind: 'effectTriggered'; effectId: number; taskId: number; parentEffectId: number | null; type: string }
  | { kind: 'effectResolved'; effectId: number; result: unknown }
  | { kind: 'effectRejected'; effectId: number; error: unknown }
  | { kind: 'effectCancelled'; effectId: number };

/** The events of one kind, typed as such. */
export function eventsOf<K extends MonitorEvent['kind']>(events: readonly MonitorEvent[], kind: K): Array<Extract<MonitorEvent, { kind: K }>> {
  return events.filter((e): e is Extract<MonitorEvent, { kind: K }> => e.kind === kind);
}

/** A monitor recording every event in order. */
export function recordingMonitor(): { monitor: Required<Monitor>; events: MonitorEvent[] } {
  const events: MonitorEvent[] = [];
  const monitor: Required<Monitor> = {
    taskStarted: (e) => { events.push({ kind: 'taskStarted', ...e }); },
    taskEnded: (e) => { events.push({ kind: 'taskEnded', ...e }); },
    effectTriggered: (e) => { events.push({ kind: 'effectTriggered', effectId: e.effectId, taskId: e.taskId, parentEffectId: e.parentEffectId, type: e.effect.type }); },
    effectResolved: (effectId, result) => { events.push({ kind: 'effectResolved', effectId, result }); },
    effectRejected: (effectId, error) => { events.push({ kind: 'effectRejected', effectId, error }); },
    effectCancelled: (effectId) => { events.push({ kind: 'effectCancelled', effectId }); },
  };
  return { monitor, events };
}

/** A command the fake executor received and has not answered yet (or has). */
export interface FakeCommand {
  readonly command: string;
  readonly options: ExecOptions | undefined;
  /** Whether the interpreter aborted the command's signal. */
  aborted(): boolean;
  resolve(result: CommandResult): void;
  reject(error: unknown): void;
}

/** An executor whose commands stay pending until the test resolves them; abort rejects them. */
export interface FakeExecutor extends Executor {
  readonly commands: FakeCommand[];
  /** The pending command with this text (the latest one if it ran several times). */
  find(command: string): FakeCommand;
  closed: number;
}

export function fakeExecutor(host = 'fake'): FakeExecutor {
  const commands: FakeCommand[] = [];
  const executor: FakeExecutor = {
    host,
    commands,
    closed: 0,
    exec(command, options) {
      const d = deferred<CommandResult>();
      let wasAborted = false;
      options?.signal?.addEventListener('abort', () => {
        wasAborted = true;
        d.reject(new Error(`aborted: ${command}`));
      }, { once: true });
      commands.push({ command, options, aborted: () => wasAborted, resolve: d.resolve, reject: d.reject });
      return d.promise;
    },
    find(command) {
      const found = commands.filter((c) => c.command === command).at(-1);
      if (found === undefined) throw new Error(`the fake executor never received ${JSON.stringify(command)}`);
      return found;
    },
    async close() { executor.closed++; },
  };
  return executor;
}
