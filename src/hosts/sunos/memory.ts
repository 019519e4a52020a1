/**
 * The SunOS sources of the `memory` fact and the pure function that joins them:
 * - `sunos.kstat-pages`: the page size then `kstat -p -n system_pages` (physmem, freemem in pages);
 * - `sunos.swap-l`: the swap devices and files (`swap -l`, sizes in 512-byte blocks);
 * - `sunos.swap-s`: virtual swap (`swap -s`: allocated + reserved = used, available; in KiB), which
 *   includes memory: it is the only swap figure inside a zone, where `swap -l` lists nothing.
 */
import type { ParserSpec } from '../fact.js';
import { ParseError } from '../parse-error.js';
import { enforceCap, LIMITS } from '../common/limits.js';
import type { Memory } from '../common/memory.js';
import { splitLines } from './text.js';

/** Physical and free memory in MiB from the page counts. */
export interface KstatPages {
  readonly total_mb: number | null;
  readonly available_mb: number | null;
}

/** Swap devices, summed. */
export interface SwapDevices {
  readonly swap_total_mb: number;
  readonly swap_free_mb: number;
  readonly devices: number;
}

/** The `swap -s` summary in KiB. */
export interface SwapSummary {
  readonly allocated_kb: number;
  readonly reserved_kb: number;
  readonly used_kb: number;
  readonly available_kb: number;
}

const PAGES = 'sunos.kstat-pages';
const SWAP_L = 'sunos.swap-l';
const SWAP_S = 'sunos.swap-s';
const mib = (bytes: number): number => Math.floor(bytes / 1_048_576);

function parsePages(stdout: string): KstatPages {
  let pagesize: number | undefined;
  const stats = new Map<string, number>();
  for (const raw of splitLines(PAGES, stdout)) {
    const line = raw.trim();
    if (line === '') continue;
    if (pagesize === undefined && /^[0-9]{3,7}$/.test(line)) {
      pagesize = Number(line);
      continue;
    }
    const m = /^unix:[0-9]{1,3}:system_pages:([a-z_]{1,32})\s+(\S.*)$/.exec(line);
    if (m === null) throw new ParseError(PAGES, 'expected the page size, then "unix:0:system_pages:NAME VALUE" lines', line);
    if (/^[0-9]{1,15}$/.test(m[2]!)) stats.set(m[1]!, Number(m[2]));
  }
  if (pagesize === undefined || (pagesize & (pagesize - 1)) !== 0) throw new ParseError(PAGES, 'no page size line (a power of two) before the kstat lines', stdout.trim().split('\n')[0]);
  const pages = (name: string): number | null => (stats.has(name) ? mib(stats.get(name)! * pagesize!) : null);
  return { total_mb: pages('physmem'), available_mb: pages('freemem') };
}

function parseSwapL(stdout: string): SwapDevices {
  let total = 0;
  let free = 0;
  let devices = 0;
  let header = false;
  for (const raw of splitLines(SWAP_L, stdout)) {
    const line = raw.trim();
    if (line === '' || /^No swap devices configured$/i.test(line)) continue;
    if (/^swapfile\s+dev\s+swaplo\s+blocks\s+free/.test(line)) {
      header = true;
      continue;
    }
    const cells = line.split(/\s+/);
    // swapfile dev swaplo blocks free [encrypted]; a zone prints "-" for dev.
    const [blocks, freeBlocks] = [cells[3], cells[4]];
    if (!header || cells.length < 5 || !/^[0-9]{1,15}$/.test(blocks ?? '') || !/^[0-9]{1,15}$/.test(freeBlocks ?? '')) {
      throw new ParseError(SWAP_L, 'expected "swapfile dev swaplo blocks free" rows under their header', line);
    }
    total += Number(blocks) * 512;
    free += Number(freeBlocks) * 512;
    enforceCap(SWAP_L, 'swap devices', ++devices, LIMITS.items);
  }
  return { swap_total_mb: mib(total), swap_free_mb: mib(free), devices };
}

const SUMMARY = /^total: ([0-9]{1,15})k bytes allocated \+ ([0-9]{1,15})k reserved = ([0-9]{1,15})k used, ([0-9]{1,15})k available$/;

function parseSwapS(stdout: string): SwapSummary {
  const lines = splitLines(SWAP_S, stdout).map((l) => l.trim()).filter((l) => l !== '');
  const m = lines.length === 1 ? SUMMARY.exec(lines[0]!) : null;
  if (m === null) throw new ParseError(SWAP_S, 'expected "total: Nk bytes allocated + Nk reserved = Nk used, Nk available"', lines[0]);
  return { allocated_kb: Number(m[1]), reserved_kb: Number(m[2]), used_kb: Number(m[3]), available_kb: Number(m[4]) };
}

/**
 * The `memory` fact from whichever SunOS sources answered: swap from the swap devices when there are
 * any, else (a zone, a host swapping to nothing) from the virtual swap summary, as Ansible reports it.
 * @example
 * sunosMemory({ pages, swapDevices, swapSummary })
 */
export function sunosMemory(sources: { pages?: KstatPages; swapDevices?: SwapDevices; swapSummary?: SwapSummary }): Memory {
  const { pages, swapDevices, swapSummary } = sources;
  const fromDevices = swapDevices !== undefined && swapDevices.devices > 0;
  return {
    total_mb: pages?.total_mb ?? null,
    available_mb: pages?.available_mb ?? null,
    swap_total_mb: fromDevices ? swapDevices.swap_total_mb : swapSummary ? Math.floor((swapSummary.used_kb + swapSummary.available_kb) / 1024) : null,
    swap_free_mb: fromDevices ? swapDevices.swap_free_mb : swapSummary ? Math.floor(swapSummary.available_kb / 1024) : null,
  };
}

/** Physical and free memory from the page size and kstat's system_pages. */
export const kstatPagesSpec: ParserSpec<KstatPages> = {
  name: PAGES,
  command: '/usr/bin/pagesize && /usr/bin/kstat -p -n system_pages',
  parse: parsePages,
  description: 'pagesize and kstat system_pages: total (physmem) and available (freemem) memory in MiB',
};

/** Swap devices from `swap -l`. */
export const swapListSpec: ParserSpec<SwapDevices> = {
  name: SWAP_L,
  command: '/usr/sbin/swap -l',
  parse: parseSwapL,
  description: 'swap -l: total and free swap in MiB over the swap devices, and how many there are',
};

/** Virtual swap from `swap -s`. */
export const swapSummarySpec: ParserSpec<SwapSummary> = {
  name: SWAP_S,
  command: '/usr/sbin/swap -s',
  parse: parseSwapS,
  description: 'swap -s: virtual swap allocated, reserved, used and available in KiB',
};
