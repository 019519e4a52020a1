/**
 * `bdf` (HP-UX's df in kilobytes): `Filesystem kbytes used avail %used Mounted on`, one line per
 * mount, except that a device name too long for its column is printed alone and its numbers go on the
 * next line, indented (`ql1snapnas1:/lakewood/lkwd2ob` then `  268435456 1305040 267130416 0% /x`).
 * The type is not printed: `type` is null. Like df, bdf can hang on a stale NFS mount, so the fact runs
 * under the filesystems timeout.
 */
import type { ParserSpec } from '../fact.js';
import { enforceCap, LIMITS } from '../common/limits.js';
import type { Filesystem } from '../common/df-posix.js';
import { parseError, splitLines } from '../common/text.js';

const NAME = 'hpux.bdf';
const HEADER = /^Filesystem +kbytes +used +avail +%used +Mounted on *$/;
const NUMBERS = /^ *([0-9]{1,12}) +([0-9]{1,12}) +([0-9]{1,12}) +([0-9]{1,3})% (.+)$/;

/** Parses `bdf` output into the `filesystems` fact. */
export function parseBdf(stdout: string): Filesystem[] {
  const lines = splitLines(stdout).filter((l) => l.trim() !== '');
  if (lines[0] === undefined || !HEADER.test(lines[0])) throw parseError(NAME, 'no "Filesystem kbytes used avail %used Mounted on" header', lines[0]);
  const out: Filesystem[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const device = /^\S{1,1024}/.exec(line)?.[0];
    if (device === undefined) throw parseError(NAME, 'a line without its device', line);
    // A device alone on its line: the numbers are on the next one.
    const rest = line.length === device.length ? lines[++i] : line.slice(device.length);
    const m = rest === undefined ? null : NUMBERS.exec(rest);
    if (m === null) throw parseError(NAME, 'not a filesystem line (device, kbytes, used, avail, %used, mount)', rest ?? line);
    const mount = m[5]!.trim();
    if (mount === '') throw parseError(NAME, 'a filesystem line without mount point', line);
    out.push({ mount, device, type: null, size_bytes: Number(m[1]) * 1024, used_bytes: Number(m[2]) * 1024, available_bytes: Number(m[3]) * 1024 });
    enforceCap(NAME, 'filesystems', out.length, LIMITS.filesystems);
  }
  return out;
}

/** Mounted filesystems with device, size, used and available bytes from `bdf`. */
export const hpuxBdf: ParserSpec<Filesystem[]> = {
  name: NAME,
  command: '/usr/bin/bdf',
  parse: parseBdf,
  description: 'Reads HP-UX bdf (kilobytes, long device names on their own line) and returns each mount with device, size, used and available bytes.',
};
