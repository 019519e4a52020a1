/**
 * Solaris `df -k`: `Filesystem kbytes used avail capacity Mounted on` (Solaris 11 says 1024-blocks,
 * Used, Available), one row per mount. A device name too long for its column (ZFS datasets, NFS
 * paths) is printed alone and its numbers continue on the next line. Solaris 10's df has no -P nor -T,
 * so the type comes from `mount -v` (sunos.mount-types) and `withFsTypes` joins the two.
 */
import type { ParserSpec } from '../fact.js';
import { ParseError } from '../parse-error.js';
import { enforceCap, LIMITS } from '../common/limits.js';
import { splitLines } from './text.js';

/** One mounted filesystem; `type` is null until joined with `mount -v`. */
export interface Filesystem {
  readonly mount: string;
  readonly device: string;
  readonly type: string | null;
  readonly size_bytes: number;
  readonly used_bytes: number;
  /** df's avail: what an unprivileged user may still write (UFS reserves minfree for root). */
  readonly available_bytes: number;
}

const NAME = 'sunos.df';
const NUMBER = /^\d{1,15}$/;
const CAPACITY = /^\d{1,3}%$/;

/** Reads `kbytes used avail capacity mount...` cells; null when they do not have that shape. */
function figures(device: string, cells: readonly string[]): Filesystem | null {
  const [kbytes, used, avail, capacity, ...mount] = cells;
  if (![kbytes, used, avail].every((n) => n !== undefined && NUMBER.test(n))) return null;
  if (capacity === undefined || !CAPACITY.test(capacity) || mount.length === 0) return null;
  // A mount point may contain blanks; df prints it last, so the rest of the line is the mount point.
  return { mount: mount.join(' '), device, type: null, size_bytes: Number(kbytes) * 1024, used_bytes: Number(used) * 1024, available_bytes: Number(avail) * 1024 };
}

function parse(stdout: string): Filesystem[] {
  const lines = splitLines(NAME, stdout).filter((line) => line.trim() !== '');
  if (!/^Filesystem\s/.test(lines[0] ?? '')) throw new ParseError(NAME, 'expected the "Filesystem ..." header', lines[0]);
  const out: Filesystem[] = [];
  let wrapped: string | null = null;
  for (const line of lines.slice(1)) {
    const cells = line.trim().split(/\s+/);
    if (cells.length === 1 && !/^\s/.test(line)) {
      wrapped = cells[0]!;
      continue;
    }
    // A continuation line starts with blanks and has no device cell.
    const row = wrapped !== null && /^\s/.test(line) ? figures(wrapped, cells) : figures(cells[0]!, cells.slice(1));
    wrapped = null;
    if (!row) throw new ParseError(NAME, 'expected "device kbytes used avail capacity mount"', line);
    out.push(row);
    enforceCap(NAME, 'filesystems', out.length, LIMITS.filesystems);
  }
  return out;
}

/** Lists mounted filesystems with size and usage in bytes from `df -k`, joining wrapped lines. */
export const dfSpec: ParserSpec<Filesystem[]> = {
  name: NAME,
  command: '/usr/bin/df -k',
  parse,
  description: 'df -k: filesystems (mount, device, size_bytes, used_bytes, available_bytes; type null until joined with mount-types)',
};

/** Fills each filesystem's `type` from a mount point to type map (the sunos.mount-types fact). */
export function withFsTypes(filesystems: readonly Filesystem[], types: Readonly<Record<string, string>>): Filesystem[] {
  return filesystems.map((fs) => ({ ...fs, type: Object.hasOwn(types, fs.mount) ? types[fs.mount]! : fs.type }));
}
