/**
 * Debian packages from `dpkg-query -W -f='${Status}\t${Package}\t${Version}\t${Architecture}\n'`:
 * only lines whose status is `install ok installed` (a removed package keeps `deinstall ok
 * config-files` until purged). The tab-separated `dpkg-query -W` default (`name<TAB>version`) reads too,
 * a `name:arch` name giving the architecture.
 */
import type { ParserSpec } from '../fact.js';
import { pushPackage, type Package } from '../common/packages.js';
import { parseError, splitLines } from '../common/text.js';

const NAME = 'linux.dpkg';
const STATUS = /^[a-z]{3,9} [a-z-]{2,20} [a-z-]{3,20}$/;

/** Parses dpkg-query lines into installed packages. */
export function parseDpkg(stdout: string): Package[] {
  const packages: Package[] = [];
  for (const line of splitLines(stdout)) {
    if (line.trim() === '') continue;
    const fields = line.split('\t');
    const status = STATUS.test(fields[0]!) ? fields.shift()! : null;
    const [name = '', version = '', arch] = fields;
    if (fields.length < 2 || fields.length > 3 || !/^[a-z0-9][a-z0-9+.-]{0,127}(?::[a-z0-9-]{1,32})?$/.test(name) || version === '') {
      throw parseError(NAME, 'expected "status<TAB>name<TAB>version<TAB>architecture"', line);
    }
    if (status !== null && !status.endsWith(' installed')) continue;
    // `${binary:Package}` qualifies a multi-arch package with its architecture (`libc6:amd64`).
    const [bare = name, qualifier] = name.split(':');
    pushPackage(NAME, packages, { name: bare, version, arch: arch !== undefined && arch !== '' ? arch : (qualifier ?? null), manager: 'dpkg' });
  }
  return packages;
}

/** Installed Debian packages. */
export const linuxDpkg: ParserSpec<Package[]> = {
  name: NAME,
  command: "dpkg-query -W -f='${Status}\\t${Package}\\t${Version}\\t${Architecture}\\n'",
  parse: parseDpkg,
  description: 'Reads dpkg-query -W and returns the installed Debian packages with version and architecture.',
};
