/**
 * `mount -v` prints one line per mount: `rpool/ROOT/solaris on / type zfs read/write/... on <date>`
 * (plain `mount` omits the type). It completes `df -k`, which on Solaris 10 cannot print types.
 */
import type { ParserSpec } from '../fact.js';
import { enforceCap, LIMITS } from '../common/limits.js';
import { ParseError } from '../parse-error.js';
import { splitLines } from './text.js';

/** Mount point to filesystem type (`zfs`, `ufs`, `nfs`, `lofs`, `tmpfs`...). */
export type MountTypes = Record<string, string>;

const NAME = 'sunos.mount-types';
const FSTYPE = /^[a-z][a-z0-9_-]{0,15}$/;

/** Splits `special on /mount type fstype options on date`, or returns null. */
function mountAndType(line: string): [string, string] | null {
  const typeAt = line.indexOf(' type ');
  if (typeAt < 0) return null;
  const onAt = line.lastIndexOf(' on ', typeAt);
  const mount = onAt < 0 ? '' : line.slice(onAt + 4, typeAt);
  const type = line.slice(typeAt + 6).split(' ')[0] ?? '';
  return mount.startsWith('/') && FSTYPE.test(type) ? [mount, type] : null;
}

function parse(stdout: string): MountTypes {
  const types: MountTypes = {};
  let rows = 0;
  for (const line of splitLines(NAME, stdout)) {
    if (line.trim() === '') continue;
    const found = mountAndType(line);
    if (!found) throw new ParseError(NAME, 'expected "<special> on <mount> type <fstype> <options> on <date>"', line);
    rows++;
    enforceCap(NAME, 'mounts', rows, LIMITS.filesystems);
    // A later line over the same mount point is the one mounted on top, the one df reports.
    types[found[0]] = found[1];
  }
  if (rows === 0) throw new ParseError(NAME, 'empty mount table');
  return types;
}

/** Maps mount points to filesystem types from `mount -v`, to complete `df -k`. */
export const mountTypesSpec: ParserSpec<MountTypes> = {
  name: NAME,
  command: '/usr/sbin/mount -v',
  parse,
  description: 'mount -v: mount point to filesystem type, to fill the type of sunos.df rows',
};
