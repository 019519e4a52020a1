/**
 * Writing a run's results as they arrive, as `plesio scan` writes its own: the same formats, the same
 * progress bar on stderr, the same summary and exit codes (0 every host scanned, 2 some failed, 128+n
 * after signal n), and with `--store` each result saved as it comes. Used by `plesio results RUN_ID`
 * and by `plesio scan --redis` once its jobs are enqueued.
 */
import { constants } from 'node:os';
import type { CliIO } from './io.js';
import { formatDuration } from '../fleet/duration.js';
import { reportSink } from './output/sink.js';
import type { Format } from './shared-options.js';
import { openOutput } from './output/stream.js';
import { progressOn, type Progress } from './progress.js';
import type { HostReport } from '../hosts/report.js';
import { DEFAULT_QUEUE } from '../distributed/connection.js';
import { followRun } from '../distributed/results.js';
import type { ScanStore } from '../history/store.js';

/** Where a run's results go. */
export interface ResultsOutputOptions {
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
}

/**
 * Follows run `runId` to the chosen output; resolves to the exit code.
 * @example
 * const code = await writeRunResults(runId, { redis, format: 'ndjson' }, { stdout: process.stdout, stderr: process.stderr });
 */
export async function writeRunResults(runId: string, options: ResultsOutputOptions, io: CliIO): Promise<number> {
  const queue = options.queue ?? DEFAULT_QUEUE;
  const startBar = await progressOn(io.stderr, { quiet: options.quiet === true });
  const output = await openOutput(options.output, io.stdout);
  const sink = reportSink(options.format, output);
  let store: ScanStore | undefined;
  let progress: Progress | undefined;
  let total = 0;
  const tally = { ok: 0, partial: 0, failed: 0, failures: [] as HostReport[] };
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
      tally[report.status] += 1;
      if (report.status === 'failed' && tally.failures.length < 10) tally.failures.push(report);
      store?.saveReport(runId, report, index);
      progress?.hostDone(report);
      await sink.write(report, index);
    }
  } finally {
    progress?.stop();
    // Results collected so far are written even when following was interrupted or broke.
    await sink.end().catch(() => undefined);
    await output.close().catch(() => undefined);
    const reported = tally.ok + tally.partial + tally.failed;
    if (store !== undefined && total > 0 && reported === total) store.finishRun(runId);
    store?.close();
  }

  const reported = tally.ok + tally.partial + tally.failed;
  if (options.quiet !== true) {
    io.stderr.write(`plesio: run ${runId}: ${reported} of ${total} hosts in ${formatDuration(performance.now() - started)}: ${tally.ok} ok, ${tally.partial} partial, ${tally.failed} failed\n`);
    for (const report of tally.failures) io.stderr.write(`  ${report.host}: ${report.error?.code}: ${report.error?.message}\n`);
    if (tally.failed > tally.failures.length) io.stderr.write(`  … and ${tally.failed - tally.failures.length} more failed hosts (see the output)\n`);
  }
  if (reported < total) {
    const why = io.interrupt?.aborted === true ? `interrupted by ${String(io.interrupt.reason ?? 'SIGINT')}` : 'not waiting';
    const again = `plesio results ${runId} --redis <url>${queue === DEFAULT_QUEUE ? '' : ` --queue ${queue}`}`;
    io.stderr.write(`plesio: ${why}; ${total - reported} hosts are not finished yet — the workers go on; collect them with: ${again}\n`);
  }
  if (io.interrupt?.aborted === true) return 128 + (constants.signals[String(io.interrupt.reason) as NodeJS.Signals] ?? 2);
  return tally.failed > 0 ? 2 : 0;
}
