/**
 * `hostid`: the 32-bit host identifier, printed in hexadecimal by GNU coreutils, BusyBox and Solaris.
 */
import type { ParserSpec } from '../fact.js';
import { parseError, splitLines } from './text.js';

const NAME = 'common.hostid';

/** Parses the one line of `hostid` into 8 lowercase hex digits, e.g. `0ec2daa6`. */
export function parseHostid(stdout: string): string {
  const lines = splitLines(stdout).map((l) => l.trim()).filter((l) => l.length > 0);
  if (lines.length !== 1) throw parseError(NAME, `expected one line, got ${lines.length}`, lines[0]);
  const value = lines[0]!.replace(/^0x/i, '');
  if (!/^[0-9a-fA-F]{1,8}$/.test(value)) throw parseError(NAME, 'not a 32-bit hexadecimal number', lines[0]);
  // Pad so that one host gives one string whatever printed it (a `%x` without leading zeros).
  return value.toLowerCase().padStart(8, '0');
}

/** The host identifier; the same command on Linux and SunOS. */
export const commonHostid: ParserSpec<string> = {
  name: NAME,
  command: 'hostid',
  parse: parseHostid,
  description: 'Reads hostid and returns the host identifier as 8 lowercase hexadecimal digits.',
};
