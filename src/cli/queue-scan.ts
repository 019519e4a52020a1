/**
 * `plesio scan --redis URL`: the scan command plans the hosts as usual, then hands them here. Each host
 * becomes a job (its target and the scan options, never a password — `--ask-pass` and
 * `--password-file` are refused, workers use their own credentials — and never a file of the workers:
 * `-i`, `--known-hosts` and key files of the inventory are refused, as is `--host-key-policy
 * accept-new`, which only a worker may choose); then the run is followed to the usual output, or with
 * `--detach` only its id is printed.
 */
import { connectionOf, type HostPlan } from './plan.js';
import type { Format } from './shared-options.js';
import { parseCount, parseDuration } from './numbers.js';
import { asUsageErrors, UsageError } from './usage-error.js';
import { DEFAULT_QUEUE, redactUrl } from '../distributed/connection.js';
import type { JobScanOptions, JobTarget } from '../distributed/jobs.js';
import type { CliIO } from './io.js';
import type { FactCacheFlags } from './output/fact-cache.js';
import type { RedisSource } from './redis-url.js';
import type { RetryPolicy } from '../distributed/retry.js';

/** The distributed-mode options of `plesio scan`, as commander hands them over. */
export interface QueueScanFlags extends FactCacheFlags {
  redis: string;
  /** Where the URL came from, for the hint of `--detach` (default `--redis`). */
  redisSource?: RedisSource;
  queue?: string;
  detach?: boolean;
  store?: string;
  /** Extra attempts for hosts failing with a `--retry-on` code. */
  retries?: string;
  /** Comma-separated error codes worth another attempt. */
  retryOn?: string;
  retryBackoff?: string;
  format: Format;
  output?: string;
  quiet?: boolean;
}

const NOT_THE_WORKERS_FILES = 'jobs never name files on the workers';

/** Options of `plesio scan` that cannot go with `--redis`, and why. */
const LOCAL_ONLY: ReadonlyArray<readonly [string, string, string]> = [
  ['askPass', '--ask-pass', 'jobs carry no secrets: give each worker its own --password-file, key or agent'],
  ['passwordFile', '--password-file', 'jobs carry no secrets: give each worker its own --password-file, key or agent'],
  ['askPassphrase', '--ask-passphrase', 'jobs carry no secrets: give each worker its own key or agent'],
  ['sshConfig', '-F/--ssh-config', 'workers read their own ssh config (plesio worker -F FILE)'],
  ['identity', '-i/--identity', `${NOT_THE_WORKERS_FILES}: give each worker its keys (plesio worker -i FILE)`],
  ['knownHosts', '--known-hosts', `${NOT_THE_WORKERS_FILES}: give each worker its known_hosts (plesio worker --known-hosts FILE)`],
  ['local', '--local', 'workers scan hosts over SSH'],
  ['replay', '--replay', 'workers scan hosts over SSH'],
  ['record', '--record', 'recordings would be written on the workers'],
  ['trace', '--trace', 'traces would be written on the workers'],
  ['deadline', '--deadline', 'a run is not stopped by one follower; interrupt plesio scan and collect later with plesio results'],
];

/** Options that mean something only with `--redis`. */
const QUEUE_ONLY: ReadonlyArray<readonly [string, string]> = [['redisFile', '--redis-file'], ['detach', '--detach'], ['retries', '--retries'], ['retryOn', '--retry-on'], ['retryBackoff', '--retry-backoff']];

/**
 * Throws `UsageError` for a `plesio scan` option that cannot be used with `--redis`, or that needs it.
 * @example
 * checkQueueScanFlags({ redis: 'redis://q:6379', passwordFile: 'pw' }); // throws: --password-file cannot be used with --redis: jobs carry no secrets…
 */
export function checkQueueScanFlags(flags: Readonly<Record<string, unknown>>): void {
  const given = (key: string): boolean => flags[key] !== undefined && flags[key] !== false;
  if (!given('redis') && !given('redisFile')) {
    for (const [key, option] of QUEUE_ONLY) if (given(key)) throw new UsageError(`${option} needs --redis URL: it is an option of distributed scans`);
    return;
  }
  for (const [key, option, why] of LOCAL_ONLY) if (given(key)) throw new UsageError(`${option} cannot be used with --redis: ${why}`);
  if (flags['hostKeyPolicy'] === 'accept-new') {
    throw new UsageError('--host-key-policy accept-new cannot be used with --redis: each worker decides how it checks host keys (plesio worker --host-key-policy accept-new); a job may only ask for strict');
  }
  // Negated: commander sets true by default, so only false means the option was given.
  if (flags['pipelining'] === false) throw new UsageError('--no-pipelining cannot be used with --redis: workers open the SSH connections (plesio worker --no-pipelining)');
  if (given('detach') && given('store')) throw new UsageError('--store with --detach stores nothing: a detached scan collects no results; give --store to plesio results RUN_ID');
  if (given('detach') && given('ansibleFactCache')) throw new UsageError('--ansible-fact-cache with --detach writes nothing: a detached scan collects no results; give --ansible-fact-cache to plesio results RUN_ID');
}

/**
 * The job targets of planned hosts; only SSH hosts can be scanned by workers.
 * @example
 * jobTargets([{ kind: 'ssh', label: 'web1', host: 'web1', user: 'deploy', port: undefined, identityFiles: [] }]);
 * // => [{ label: 'web1', host: 'web1', user: 'deploy' }]
 */
export function jobTargets(plans: readonly HostPlan[]): JobTarget[] {
  return plans.map((plan) => {
    if (plan.kind !== 'ssh') {
      throw new UsageError(`${plan.label}: ${plan.kind === 'local' ? '--local and ansible_connection=local' : '--replay'} cannot be used with --redis: workers scan hosts over SSH`);
    }
    if (plan.identityFiles.length > 0) {
      throw new UsageError(`${plan.label}: the inventory's ansible_ssh_private_key_file (${plan.identityFiles[0]}) cannot be used with --redis: ${NOT_THE_WORKERS_FILES}; give each worker its keys (plesio worker -i FILE)`);
    }
    return {
      label: plan.label,
      host: plan.host,
      ...(plan.user !== undefined && { user: plan.user }),
      ...(plan.port !== undefined && { port: plan.port }),
    };
  });
}

/**
 * The retry policy of `--retries N --retry-on CODES --retry-backoff DURATION` (defaults: `DEFAULT_RETRY`).
 * @example
 * retryFromFlags({ retries: '2', retryOn: 'unreachable,connect-timeout' }); // => { attempts: 3, retryOn: [...] }
 */
export function retryFromFlags(flags: Pick<QueueScanFlags, 'retries' | 'retryOn' | 'retryBackoff'>): Partial<RetryPolicy> {
  return {
    ...(flags.retries !== undefined && { attempts: parseCount(flags.retries, '--retries', 0, 99) + 1 }),
    ...(flags.retryOn !== undefined && { retryOn: flags.retryOn.split(',').map((code) => code.trim()).filter((code) => code !== '') }),
    ...(flags.retryBackoff !== undefined && { backoffMs: parseDuration(flags.retryBackoff, '--retry-backoff') }),
  };
}

/**
 * Enqueues the planned hosts and follows the run to the output (or, with `--detach`, prints the run id
 * on stdout); resolves to the exit code, as `runScan` does.
 * @example
 * const code = await scanThroughQueue(plans, { sudo: true }, { redis: 'redis://10.0.0.5:6379', format: 'ndjson' }, io);
 */
export async function scanThroughQueue(plans: readonly HostPlan[], options: Omit<JobScanOptions, 'retryOn'>, flags: QueueScanFlags, io: CliIO, knownFacts?: readonly string[]): Promise<number> {
  const queue = flags.queue ?? DEFAULT_QUEUE;
  return asUsageErrors(async () => {
    // BullMQ (and the store, the output formats) load only for a scan that goes through a queue.
    const [{ enqueueRun }, { writeRunResults, resultsCommand }] = await Promise.all([import('../distributed/enqueue.js'), import('./results-output.js')]);
    const run = await enqueueRun({ redis: flags.redis, queue, targets: jobTargets(plans), options, retry: retryFromFlags(flags), ...(knownFacts !== undefined && { knownFacts }), ...(io.interrupt !== undefined && { signal: io.interrupt }) });
    if (flags.detach === true) {
      const { printText } = await import('./output/print.js');
      const printed = await printText(io.stdout, `${run.runId}\n`, `the run id ${run.runId}`);
      if (printed !== 0) return printed;
      if (flags.quiet !== true) io.stderr.write(`plesio: enqueued ${run.total} hosts as run ${run.runId} on queue ${queue} at ${redactUrl(flags.redis)}; collect the results with: ${resultsCommand(run.runId, flags.redisSource ?? flags.redis, queue)}\n`);
      return 0;
    }
    return writeRunResults(run.runId, { ...flags, queue, connections: plans.map(connectionOf) }, io);
  });
}
