/** Pins the public surface of `src/distributed`: a change to it is a decision, not an accident. */
import { describe, expect, it } from 'vitest';
import * as distributed from '../../src/distributed/index.js';

describe('the distributed module', () => {
  it('exports exactly its documented functions, classes and constants', () => {
    expect(Object.keys(distributed).sort()).toEqual([
      'DEFAULT_QUEUE', 'DEFAULT_RETENTION_SECONDS', 'DEFAULT_RETRY', 'InvalidJobError', 'InvalidRunError', 'JOB_VERSION', 'RedisUnavailableError', 'RedisWaitInterruptedError',
      'RunNotFoundError', 'checkRunId', 'checkScanJob', 'delayedExecutor', 'enqueueRun', 'fixtureExecutorFactory', 'followRun',
      'jobIdFor', 'redactUrl', 'redisConnection', 'retryPolicy', 'scanJobs', 'sshExecutorFactory', 'startWorker',
    ]);
  });
});
