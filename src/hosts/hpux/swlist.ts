/**
 * The HP-UX release with its update: `swlist` lists the installed Operating Environment bundle,
 * `HPUX11i-OE-Ent  B.11.23.0512  HP-UX Enterprise Operating Environment Component` or
 * `HPUX11i-DC-OE  B.11.31.1109  HP-UX Data Center Operating Environment`, whose revision is the
 * release (B.11.31) and the update (1109: September 2011). `uname -r` gives the release alone.
 */
import type { ParserSpec } from '../fact.js';
import type { OsRelease } from '../common/os-release.js';
import { parseError, splitLines } from '../common/text.js';

const NAME = 'hpux.swlist';
const OE = /^\s+HPUX11i-[A-Za-z-]{0,20}OE[A-Za-z-]{0,20}\s+(B\.11\.[0-9]{2}(?:\.[0-9]{2,6})?)\s/;

/** The `os` fact of HP-UX from its release (`B.11.31` from uname, or the OE's `B.11.31.1109`). */
export function hpuxOs(version: string): OsRelease {
  return { family: 'hpux', name: 'HP-UX', version, id: 'hpux' };
}

/** Parses `swlist` into the `os` fact, from the Operating Environment bundle. */
export function parseSwlist(stdout: string): OsRelease {
  const lines = splitLines(stdout);
  if (lines.length > 200_000) throw parseError(NAME, 'more than 200000 lines');
  for (const line of lines) {
    const m = OE.exec(line + ' ');
    if (m !== null) return hpuxOs(m[1]!);
  }
  throw parseError(NAME, 'no HPUX11i-...OE bundle line', lines.find((l) => l.trim() !== ''));
}

/** The HP-UX release and update, from the Operating Environment bundle. */
export const hpuxSwlist: ParserSpec<OsRelease> = {
  name: NAME,
  command: '/usr/sbin/swlist -l bundle',
  parse: parseSwlist,
  description: 'Reads the HPUX11i-*OE bundle of swlist -l bundle and returns os {family: hpux, name: HP-UX, version: e.g. B.11.31.1109, id: hpux}.',
};
