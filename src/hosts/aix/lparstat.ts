/**
 * `lparstat -i` describes the logical partition AIX runs in, one `Key : value` per line (keys padded
 * with blanks, sometimes doubled, and decimal commas in some locales):
 *
 *     Partition Name                             : sample2
 *     Partition Number                           : 61
 *     Type                                       : Shared-SMT-4
 *     Online Virtual CPUs                        : 1
 *     Online Memory                              : 16384 MB
 *
 * A partition number of `-` means the OS owns the whole machine (no hypervisor partitioning).
 */
import type { ParserSpec } from '../fact.js';
import { NO_VIRTUALIZATION, type Virtualization } from '../common/hypervisors.js';
import { parseCount, parseError, splitLines } from '../common/text.js';

/** What the facts use from `lparstat -i`. */
export interface Lpar {
  readonly partition_name: string | null;
  /** `null` for a machine that is not partitioned (`-`). */
  readonly partition_number: number | null;
  /** `Dedicated`, `Shared`, with `-SMT` or `-SMT-<threads>`. */
  readonly type: string | null;
  /** Hardware threads per virtual processor: the `SMT-n` of the type; 2 for plain `SMT` (POWER5/6 era); 1 without SMT. */
  readonly smt_threads: number | null;
  readonly online_virtual_cpus: number | null;
  readonly online_memory_mb: number | null;
}

const NAME = 'aix.lparstat';

/** Parses `lparstat -i`. */
export function parseLparstat(stdout: string): Lpar {
  const fields = new Map<string, string>();
  const lines = splitLines(stdout);
  if (lines.length > 10_000) throw parseError(NAME, 'more than 10000 lines');
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().replace(/\s+/g, ' ');
    if (key !== '' && !fields.has(key)) fields.set(key, line.slice(colon + 1).trim());
  }
  if (!fields.has('Partition Number') && !fields.has('Partition Name')) throw parseError(NAME, 'no "Partition Number" nor "Partition Name" line', lines.find((l) => l.trim() !== ''));
  const type = fields.get('Type') || null;
  const smt = type === null ? null : /-SMT-([0-9]{1,2})$/.exec(type)?.[1] ?? (/-SMT$/.test(type) ? '2' : '1');
  const number = parseCount(fields.get('Partition Number') ?? '');
  const memory = /^([0-9]{1,9}) MB$/.exec(fields.get('Online Memory') ?? '');
  return {
    partition_name: fields.get('Partition Name') || null,
    partition_number: number ?? null,
    type,
    smt_threads: smt === null ? null : Number(smt),
    online_virtual_cpus: parseCount(fields.get('Online Virtual CPUs') ?? '') ?? null,
    online_memory_mb: memory === null ? null : Number(memory[1]),
  };
}

/** An LPAR is a guest of the POWER hypervisor (PowerVM); a whole unpartitioned machine is not. */
export function lparVirtualization(lpar: Lpar): Virtualization {
  return lpar.partition_number === null ? NO_VIRTUALIZATION : { role: 'guest', type: 'lpar' };
}

/** The partition, its processor mode and its online CPUs and memory. */
export const aixLparstat: ParserSpec<Lpar> = {
  name: NAME,
  command: '/usr/bin/lparstat -i',
  parse: parseLparstat,
  description: 'Reads lparstat -i and returns the partition name and number, type (SMT mode), online virtual CPUs and memory.',
};
