/** `fork`/`spawn`: start a child task and resume at once with its handle. */
import type { ForkEffect } from '../../effects/fork.js';
import { TaskKind } from '../task.js';
import { startTask } from '../start.js';
import type { Runner } from './runner.js';

export const runFork: Runner<ForkEffect> = (task, effect, effectId) => {
  const fn = typeof effect.fn === 'string' ? (effect.context as Record<string, (...a: unknown[]) => unknown>)[effect.fn]! : effect.fn;
  // A detached task has no parent link for errors or waiting, but keeps the context it was started in.
  return startTask(task.env, task, effect.context, fn, effect.args, effect.detached ? TaskKind.Spawned : TaskKind.Forked, effectId);
};
