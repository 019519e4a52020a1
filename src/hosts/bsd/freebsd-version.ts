/**
 * `freebsd-version` (FreeBSD 10.0 and later) prints the userland version, e.g. `14.1-RELEASE-p5`,
 * `13.2-STABLE`, `15.0-CURRENT`. The `os` fact takes the numeric part as the version, the way
 * FreeBSD's own /etc/os-release sets VERSION_ID, so both sources agree.
 */
import type { ParserSpec } from '../fact.js';
import type { OsRelease } from '../common/os-release.js';
import { parseError, splitLines } from '../common/text.js';

const NAME = 'freebsd.version';
const VERSION = /^([0-9]{1,3}\.[0-9]{1,3})-(RELEASE|STABLE|CURRENT|PRERELEASE|BETA[0-9]{0,2}|RC[0-9]{0,2}|ALPHA[0-9]{0,2})(?:-p[0-9]{1,4})?$/;

/** Parses the one line of `freebsd-version` into the `os` fact. */
export function parseFreebsdVersion(stdout: string): OsRelease {
  const lines = splitLines(stdout).map((l) => l.trim()).filter((l) => l !== '');
  const m = lines.length === 1 ? VERSION.exec(lines[0]!) : null;
  if (m === null) throw parseError(NAME, 'expected one line like 14.1-RELEASE-p5', lines[0]);
  return { family: 'freebsd', name: 'FreeBSD', version: m[1]!, id: 'freebsd' };
}

/** The FreeBSD userland version (freebsd-version); for hosts without /etc/os-release (before 13.0). */
export const freebsdVersion: ParserSpec<OsRelease> = {
  name: NAME,
  command: 'freebsd-version',
  parse: parseFreebsdVersion,
  description: 'Reads freebsd-version (userland, e.g. 14.1-RELEASE-p5) and returns os {family, name, version, id}.',
};
