/** `delay`: a timer on the run's clock, cleared when cancelled. */
import type { DelayEffect } from '../../effects/time.js';
import { Suspended } from '../run-effect.js';
import type { Runner } from './runner.js';

export const runDelay: Runner<DelayEffect<unknown>> = (task, effect, _id, source) => {
  const settle = source.settler();
  const clear = task.env.clock.setTimeout(() => settle(false, effect.value), effect.ms);
  return new Suspended(clear);
};
