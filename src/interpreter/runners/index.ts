/**
 * One runner per effect type, in one place. `call`, `select` and `put` are inlined in run-effect.ts.
 * A switch rather than an object: a type like `'constructor'` must not find Object.prototype's, and
 * comparing the type with a few constants costs less than a guarded lookup (measured on forks).
 */
import type { Runner } from './runner.js';
import { runFork } from './fork.js';
import { runJoin } from './join.js';
import { runCancel, runCancelled } from './cancel.js';
import { runAll, runRace } from './combinators.js';
import { runDelay } from './delay.js';
import { runRetry } from './retry.js';
import { runGetContext, runSetContext } from './context.js';
import { runExec } from './exec.js';

/** The runner of an effect type, or undefined when no effect has that type. */
export function runnerFor(type: unknown): Runner<any> | undefined {
  switch (type) {
    case 'exec': return runExec;
    case 'fork': return runFork;
    case 'join': return runJoin;
    case 'all': return runAll;
    case 'race': return runRace;
    case 'delay': return runDelay;
    case 'cancel': return runCancel;
    case 'cancelled': return runCancelled;
    case 'retry': return runRetry;
    case 'getContext': return runGetContext;
    case 'setContext': return runSetContext;
    default: return undefined;
  }
}
