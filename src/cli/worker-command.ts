/**
 * `plesio worker`: takes host-scan jobs from a queue until SIGTERM or SIGINT, then finishes the running
 * scans within the grace period, hands the others back to the queue, closes its connections and exits
 * 0. Credentials, known_hosts and host-key policy are the worker's own (agent, `-i` keys, ssh config,
 * `--password-file`, `--known-hosts`, `--host-key-policy`), and `--allow-targets` limits the hosts it
 * scans; a job cannot change any of them. A line per scanned host goes to stderr unless `--quiet`; a
 * refused job always gets one.
 */
import { once } from 'node:events';
import { escapeControls } from '../escape-controls.js';
import { checkKnownHosts, checkReadable, checkSshConfig } from './files.js';
import type { HostKeyAdded, HostKeyPolicy } from '../executors/index.js';
import { hostKeyAddedText } from './host-key-notice.js';
import { targetPatterns } from '../distributed/target-patterns.js';
import { redisUrl } from './redis-url.js';
import { formatDuration } from '../fleet/duration.js';
import { parseCount, parseDuration } from './numbers.js';
import { redactUrl, RedisWaitInterruptedError } from '../distributed/connection.js';
import { sshExecutorFactory, type WorkerCredentials } from '../distributed/executor-factory.js';
import type { CliIO } from './io.js';
import { startWorker, type WorkerEvent } from '../distributed/worker.js';
import { loadCliPlugins, type PluginFlags } from './plugin-options.js';

/** The options of `plesio worker`, as commander hands them over. */
export interface WorkerFlags extends PluginFlags {
  redis?: string;
  redisFile?: string;
  queue: string;
  concurrency: string;
  sshConfig?: string;
  identity?: string[];
  knownHosts?: string;
  hostKeyPolicy?: HostKeyPolicy;
  /** `--allow-targets`, each a comma-separated list of patterns. */
  allowTargets?: string[];
  passwordFile?: string;
  /** False with `--no-pipelining`; commander sets true otherwise. */
  pipelining?: boolean;
  grace: string;
  lockDuration: string;
  name?: string;
  quiet?: boolean;
  /** `--local-facts-exec`: run jobs that let the `local` fact run executable fact files. */
  localFactsExec?: boolean;
}

// Redis errors repeat on every reconnect attempt while it is down; say so once in a while, not each time.
const ERROR_REPEAT_MS = 30_000;

/**
 * Runs a worker until interrupted; resolves to the exit code.
 * @example
 * const code = await runWorker({ redis: 'redis://127.0.0.1:6379', queue: 'plesio', concurrency: '32', grace: '30s', lockDuration: '30s' }, io);
 */
export async function runWorker(flags: WorkerFlags, io: CliIO): Promise<number> {
  const concurrency = parseCount(flags.concurrency, '--concurrency', 1, 4096);
  const graceMs = parseDuration(flags.grace, '--grace');
  const lockDurationMs = parseDuration(flags.lockDuration, '--lock-duration');
  // A mistake in these fails now, not one job at a time.
  if (flags.allowTargets !== undefined) targetPatterns(flags.allowTargets);
  const redis = await redisUrl(flags);
  for (const file of flags.identity ?? []) await checkReadable(file, 'the identity file (-i)');
  if (flags.sshConfig !== undefined) await checkSshConfig(flags.sshConfig);
  if (flags.knownHosts !== undefined) await checkKnownHosts(flags.knownHosts, flags.hostKeyPolicy ?? 'strict');
  if (flags.passwordFile !== undefined) await checkReadable(flags.passwordFile, 'the password file (--password-file)');
  const plugins = await loadCliPlugins(flags);
  // Host names, error messages and Redis errors come from others: escaped, as every log line.
  const say = (line: string): void => void io.stderr.write(`plesio worker: ${escapeControls(line)}\n`);
  let lastError = { message: '', at: -Infinity };
  const onEvent = (event: WorkerEvent): void => {
    if (event.type === 'error') {
      const now = performance.now();
      if (event.error.message !== lastError.message || now - lastError.at > ERROR_REPEAT_MS) say(`Redis: ${event.error.message} (retrying)`);
      lastError = { message: event.error.message, at: now };
    } else if (flags.quiet !== true && (event.type === 'finished' || event.type === 'retrying')) {
      const { report } = event;
      const why = report.error === null ? '' : ` ${report.error.code}: ${report.error.message}`;
      say(`${report.host} ${report.status}${why} (${formatDuration(report.duration_ms)})${event.type === 'retrying' ? ', will retry' : ''}`);
    } else if (event.type === 'refused') {
      // Said even with --quiet: a worker refusing jobs is something to fix (its plugins, the scanner's,
      // or someone writing jobs into its queue).
      say(`${event.host ?? event.jobId} refused: ${event.reason}`);
    } else if (event.type === 'handed-back') {
      say(`${event.host} handed back to the queue`);
    }
  };
  let worker;
  try {
    worker = await startWorker({
      redis: redis.url,
      queue: flags.queue,
      concurrency,
      lockDurationMs,
      onEvent,
      ...(flags.name !== undefined && { name: flags.name }),
      ...(io.interrupt !== undefined && { signal: io.interrupt }),
      // A recorded key changes a file operators audit: said as `ssh` says "Permanently added".
      executorFactory: sshExecutorFactory({ ...workerCredentials(flags), ...(flags.quiet !== true && { onHostKeyAdded: (added: HostKeyAdded) => say(hostKeyAddedText(added)) }) }),
      ...(plugins !== undefined && { plugins }),
      ...(flags.localFactsExec === true && { localFactsExec: true }),
    });
  } catch (error) {
    // SIGTERM before Redis answered: nothing ran, nothing to hand back; a stop as usual (exit 0).
    if (!(error instanceof RedisWaitInterruptedError)) throw error;
    say(`${String(io.interrupt?.reason ?? 'SIGTERM')} before Redis at ${redactUrl(redis.url)} answered: stopped`);
    return 0;
  }
  const loaded = plugins === undefined ? '' : `, with plugins ${plugins.loaded.map((l) => `${l.plugin.name}@${l.plugin.version} (${l.file})`).join(', ')}`;
  const limits = flags.allowTargets === undefined ? '' : `, only hosts matching ${flags.allowTargets.join(',')}`;
  say(`${worker.name} takes jobs from queue ${flags.queue} at ${redactUrl(redis.url)}, ${concurrency} at a time${loaded}${limits}`);
  const signal = await interrupted(io.interrupt);
  say(`${signal}: finishing the running scans (at most ${formatDuration(graceMs)}), then handing the rest back`);
  await worker.shutdown(graceMs);
  say('stopped');
  return 0;
}

/**
 * The worker's own SSH settings, from its options; the jobs add where each host is.
 * @example
 * workerCredentials({ ...flags, identity: ['/etc/plesio/fleet_ed25519'], pipelining: false });
 * // => { identityFiles: ['/etc/plesio/fleet_ed25519'], pipelining: false }
 */
export function workerCredentials(flags: WorkerFlags): WorkerCredentials {
  return {
    ...(flags.sshConfig !== undefined && { sshConfigPath: flags.sshConfig }),
    ...(flags.identity !== undefined && { identityFiles: flags.identity }),
    ...(flags.knownHosts !== undefined && { knownHostsPath: flags.knownHosts }),
    ...(flags.hostKeyPolicy !== undefined && { hostKeyPolicy: flags.hostKeyPolicy }),
    ...(flags.allowTargets !== undefined && { allowTargets: flags.allowTargets }),
    ...(flags.passwordFile !== undefined && { passwordFile: flags.passwordFile }),
    ...(flags.pipelining === false && { pipelining: false }),
  };
}

/** Resolves with the signal's name once `interrupt` aborts; without one, on the process's SIGTERM or SIGINT. */
async function interrupted(interrupt: AbortSignal | undefined): Promise<string> {
  if (interrupt !== undefined) {
    if (!interrupt.aborted) await once(interrupt, 'abort');
    return String(interrupt.reason ?? 'SIGTERM');
  }
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => controller.abort(signal);
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  try {
    return await interrupted(controller.signal);
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}
