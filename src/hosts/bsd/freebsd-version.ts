/**
 * `freebsd-version` (FreeBSD 10 and later, in /bin): the installed userland's release, one line such
 * as `14.3-RELEASE-p1` or `13.3-STABLE`. It is what `os` reads on a FreeBSD without /etc/os-release
 * (before 13, or a jail that lacks it), before the kernel release uname gave: a patch that touches
 * only the userland moves this version and not the kernel's.
 */
import type { ParserSpec } from '../fact.js';
import type { OsRelease } from '../common/os-release.js';
import { parseError, splitLines } from '../common/text.js';

const NAME = 'freebsd.version';

// `14.3-RELEASE-p1`, `13.3-STABLE`, `15.0-CURRENT`, `14.0-BETA2`: the leading number is the version.
const RELEASE = /^([0-9]{1,3}\.[0-9]{1,3})-[A-Z][A-Z0-9]{0,15}(?:-p[0-9]{1,4})?$/;

/** Parses the one line of `freebsd-version` into the `os` fact. */
export function parseFreebsdVersion(stdout: string): OsRelease {
  const lines = splitLines(stdout).filter((l) => l.trim() !== '');
  if (lines.length !== 1) throw parseError(NAME, `expected one line, got ${lines.length}`, lines[0]);
  const m = RELEASE.exec(lines[0]!.trim());
  if (m === null) throw parseError(NAME, 'not a FreeBSD release such as 14.3-RELEASE-p1', lines[0]);
  return { family: 'freebsd', name: 'FreeBSD', version: m[1]!, id: 'freebsd' };
}

/** The FreeBSD userland release from `freebsd-version`. */
export const freebsdVersion: ParserSpec<OsRelease> = {
  name: NAME,
  command: 'freebsd-version',
  parse: parseFreebsdVersion,
  description: 'Reads freebsd-version (the installed userland release, e.g. 14.3-RELEASE-p1) and returns the os with its version.',
};
