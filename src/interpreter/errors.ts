/**
 * Errors of the interpreter itself, and the saga trace every error gathers on its way up the task tree:
 * which sagas, and which effect, led to it.
 */
import { PlesioError } from '../errors.js';
import { formatEffect } from '../effects/describe.js';

/** A `join`ed task (or a `toPromise()`) ended by cancellation rather than by a result. */
export class TaskCancelledError extends PlesioError {
  readonly taskName: string;
  constructor(taskName: string) {
    super('cancelled', `task ${taskName} was cancelled`);
    this.taskName = taskName;
  }
}

/** A saga yielded something the interpreter cannot run. */
export class InvalidEffectError extends PlesioError {
  constructor(message: string) {
    super('invalid-effect', message);
  }
}

/** One step of a saga trace, innermost first. */
export interface SagaTraceFrame {
  /** The saga (task) name. */
  readonly saga: string;
  readonly taskId: number;
  /** The effect the saga was at, in one line, e.g. `exec("uname -a")`. */
  readonly effect: string | null;
}

const TRACE = Symbol.for('plesio.sagaTrace');

/** The saga trace an error gathered, innermost frame first; empty for errors that never crossed a saga. */
export function sagaTrace(error: unknown): readonly SagaTraceFrame[] {
  if (typeof error !== 'object' || error === null) return [];
  return ((error as Record<symbol, SagaTraceFrame[] | undefined>)[TRACE]) ?? [];
}

/** Adds a frame to an error's saga trace (errors that are not objects carry none). */
export function addTraceFrame(error: unknown, saga: string, taskId: number, effect: object | null): void {
  if (typeof error !== 'object' || error === null || Object.isFrozen(error)) return;
  let frames = (error as Record<symbol, SagaTraceFrame[] | undefined>)[TRACE];
  if (frames === undefined) {
    frames = [];
    Object.defineProperty(error, TRACE, { value: frames, enumerable: false, configurable: true });
  }
  // A frame per task: an error rethrown through the same task (a join, a retry) is not listed twice.
  if (frames.some((f) => f.taskId === taskId)) return;
  frames.push({ saga, taskId, effect: effect === null ? null : safeFormat(effect) });
}

function safeFormat(effect: object): string {
  try { return formatEffect(effect); } catch { return '(unprintable effect)'; }
}

/**
 * Formats the message and saga trace of an error, e.g.
 * `Error: boom\n    at exec("hostid") in gatherHostid (task 3)\n    in scanHost (task 1)`.
 */
export function formatSagaTrace(error: unknown): string {
  const head = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const lines = sagaTrace(error).map((f) => (f.effect === null ? `    in ${f.saga} (task ${f.taskId})` : `    at ${f.effect} in ${f.saga} (task ${f.taskId})`));
  return [head, ...lines].join('\n');
}
