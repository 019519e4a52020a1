/**
 * `/proc/meminfo`: `Key:   value kB` lines. The last fallback for installed memory, and the source
 * of the total, available and swap figures.
 */
import type { ParserSpec } from '../fact.js';
import { parseError, splitLines } from '../common/text.js';
import { kibToMib, type Memory } from '../common/memory.js';
import type { InstalledMemory } from './installed-memory.js';

/** The meminfo reading; sizes in kB as the kernel prints them (KiB, in fact). */
export interface Meminfo extends InstalledMemory {
  readonly source: 'meminfo';
  readonly mem_total_kB: number;
  /** `MemAvailable`, absent before Linux 3.14. */
  readonly mem_available_kB: number | null;
  readonly swap_total_kB: number | null;
  /** The `memory` fact. */
  readonly memory: Memory;
}

/**
 * MemAvailable, or on kernels before 3.14 the estimate it replaced: free memory plus the page cache
 * and reclaimable slab the kernel can drop, less shared memory (tmpfs), which it cannot.
 */
function available(values: ReadonlyMap<string, number>): number | null {
  const reported = values.get('MemAvailable');
  if (reported !== undefined) return reported;
  const free = values.get('MemFree');
  if (free === undefined) return null;
  const cache = (values.get('Buffers') ?? 0) + (values.get('Cached') ?? 0) + (values.get('SReclaimable') ?? 0) - (values.get('Shmem') ?? 0);
  return free + Math.max(cache, 0);
}

const NAME = 'linux.meminfo';

/** Parses `/proc/meminfo`; `MemTotal` is required. */
export function parseMeminfo(stdout: string): Meminfo {
  const values = new Map<string, number>();
  for (const line of splitLines(stdout)) {
    if (line.trim() === '') continue;
    const m = /^([A-Za-z0-9_()]+):\s+([0-9]{1,15})(?: kB)?\s*$/.exec(line);
    if (m === null) throw parseError(NAME, 'not a "Key: value kB" line', line);
    if (!values.has(m[1]!)) values.set(m[1]!, Number(m[2]));
  }
  const total = values.get('MemTotal');
  if (total === undefined) throw parseError(NAME, 'no MemTotal line', splitLines(stdout)[0]);
  return {
    source: 'meminfo',
    installed_memory_in_MB: Math.round(total / 1024),
    mem_total_kB: total,
    mem_available_kB: values.get('MemAvailable') ?? null,
    swap_total_kB: values.get('SwapTotal') ?? null,
    memory: {
      total_mb: kibToMib(total),
      available_mb: kibToMib(available(values)),
      swap_total_mb: kibToMib(values.get('SwapTotal')),
      swap_free_mb: kibToMib(values.get('SwapFree')),
    },
  };
}

/** Total, available and swap memory from `/proc/meminfo`; the installed memory of last resort. */
export const linuxMeminfo: ParserSpec<Meminfo> = {
  name: NAME,
  command: 'cat /proc/meminfo',
  parse: parseMeminfo,
  description: 'Reads /proc/meminfo and returns MemTotal (also as MiB), MemAvailable and SwapTotal in kB, and the memory fact (total, available, swap total and free in MiB).',
};
