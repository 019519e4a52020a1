/**
 * Alpine packages from `apk list -I` (apk-tools 2.9 and later: `musl-1.2.4-r2 x86_64 {musl} (MIT)
 * [installed]`), falling back to `apk info -v` (`musl-1.2.4-r2`) on older ones. The version is the
 * last two dash-separated parts (`1.2.4-r2`). apk prints `WARNING:` lines about its index cache on
 * stdout, between package lines; they are skipped.
 */
import type { ParserSpec } from '../fact.js';
import { pushPackage, type Package } from '../common/packages.js';
import { parseError, splitLines } from '../common/text.js';

const NAME = 'linux.apk';

/**
 * Splits `name-version-rN` at the dash that starts the version. A virtual package made by `apk add
 * --virtual` has no `-rN` (`.python-rundeps-20210402.212232`); its version is the last part.
 */
function nameVersion(word: string): { name: string; version: string } | undefined {
  const last = word.lastIndexOf('-');
  const release = /^r[0-9]{1,9}$/.test(word.slice(last + 1)) ? last : word.length;
  const version = word.lastIndexOf('-', release - 1);
  if (last <= 0 || version <= 0 || !/^[0-9]/.test(word.slice(version + 1))) return undefined;
  return { name: word.slice(0, version), version: word.slice(version + 1) };
}

/** Parses apk's listing into installed packages. */
export function parseApk(stdout: string): Package[] {
  const packages: Package[] = [];
  for (const line of splitLines(stdout)) {
    const text = line.trim();
    if (text === '' || text.startsWith('WARNING:')) continue;
    const words = text.split(/\s+/);
    const nv = nameVersion(words[0]!);
    const listed = words.length >= 3 && words[words.length - 1] === '[installed]';
    if (nv === undefined || (words.length > 1 && !listed)) throw parseError(NAME, 'expected "name-version-rN [arch {origin} (license) [installed]]"', line);
    pushPackage(NAME, packages, { ...nv, arch: listed ? words[1]! : null, manager: 'apk' });
  }
  return packages;
}

/** Installed Alpine packages. */
export const linuxApk: ParserSpec<Package[]> = {
  name: NAME,
  command: 'apk list -I 2>/dev/null || apk info -v',
  parse: parseApk,
  description: 'Reads apk list -I (apk info -v on old apk-tools) and returns the installed Alpine packages with version and architecture.',
};
