/**
 * Writing a run's results as they arrive, as `plesio scan` writes its own: the same formats, the same
 * progress bar on stderr, the same summary and exit codes (0 every host scanned, 2 some failed, 128+n
 * after signal n), and with `--store` each result saved as it comes. Used by `plesio results RUN_ID`
 * and by `plesio scan --redis` once its jobs are enqueued.
 */
import { interruptedExit, type CliIO } from './io.js';
import { sh } from '../effects/quote.js';
import type { RedisSource } from './redis-url.js';
import { formatDuration } from '../fleet/duration.js';
import { BROKEN_PIPE_EXIT, WriteFailures } from './output/failures.js';
import { checkOutputPaths } from './output/paths.js';
import { openFactCacheOutput, type FactCacheFlags } from './output/fact-cache.js';
import { reportSink, type ReportSink } from './output/sink.js';
import type { Format } from './shared-options.js';
import { openOutput, type TextOutput } from './output/stream.js';
import { tableWidth } from './output/table.js';
import { progressOn, type Progress } from './progress.js';
import { Tally } from './summary.js';
import { hasErrno } from './usage-error.js';
import { DEFAULT_QUEUE, redactUrl } from '../distributed/connection.js';
import { followRun } from '../distributed/results.js';
import type { ScanStore, StoredConnection } from '../history/store.js';

/** Where a run's results go. */
export interface ResultsOutputOptions extends FactCacheFlags {
  redis: string;
  queue?: string;
  format: Format;
  /** A file instead of stdout. */
  output?: string;
  /** A scan store (SQLite file) to save every result in. */
  store?: string;
  quiet?: boolean;
  /** `false`: write the results there are and stop, without waiting for the rest. */
  wait?: boolean;
  /** How each host (by position) was reached, for the store: known when this process enqueued the run. */
  connections?: ReadonlyArray<StoredConnection | undefined>;
  /** Where the URL came from (`--redis-file`, `$PLESIO_REDIS`), for the hint to collect the rest; default `--redis`. */
  redisSource?: RedisSource;
}

/**
 * Follows run `runId` to the chosen output; resolves to the exit code. Nothing is written (not even
 * an empty `[]`) for a run that cannot be found or a Redis that cannot be reached: the error says why.
 * @example
 * const code = await writeRunResults(runId, { redis, format: 'ndjson' }, { stdout: process.stdout, stderr: process.stderr });
 */
export async function writeRunResults(runId: string, options: ResultsOutputOptions, io: CliIO): Promise<number> {
  const queue = options.queue ?? DEFAULT_QUEUE;
  await checkOutputPaths([[options.output, 'the --output file'], [options.store, 'the scan store (--store)']]);
  const factCache = await openFactCacheOutput(options);
  const startBar = await progressOn(io.stderr, { quiet: options.quiet === true });
  const failures = new WriteFailures();
  // The chosen format, and each host's Ansible fact cache file with --ansible-fact-cache.
  const withCache = (sink: ReportSink): ReportSink => factCache?.around(sink, failures) ?? sink;
  // Opened once the run is found: a wrong run id leaves an existing --output file as it was.
  let output: TextOutput | undefined;
  let sink: ReportSink | undefined;
  let store: ScanStore | undefined;
  let progress: Progress | undefined;
  let total = 0;
  const tally = new Tally();
  const started = performance.now();
  try {
    // SQLite loads only when the results are kept.
    store = options.store === undefined ? undefined : (await import('../history/store.js')).openStore(options.store);
    const results = followRun({
      redis: options.redis,
      queue,
      runId,
      wait: options.wait !== false,
      ...(io.interrupt !== undefined && { signal: io.interrupt }),
      onManifest: (manifest) => {
        total = manifest.hosts.length;
        store?.startRun({ runId, source: `queue:${queue}`, hostCount: total, startedAt: manifest.createdAt });
        progress = startBar(total);
      },
    });
    for await (const { report, index } of results) {
      tally.add(report);
      if (store !== undefined && !failures.has(options.store!)) {
        try {
          store.saveReport(runId, report, index, options.connections?.[index]);
        } catch (error) {
          failures.add(options.store!, error, 'the results');
        }
      }
      progress?.hostDone(report);
      output ??= await openOutput(options.output, io.stdout);
      sink ??= withCache(reportSink(options.format, output, undefined, tableWidth(io.stdout, options.output)));
      await sink.write(report, index);
    }
    // A run found with no result yet (--no-wait) is still an answer: an empty list.
    if (progress !== undefined) {
      output ??= await openOutput(options.output, io.stdout);
      sink ??= withCache(reportSink(options.format, output, undefined, tableWidth(io.stdout, options.output)));
    }
  } catch (error) {
    if (output === undefined || !isOutputError(error)) throw error;
    failures.add(output.name, error);
  } finally {
    progress?.stop();
    // Results collected so far are written even when following was interrupted or broke.
    if (sink !== undefined && output !== undefined && !failures.has(output.name) && !failures.brokenPipe) await sink.end().catch((error: unknown) => failures.add(output!.name, error));
    if (output !== undefined) await output.close().catch((error: unknown) => failures.add(output!.name, error));
    if (store !== undefined && total > 0 && tally.reported === total && !failures.has(options.store!)) store.finishRun(runId);
    store?.close();
  }
  if (failures.brokenPipe) return BROKEN_PIPE_EXIT;

  if (options.quiet !== true) {
    if (factCache !== undefined) io.stderr.write(factCache.summary());
    io.stderr.write(`plesio: run ${runId}: ${tally.reported} of ${total} hosts in ${formatDuration(performance.now() - started)}: ${tally.counts()}\n`);
    for (const line of tally.details()) io.stderr.write(`${line}\n`);
  }
  if (tally.reported < total) {
    const why = io.interrupt?.aborted === true ? `interrupted by ${String(io.interrupt.reason ?? 'SIGINT')}` : 'not waiting';
    io.stderr.write(`plesio: ${why}; ${total - tally.reported} hosts are not finished yet — the workers go on; collect them with: ${resultsCommand(runId, options.redisSource ?? options.redis, queue)}\n`);
  }
  failures.report(io.stderr);
  if (failures.any) return 1;
  if (io.interrupt?.aborted === true) return interruptedExit(io.interrupt);
  return tally.failed > 0 ? 2 : 0;
}

/**
 * The command that collects a run's results, reaching Redis as this one did: `--redis-file FILE`, or
 * nothing for `$PLESIO_REDIS`, or the URL given with `--redis` — its password, if it has one, shown
 * as `***`, as no secret is ever printed (issue 14, item 19; issue 13, item 8).
 * @example
 * resultsCommand('20250601T120000Z-9f3a21bc', 'redis://10.0.0.5:6379', 'plesio'); // => 'plesio results 20250601T120000Z-9f3a21bc --redis redis://10.0.0.5:6379'
 * resultsCommand('20250601T120000Z-9f3a21bc', { url, file: '/etc/plesio/redis.url' }, 'dmz'); // => 'plesio results 20250601T120000Z-9f3a21bc --redis-file /etc/plesio/redis.url --queue dmz'
 */
export function resultsCommand(runId: string, redis: string | RedisSource, queue: string): string {
  const source = typeof redis === 'string' ? { url: redis } : redis;
  const onQueue = queue === DEFAULT_QUEUE ? '' : sh` --queue ${queue}`;
  if (source.file !== undefined) return sh`plesio results ${runId} --redis-file ${source.file}` + onQueue;
  if (source.fromEnv === true) return sh`plesio results ${runId}` + onQueue;
  const url = redactUrl(source.url);
  const line = sh`plesio results ${runId} --redis ${url}` + onQueue;
  return url === source.url ? line : `${line} (with the password in place of ***, or the URL in PLESIO_REDIS or a --redis-file)`;
}

/** An error of the output stream (a full disk, a closed pipe), rather than of Redis or the store. */
function isOutputError(error: unknown): boolean {
  return hasErrno(error) || (typeof (error as { code?: unknown } | null)?.code === 'string' && (error as { code: string }).code.startsWith('ERR_STREAM'));
}
