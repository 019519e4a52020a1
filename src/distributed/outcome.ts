/**
 * What a finished job means as a result: a completed job's return value is the host's report; a
 * failed job (the worker could not run it, it stalled too often, it was malformed) and a job gone from
 * Redis become a failed report with an error code, so every host of a run has exactly one result.
 */
import type { Job } from 'bullmq';
import type { ErrorInfo, HostReport } from '../hosts/report.js';
import type { ScanJob } from './jobs.js';

/** One host's result in a run. */
export interface RunResult {
  readonly report: HostReport;
  /** The host's position among the run's targets. */
  readonly index: number;
  readonly jobId: string;
  /** Attempts that ran to an end (a retried failure, the final one); a stalled attempt is not counted. */
  readonly attempts: number;
  /** The worker that produced the result (its `name`), when known. */
  readonly worker: string | undefined;
}

/**
 * The result of a finished job; `label` and `index` come from the run's manifest.
 * @example
 * const result = jobOutcome(await queue.getJob(jobId), 'completed', 'web1', 0);
 */
export function jobOutcome(job: Job<ScanJob, HostReport> | undefined, state: 'completed' | 'failed', label: string, index: number): RunResult {
  if (job === undefined) return lostOutcome(label, index, '?');
  const base = { index, jobId: job.id ?? '?', attempts: job.attemptsMade, worker: job.processedBy };
  // A report of another host is no result of this one: someone wrote it into Redis by hand.
  if (state === 'completed' && isReport(job.returnvalue) && job.returnvalue.host === label) return { ...base, report: job.returnvalue };
  const error = failureInfo(job.failedReason, state);
  return { ...base, report: failedReport(label, error, job.processedOn !== undefined && job.finishedOn !== undefined ? job.finishedOn - job.processedOn : 0) };
}

/**
 * The result of a host whose job is not in Redis any more: Redis lost it (a restart without
 * persistence), or it expired before anyone collected it.
 * @example
 * lostOutcome('web1', 0, 'run/web1').report.error; // => { code: 'job-lost', message: '…' }
 */
export function lostOutcome(label: string, index: number, jobId: string): RunResult {
  const error = { code: 'job-lost', message: `the job of ${label} is not in Redis any more (Redis lost its data, or the job expired); scan the host again` };
  return { report: failedReport(label, error, 0), index, jobId, attempts: 0, worker: undefined };
}

/**
 * The result of a host whose job is in Redis but cannot be read (its data or options are not JSON:
 * written by hand, not by plesio).
 * @example
 * unreadableOutcome('web1', 0, 'run/web1', new SyntaxError('Unexpected token')).report.error?.code; // => 'invalid-job'
 */
export function unreadableOutcome(label: string, index: number, jobId: string, error: Error): RunResult {
  const info = { code: 'invalid-job', message: `the job of ${label} in Redis cannot be read (it was not written by plesio): ${error.message}` };
  return { report: failedReport(label, info, 0), index, jobId, attempts: 0, worker: undefined };
}

/** `code: message` (as the worker words its failures) or BullMQ's own reasons, as an error code. */
function failureInfo(reason: string | undefined, state: string): ErrorInfo {
  if (state === 'completed') return { code: 'job-failed', message: 'the job completed without a report of this host' };
  const text = (reason ?? '').trim();
  const coded = /^([a-z][a-z0-9-]{1,40}): ([\s\S]+)$/.exec(text);
  if (coded !== null) return { code: coded[1]!, message: coded[2]! };
  if (/stalled more than allowable limit/.test(text)) {
    return { code: 'stalled', message: 'the workers scanning this host stopped (killed or lost) more often than the stall limit allows' };
  }
  return { code: 'job-failed', message: text === '' ? 'the job failed without a reason' : text };
}

function failedReport(host: string, error: ErrorInfo, durationMs: number): HostReport {
  return { host, status: 'failed', error, facts: {}, sources: {}, duration_ms: Math.max(0, durationMs) };
}

function isReport(value: unknown): value is HostReport {
  const report = value as Partial<HostReport> | null | undefined;
  return typeof report === 'object' && report !== null && typeof report.host === 'string' && typeof report.status === 'string' && typeof report.facts === 'object';
}
