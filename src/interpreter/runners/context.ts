/** `getContext`/`setContext`: a task's context inherits from its parent's, copy-on-write. */
import type { GetContextEffect, SetContextEffect } from '../../effects/context.js';
import type { Runner } from './runner.js';

export const runGetContext: Runner<GetContextEffect> = (task, effect) => task.context[effect.key];

export const runSetContext: Runner<SetContextEffect> = (task, effect) => {
  if (!task.ownContext) {
    // Parent values stay visible through the prototype; own writes never reach the parent.
    task.context = Object.create(task.context) as Record<string, unknown>;
    task.ownContext = true;
  }
  Object.assign(task.context, effect.props);
  return undefined;
};
