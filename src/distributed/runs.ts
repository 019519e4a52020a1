/**
 * A run: one `plesio scan --redis`, its id, the id of each host's job, and its manifest — the list of
 * hosts in target order, kept in Redis next to the queue so `plesio results RUN_ID` can follow the run
 * from any machine. The manifest is written after the jobs, so a run that can be found is complete.
 */
import type { Queue } from 'bullmq';
import { PlesioError } from '../errors.js';
import type { JobScanOptions } from './jobs.js';

/** What `plesio results` needs to know about a run. */
export interface RunManifest {
  readonly runId: string;
  /** ISO 8601 time the run was enqueued. */
  readonly createdAt: string;
  /** The hosts' labels, in target order; host `i` has job `jobIdFor(runId, hosts[i])`. */
  readonly hosts: readonly string[];
  readonly options: JobScanOptions;
}

/**
 * A run cannot be enqueued or named as asked: a malformed run id, a host listed twice, an unknown
 * fact, a retry policy out of range. Its code is `usage`: the CLI reports it as a usage error.
 */
export class InvalidRunError extends PlesioError {
  constructor(message: string) {
    super('usage', message);
  }
}

/** No run of that id in this queue (never enqueued there, or expired). */
export class RunNotFoundError extends PlesioError {
  constructor(runId: string, queue: string) {
    super('run-not-found', `no run ${JSON.stringify(runId)} in queue ${JSON.stringify(queue)}: check the run id and --queue (runs are kept for the retention time, 7 days by default)`);
  }
}

/**
 * Checks a run id given on the command line.
 * @example
 * checkRunId('20250601T120000Z-9f3a21bc');
 */
export function checkRunId(runId: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(runId)) {
    throw new InvalidRunError(`run id ${JSON.stringify(runId)} must be letters, digits, ".", "_" or "-", as plesio scan --detach printed it`);
  }
  return runId;
}

/**
 * The job id of one host of a run. The label is percent-encoded: BullMQ refuses `:` in job ids, and
 * labels like `db1:2222` have one. The same host in the same run always gets the same id, so BullMQ
 * adds it once however often it is enqueued.
 * @example
 * jobIdFor('20250601T120000Z-9f3a21bc', 'db1:2222'); // => '20250601T120000Z-9f3a21bc/db1%3A2222'
 */
export function jobIdFor(runId: string, label: string): string {
  return `${runId}/${encodeURIComponent(label)}`;
}

function manifestKey(queue: string, runId: string): string {
  return `plesio:${queue}:run:${runId}`;
}

/**
 * Stores a run's manifest for `retentionSeconds`, through the queue's own connection.
 * @example
 * await saveManifest(queue, manifest, 7 * 86_400);
 */
export async function saveManifest(queue: Queue, manifest: RunManifest, retentionSeconds: number): Promise<void> {
  const client = await queue.getBackend().client;
  await client.set(manifestKey(queue.name, manifest.runId), JSON.stringify(manifest), { EX: retentionSeconds });
}

/**
 * Reads a run's manifest; throws `RunNotFoundError` when there is none.
 * @example
 * const { hosts } = await loadManifest(queue, runId);
 */
export async function loadManifest(queue: Queue, runId: string): Promise<RunManifest> {
  const client = await queue.getBackend().client;
  const text = await client.get(manifestKey(queue.name, runId));
  if (text === null) throw new RunNotFoundError(runId, queue.name);
  return JSON.parse(text) as RunManifest;
}
