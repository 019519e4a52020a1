/**
 * The retry policy: how often a host is tried before its failure is the result. A failed host is a
 * result with an error code, never an endlessly retried job: only the codes in `retryOn` (a network
 * another worker may reach, a connection that dropped) get another attempt, at most `attempts` in all.
 * A worker that dies is a different matter: BullMQ's stalled-job check hands its jobs to another
 * worker without counting an attempt (at most `maxStalledCount` times per job).
 */
import type { JobsOptions } from 'bullmq';
import { PlesioError } from '../errors.js';
import type { HostReport } from '../hosts/report.js';
import { InvalidRunError } from './runs.js';

/** How failed hosts are retried. */
export interface RetryPolicy {
  /** Attempts per host, the first included; 1 reports a failure at once. */
  readonly attempts: number;
  /** The wait before the second attempt; each later wait doubles. */
  readonly backoffMs: number;
  /** Host error codes worth another attempt (see `HOST_ERROR_CODES`); others are final at once. */
  readonly retryOn: readonly string[];
}

/** Two attempts, 10 s apart, for failures another worker or a later moment may not have. */
export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 2,
  backoffMs: 10_000,
  retryOn: ['unreachable', 'connect-timeout', 'dns', 'connection-lost'],
};

/** A host failure the worker hands back to BullMQ for another attempt; its message is the host's error. */
export class HostRetryError extends PlesioError {
  constructor(readonly report: HostReport) {
    super(report.error?.code ?? 'failed', `${report.error?.code ?? 'failed'}: ${report.error?.message ?? 'the host failed'}`, { host: report.host });
  }
}

/**
 * Checks a policy and fills the unset fields from `DEFAULT_RETRY`.
 * @example
 * retryPolicy({ attempts: 3 }); // => { attempts: 3, backoffMs: 10000, retryOn: [...] }
 */
export function retryPolicy(partial: Partial<RetryPolicy> = {}): RetryPolicy {
  const policy = { ...DEFAULT_RETRY, ...partial };
  if (!Number.isSafeInteger(policy.attempts) || policy.attempts < 1 || policy.attempts > 100) {
    throw new InvalidRunError(`retry attempts must be a whole number from 1 to 100, not ${JSON.stringify(policy.attempts)}`);
  }
  if (!Number.isFinite(policy.backoffMs) || policy.backoffMs < 0) {
    throw new InvalidRunError(`retry backoff must be a duration ≥ 0 ms, not ${JSON.stringify(policy.backoffMs)}`);
  }
  return policy;
}

/**
 * The BullMQ job options that carry a policy: attempts and exponential backoff.
 * @example
 * await queue.add('scan', job, { jobId, ...retryJobOptions(DEFAULT_RETRY) });
 */
export function retryJobOptions(policy: RetryPolicy): Pick<JobsOptions, 'attempts' | 'backoff'> {
  return { attempts: policy.attempts, backoff: { type: 'exponential', delay: policy.backoffMs } };
}

/**
 * True when a report is a failure worth another attempt: its code is listed and attempts remain.
 * `attemptsMade` is the number of attempts that already ended in a retry.
 * @example
 * if (shouldRetry(report, job.attemptsMade, job.opts.attempts ?? 1, job.data.options.retryOn ?? [])) throw new HostRetryError(report);
 */
export function shouldRetry(report: HostReport, attemptsMade: number, attempts: number, retryOn: readonly string[]): boolean {
  return report.status === 'failed' && report.error !== null && retryOn.includes(report.error.code) && attemptsMade + 1 < attempts;
}
