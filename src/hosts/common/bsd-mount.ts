/**
 * `mount` without arguments lists the mounted filesystems, in one of two BSD forms:
 *
 *     /dev/ada0p2 on / (ufs, local, journaled soft-updates)      (FreeBSD, DragonFly, macOS)
 *     /dev/sd0a on / type ffs (local, wxallowed)                 (OpenBSD, NetBSD)
 *
 * Only the type of each mount point is kept: `df -Pk` gives the rest (common.df-posix).
 */
import type { ParserSpec } from '../fact.js';
import { parseError, splitLines } from './text.js';

/** The most mounts read; a real host with many ZFS datasets or jails has thousands, not more. */
export const MAX_MOUNTS = 100_000;

const TYPE = /^[A-Za-z0-9_.-]{1,32}$/;

/** Splits what follows ` on ` into mount point and type, by index search (no backtracking). */
function mountAndType(rest: string): [string, string] | undefined {
  let head = rest;
  let options: string | undefined;
  const paren = rest.lastIndexOf(' (');
  if (rest.endsWith(')') && paren > 0) {
    head = rest.slice(0, paren);
    options = rest.slice(paren + 2, -1);
  }
  const typed = head.lastIndexOf(' type ');
  if (typed > 0) return [head.slice(0, typed), head.slice(typed + 6)];
  if (options === undefined) return undefined;
  const comma = options.indexOf(',');
  return [head, comma < 0 ? options : options.slice(0, comma)];
}

const NAME = 'common.bsd-mount';

/** Parses `mount` output into a mount point → filesystem type map. */
export function parseBsdMount(stdout: string): Record<string, string> {
  const lines = splitLines(stdout);
  if (lines.length > MAX_MOUNTS) throw parseError(NAME, `more than ${MAX_MOUNTS} lines`);
  const types = new Map<string, string>();
  for (const raw of lines) {
    // macOS leaves a blank after some lines' closing parenthesis.
    const line = raw.trimEnd();
    if (line === '') continue;
    const on = line.indexOf(' on ');
    const rest = on > 0 ? line.slice(on + 4) : '';
    const m = on > 0 ? mountAndType(rest) : undefined;
    if (m === undefined || m[0] === '' || !TYPE.test(m[1])) throw parseError(NAME, 'expected "device on mount (type, ...)" or "device on mount type t (...)"', line);
    // A later mount over the same point hides the earlier one: the last line wins.
    types.set(m[0], m[1]);
  }
  if (types.size === 0) throw parseError(NAME, 'no mount listed');
  return Object.fromEntries(types);
}

/** The filesystem type of every mount point. */
export const commonBsdMount: ParserSpec<Record<string, string>> = {
  name: NAME,
  command: 'mount',
  parse: parseBsdMount,
  description: 'Reads mount (BSD "on / (ufs, ...)" or "on / type ffs (...)" forms) and returns mount point to type.',
};
