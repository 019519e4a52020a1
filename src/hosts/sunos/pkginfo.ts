/**
 * SVR4 packages from `pkginfo -l` (Solaris 10, and the legacy packages of Solaris 11): one block per
 * package of `KEY:  value` lines, `PKGINST` first, with `ARCH` and `VERSION` among them; continuation
 * lines of FILES have no key.
 */
import type { ParserSpec } from '../fact.js';
import { ParseError } from '../parse-error.js';
import { pushPackage, type Package } from '../common/packages.js';
import { splitLines } from './text.js';

const NAME = 'sunos.pkginfo';
const FIELD = /^([A-Z][A-Z_]{1,15}):\s*(.*)$/;

function parse(stdout: string): Package[] {
  const packages: Package[] = [];
  let current: { name: string; version: string | null; arch: string | null } | undefined;
  const flush = (): void => {
    if (current !== undefined) pushPackage(NAME, packages, { name: current.name, version: current.version ?? '', arch: current.arch, manager: 'pkginfo' });
  };
  for (const raw of splitLines(NAME, stdout)) {
    const line = raw.trim();
    if (line === '') continue;
    const field = FIELD.exec(line);
    if (field === null) {
      // FILES continues on lines such as "4 directories": numbers then words, no key.
      if (current !== undefined && /^[0-9]{1,12} [a-z/ ()]{1,60}$/.test(line)) continue;
      throw new ParseError(NAME, 'expected "KEY:  value" lines of pkginfo -l', line);
    }
    const [, key, value] = field as unknown as [string, string, string];
    if (key === 'PKGINST') {
      flush();
      if (!/^[A-Za-z][A-Za-z0-9+._-]{0,63}$/.test(value)) throw new ParseError(NAME, 'not a package instance name', line);
      current = { name: value, version: null, arch: null };
    } else if (current === undefined) {
      throw new ParseError(NAME, 'a field before the first PKGINST', line);
    } else if (key === 'VERSION') {
      current.version = value;
    } else if (key === 'ARCH') {
      current.arch = value === '' ? null : value;
    }
  }
  flush();
  return packages;
}

/** Installed SVR4 packages. */
export const pkginfoSpec: ParserSpec<Package[]> = {
  name: NAME,
  command: '/usr/bin/pkginfo -l',
  parse,
  description: 'pkginfo -l: installed SVR4 packages with version and architecture (Solaris 10, legacy packages of 11)',
};
