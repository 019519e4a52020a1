/**
 * ZFS pools from `zpool list -Hp -o name,size,alloc,free,cap,dedup,health`: tab-separated, sizes in
 * bytes (`-p`, illumos and Solaris 11.4). Releases without `-p` (Solaris 10, older Solaris 11) fall
 * back to `-H` and human sizes (`109G`, `4.91M`, 1024-based), read as the nearest byte count they
 * stand for. Pasted `zpool list` tables with their header are read by column name.
 */
import type { ParserSpec } from '../fact.js';
import { ParseError } from '../parse-error.js';
import { enforceCap, LIMITS } from '../common/limits.js';
import { splitLines } from './text.js';

/** One pool. */
export interface Zpool {
  readonly name: string;
  readonly size_bytes: number | null;
  readonly allocated_bytes: number | null;
  /** ONLINE, DEGRADED, FAULTED, OFFLINE, UNAVAIL, REMOVED, SUSPENDED. */
  readonly health: string;
}

const NAME = 'sunos.zpool-list';
const COLUMNS = ['NAME', 'SIZE', 'ALLOC', 'FREE', 'CAP', 'DEDUP', 'HEALTH'];
const POOL_NAME = /^[A-Za-z][A-Za-z0-9_.:-]{0,255}$/;
const HEALTH = /^(?:ONLINE|DEGRADED|FAULTED|OFFLINE|UNAVAIL|REMOVED|SUSPENDED)$/;
const UNITS: Readonly<Record<string, number>> = { '': 1, B: 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40, P: 2 ** 50, E: 2 ** 60 };

/** `4398046511104` or `4T`, `4.91M`, `107,5G` (decimal comma); `-` and anything else give null. */
function bytes(text: string | undefined): number | null {
  const m = /^([0-9]{1,20})(?:[.,]([0-9]{1,6}))?([BKMGTPE]?)$/.exec(text ?? '');
  if (m === null) return null;
  const value = Number(`${m[1]}.${m[2] ?? '0'}`) * UNITS[m[3]!]!;
  return Number.isSafeInteger(Math.round(value)) ? Math.round(value) : null;
}

function parse(stdout: string): Zpool[] {
  const pools: Zpool[] = [];
  let columns = COLUMNS;
  for (const raw of splitLines(NAME, stdout)) {
    const line = raw.trim();
    // A host without pools (UFS root on Solaris 10) prints this line, and no pool: an empty list.
    if (line === '' || line === 'no pools available') continue;
    const cells = line.split(/\s+/);
    if (cells[0] === 'NAME' && cells.includes('HEALTH')) {
      columns = cells;
      continue;
    }
    const at = (column: string): string | undefined => cells[columns.indexOf(column)];
    const name = at('NAME') ?? '';
    const health = at('HEALTH') ?? '';
    if (!POOL_NAME.test(name) || !HEALTH.test(health)) throw new ParseError(NAME, 'expected "name size alloc free cap dedup health" of a pool', line);
    pools.push({ name, size_bytes: bytes(at('SIZE')), allocated_bytes: bytes(at('ALLOC')), health });
    enforceCap(NAME, 'pools', pools.length, LIMITS.items);
  }
  return pools;
}

/** ZFS pools with size, allocation and health. */
export const zpoolListSpec: ParserSpec<Zpool[]> = {
  name: NAME,
  command:
    '/usr/sbin/zpool list -Hp -o name,size,alloc,free,cap,dedup,health 2>/dev/null || /usr/sbin/zpool list -H -o name,size,alloc,free,cap,dedup,health',
  parse,
  description: 'zpool list: each pool with size and allocated bytes (approximate where -p is unknown) and health',
};
