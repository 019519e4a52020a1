/**
 * `--ansible-fact-cache DIR`: alongside the chosen format, each scanned host's Ansible dictionary goes to
 * Ansible's `jsonfile` fact cache in DIR (see src/ansible/fact-cache.ts), the moment the host is done.
 * A host that could not be scanned gets no file, and an older file of it is kept: Ansible's own cache
 * keeps an unreachable host's last facts too, until they expire (`fact_caching_timeout`).
 */
import type { WriteFailures } from './failures.js';
import type { ReportSink } from './sink.js';
import { UsageError } from '../usage-error.js';

/** The options that ask for it, as commander hands them over. */
export interface FactCacheFlags {
  ansibleFactCache?: string;
  ansibleFactCachePrefix?: string;
}

/** The cache being written during one scan. */
export interface FactCacheOutput {
  /**
   * `sink` that also writes each host's cache file. A file that cannot be written goes to `failures`
   * (said at the end, exit status 1) and the cache is not written to again; the scan goes on.
   */
  around(sink: ReportSink, failures: WriteFailures): ReportSink;
  /** One line for stderr: what was written where, and the hosts that got no file. */
  summary(): string;
}

/**
 * Opens the cache directory before the scan (a bad path fails at once); `undefined` without the option.
 * @example
 * const cache = await openFactCacheOutput({ ansibleFactCache: 'facts' });
 * const sink = cache?.around(reportSink('json', output), failures) ?? reportSink('json', output);
 */
export async function openFactCacheOutput(flags: FactCacheFlags): Promise<FactCacheOutput | undefined> {
  if (flags.ansibleFactCache === undefined) {
    if (flags.ansibleFactCachePrefix !== undefined) throw new UsageError('--ansible-fact-cache-prefix names the files of --ansible-fact-cache DIR; add it');
    return undefined;
  }
  const dir = flags.ansibleFactCache;
  // Loaded only when asked for: a scan without it starts without the Ansible view.
  const [{ openFactCache, FactCacheNameError }, { ansibleView }] = await Promise.all([import('../../ansible/fact-cache.js'), import('./ansible-view.js')]);
  let cache;
  try {
    cache = await openFactCache(dir, flags.ansibleFactCachePrefix ?? '');
  } catch (error) {
    throw new UsageError(`--ansible-fact-cache: ${(error as Error).message}`, { cause: error });
  }
  let written = 0;
  const failed: string[] = [];
  const unnamed: string[] = [];
  const write = async (host: string, facts: Record<string, unknown>, failures: WriteFailures): Promise<void> => {
    if (failures.has(dir)) return;
    try {
      await cache.write(host, facts);
      written += 1;
    } catch (error) {
      if (error instanceof FactCacheNameError) return void unnamed.push(error.message);
      failures.add(dir, error, 'the Ansible fact cache');
    }
  };
  return {
    around: (sink, failures) => ({
      async write(report, index) {
        await sink.write(report, index);
        const facts = ansibleView(report);
        if (facts === undefined) failed.push(report.host);
        else await write(report.host, facts, failures);
      },
      end: () => sink.end(),
    }),
    summary() {
      const kept = failed.length === 0 ? '' : `; ${failed.length} failed host${failed.length === 1 ? '' : 's'} got none (an older file is kept)`;
      return [`plesio: Ansible fact cache ${dir}: ${written} host${written === 1 ? '' : 's'} written${kept}\n`, ...unnamed.map((m) => `  ${m}\n`)].join('');
    },
  };
}
