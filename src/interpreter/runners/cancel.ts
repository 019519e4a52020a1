/** `cancel(task)` and `cancelled()`. */
import type { CancelEffect, CancelledEffect } from '../../effects/task-control.js';
import type { TaskImpl } from '../task.js';
import type { Runner } from './runner.js';

export const runCancel: Runner<CancelEffect> = (task, effect) => {
  // Cancelling oneself takes effect once this effect returns: the loop sees the pending interrupt.
  const target = effect.task;
  if (target === 'self') task.cancel();
  else if (Array.isArray(target)) for (const t of target as readonly TaskImpl[]) t.cancel();
  else (target as TaskImpl).cancel();
  return undefined;
};

export const runCancelled: Runner<CancelledEffect> = (task) => task.isInterrupted();
