/** One runner per effect type, in one table. `call`, `select` and `put` are inlined in run-effect.ts. */
import type { Runner } from './runner.js';
import { runFork } from './fork.js';
import { runJoin } from './join.js';
import { runCancel, runCancelled } from './cancel.js';
import { runAll, runRace } from './combinators.js';
import { runDelay } from './delay.js';
import { runRetry } from './retry.js';
import { runGetContext, runSetContext } from './context.js';
import { runExec } from './exec.js';

export const runners: Readonly<Record<string, Runner<any>>> = {
  fork: runFork,
  join: runJoin,
  cancel: runCancel,
  cancelled: runCancelled,
  all: runAll,
  race: runRace,
  delay: runDelay,
  retry: runRetry,
  getContext: runGetContext,
  setContext: runSetContext,
  exec: runExec,
};
