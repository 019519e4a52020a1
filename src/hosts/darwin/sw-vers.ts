/**
 * `sw_vers` prints three tab-separated `Key:	value` lines (macOS 13 adds `ProductVersionExtra` for a
 * Rapid Security Response):
 *
 *     ProductName:	macOS                     (Mac OS X before 10.12, "Mac OS X Server" on servers)
 *     ProductVersion:	14.4.1
 *     BuildVersion:	23E224
 */
import type { ParserSpec } from '../fact.js';
import type { OsRelease } from '../common/os-release.js';
import { parseError, splitLines, splitOnce } from '../common/text.js';

const NAME = 'darwin.sw-vers';

/** Parses `sw_vers` into the `os` fact: family `darwin`, id `macos`. */
export function parseSwVers(stdout: string): OsRelease {
  const fields = new Map<string, string>();
  for (const line of splitLines(stdout)) {
    if (line.trim() === '') continue;
    const kv = splitOnce(line, ':');
    if (kv === undefined || !/^[A-Za-z]{1,40}$/.test(kv[0])) throw parseError(NAME, 'not a "Key: value" line', line);
    if (!fields.has(kv[0])) fields.set(kv[0], kv[1].trim());
  }
  const name = fields.get('ProductName');
  const version = fields.get('ProductVersion');
  if (name === undefined || name === '' || version === undefined || !/^[0-9]{1,3}(\.[0-9]{1,3}){0,2}$/.test(version)) {
    throw parseError(NAME, 'no ProductName and ProductVersion (like 14.4.1)', splitLines(stdout)[0]);
  }
  return { family: 'darwin', name, version, id: 'macos' };
}

/** The macOS product name and version. */
export const darwinSwVers: ParserSpec<OsRelease> = {
  name: NAME,
  command: 'sw_vers',
  parse: parseSwVers,
  description: 'Reads sw_vers and returns os {family: darwin, name: macOS or Mac OS X, version, id: macos}.',
};
