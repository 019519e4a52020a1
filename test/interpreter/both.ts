/**
 * Runs one saga on plesio and on redux-saga (a devDependency), written once against a kit of effect
 * creators, so a test can say "as in redux-saga" and check it against redux-saga itself.
 */
import { runSaga, stdChannel, type Task as ReduxTask } from 'redux-saga';
import * as rse from 'redux-saga/effects';
import * as plesio from '../../src/index.js';

/** How a task ended, in terms both interpreters share. */
export type Outcome = { status: 'done'; value: unknown } | { status: 'failed'; error: unknown } | { status: 'cancelled' };

/** What a test sees of a task of either interpreter. */
export interface AnyTask {
  isRunning(): boolean;
  isCancelled(): boolean;
  isAborted(): boolean;
  result(): unknown;
  error(): unknown;
  cancel(): void;
}

/** A run's root task and what the run told `onError`. */
export interface BothRun {
  task: AnyTask;
  heard: unknown[];
  /** Settles once the root ended (never rejects). */
  ended: Promise<Outcome>;
}

/** The effect creators both interpreters have, under their common names, and a way to run a saga. */
export interface Kit {
  name: 'plesio' | 'redux-saga';
  call: (...a: any[]) => any;
  fork: (...a: any[]) => any;
  spawn: (...a: any[]) => any;
  join: (...a: any[]) => any;
  cancel: (...a: any[]) => any;
  cancelled: () => any;
  delay: (ms: number, value?: unknown) => any;
  all: (effects: any) => any;
  race: (effects: any) => any;
  retry: (...a: any[]) => any;
  getContext: (key: string) => any;
  setContext: (props: Record<string, unknown>) => any;
  /** Runs `saga(...args)` with an `onError` that records; plesio in lenient mode when asked. */
  run(saga: (...a: any[]) => Generator<any, any, any>, ...args: unknown[]): BothRun;
  runLenient(saga: (...a: any[]) => Generator<any, any, any>, ...args: unknown[]): BothRun;
}

function plesioRun(lenient: boolean, saga: (...a: any[]) => Generator<any, any, any>, args: unknown[]): BothRun {
  const heard: unknown[] = [];
  const task = plesio.run({ lenient, onError: (e) => void heard.push(e) }, saga as plesio.Fn, ...args);
  const ended = task.toPromise().then(
    (value): Outcome => ({ status: 'done', value }),
    (error: unknown): Outcome => (error instanceof plesio.TaskCancelledError && task.isCancelled() ? { status: 'cancelled' } : { status: 'failed', error }),
  );
  return { task, heard, ended };
}

function reduxRun(saga: (...a: any[]) => Generator<any, any, any>, args: unknown[]): BothRun {
  const heard: unknown[] = [];
  const task: ReduxTask = runSaga({ channel: stdChannel(), dispatch: () => {}, getState: () => ({}), onError: (e) => void heard.push(e) }, saga, ...args);
  // A cancelled redux-saga task resolves its promise (with TASK_CANCEL) rather than rejecting it.
  const ended = task.toPromise().then(
    (value): Outcome => (task.isCancelled() ? { status: 'cancelled' } : { status: 'done', value }),
    (error: unknown): Outcome => ({ status: 'failed', error }),
  );
  // isAborted() exists at run time, but redux-saga's type declarations leave it out.
  return { task: task as ReduxTask & { isAborted(): boolean }, heard, ended };
}

export const plesioKit: Kit = {
  name: 'plesio',
  call: plesio.call, fork: plesio.fork, spawn: plesio.spawn, join: plesio.join, cancel: plesio.cancel, cancelled: plesio.cancelled,
  delay: plesio.delay, all: plesio.all, race: plesio.race, retry: plesio.retry, getContext: plesio.getContext, setContext: plesio.setContext,
  run: (saga, ...args) => plesioRun(false, saga, args),
  runLenient: (saga, ...args) => plesioRun(true, saga, args),
};

export const reduxKit: Kit = {
  name: 'redux-saga',
  call: rse.call, fork: rse.fork, spawn: rse.spawn, join: rse.join, cancel: rse.cancel, cancelled: rse.cancelled,
  delay: rse.delay, all: rse.all, race: rse.race, retry: rse.retry, getContext: rse.getContext, setContext: rse.setContext,
  run: (saga, ...args) => reduxRun(saga, args),
  // redux-saga is always lenient.
  runLenient: (saga, ...args) => reduxRun(saga, args),
};

export const kits: readonly Kit[] = [plesioKit, reduxKit];
