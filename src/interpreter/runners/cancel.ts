/** `cancel(task)` and `cancelled()`. */
import type { CancelEffect, CancelledEffect } from '../../effects/task-control.js';
import type { TaskImpl } from '../task.js';
import type { Runner } from './runner.js';

export const runCancel: Runner<CancelEffect> = (task, effect) => {
  // Cancelling oneself takes effect once this effect returns: the loop sees the pending interrupt.
  (effect.task === 'self' ? task : (effect.task as TaskImpl)).cancel();
  return undefined;
};

export const runCancelled: Runner<CancelledEffect> = (task) => task.isCancelling();
