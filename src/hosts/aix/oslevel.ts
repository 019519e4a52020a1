/**
 * `oslevel -s` prints the AIX level as release, technology level, service pack and build week:
 * `7100-05-04-1914` is AIX 7.1 TL5 SP4, built in week 14 of 2019. That string is how AIX levels are
 * named in IBM's fix tables, so it is the version; its first four digits give the release.
 */
import type { ParserSpec } from '../fact.js';
import type { OsRelease } from '../common/os-release.js';
import { parseError, splitLines } from '../common/text.js';

const NAME = 'aix.oslevel';
const LEVEL = /^([0-9])([0-9])00-[0-9]{2}-[0-9]{2}-[0-9]{4}$/;

/** Parses the one line of `oslevel -s` into the `os` fact. */
export function parseOslevel(stdout: string): OsRelease {
  const lines = splitLines(stdout).map((l) => l.trim()).filter((l) => l !== '');
  if (lines.length !== 1 || !LEVEL.test(lines[0]!)) throw parseError(NAME, 'expected one line like 7100-05-04-1914', lines[0]);
  return { family: 'aix', name: 'AIX', version: lines[0]!, id: 'aix' };
}

/** The AIX level: release, technology level, service pack and build. */
export const aixOslevel: ParserSpec<OsRelease> = {
  name: NAME,
  command: '/usr/bin/oslevel -s',
  parse: parseOslevel,
  description: 'Reads oslevel -s and returns os {family: aix, name: AIX, version: e.g. 7100-05-04-1914, id: aix}.',
};
