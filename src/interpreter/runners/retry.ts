/** `retry`: a small saga of calls and delays, run as a sub-task, so cancellation reaches either. */
import type { RetryEffect } from '../../effects/time.js';
import { CallEffect } from '../../effects/call.js';
import { DelayEffect } from '../../effects/time.js';
import { fnName } from '../../effects/describe.js';
import { settleCallResult } from '../run-effect.js';
import type { Runner } from './runner.js';

function* attempts(effect: RetryEffect): Generator<unknown, unknown, unknown> {
  for (let attempt = 1; ; attempt++) {
    try {
      return yield new CallEffect(effect.context, effect.fn, effect.args);
    } catch (e) {
      if (attempt >= effect.maxTries) throw e;
    }
    yield new DelayEffect(effect.delayMs, true);
  }
}

export const runRetry: Runner<RetryEffect> = (task, effect, effectId, source) =>
  settleCallResult(task, attempts(effect), effectId, source, null, `retry(${typeof effect.fn === 'string' ? effect.fn : fnName(effect.fn)})`);
