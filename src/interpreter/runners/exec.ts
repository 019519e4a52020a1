/**
 * `exec`: hands the command to the run's executor with an `AbortSignal` that fires when the effect is
 * cancelled (so an SSH channel or a child process is closed, not just forgotten).
 */
import type { ExecEffect } from '../../effects/exec.js';
import type { CommandResult } from '../../effects/command.js';
import { PlesioError } from '../../errors.js';
import { Suspended } from '../run-effect.js';
import type { Runner } from './runner.js';

/** An `exec` ran in a run that has no executor. */
export class NoExecutorError extends PlesioError {
  constructor(command: string) {
    super('no-executor', `exec(${JSON.stringify(command)}): this run has no executor; pass run({ executor }, saga)`);
  }
}

export const runExec: Runner<ExecEffect> = (task, effect, effectId, source) => {
  const executor = task.env.executor;
  if (executor === null) throw new NoExecutorError(effect.command);
  const controller = new AbortController();
  const settle = source.settler();
  let p: Promise<CommandResult>;
  try {
    p = executor.exec(effect.command, { ...effect.options, signal: controller.signal });
  } catch (e) {
    // An executor that throws instead of rejecting still fails only this effect.
    p = Promise.reject(e);
  }
  p.then(
    (result) => {
      if (!controller.signal.aborted) task.cause = { effectId, command: effect.command };
      settle(false, result);
    },
    (error) => settle(true, error),
  );
  return new Suspended(() => controller.abort());
};
