/**
 * `zonename` prints the name of the zone the shell runs in: `global`, or the non-global zone's name.
 * Exists from Solaris 10 on; on older releases the command is absent (exit 127) and there are no zones.
 */
import type { ParserSpec } from '../fact.js';
import { ParseError } from '../parse-error.js';

/** The zone the scan runs in. */
export type Zonename = string;

const NAME = 'sunos.zonename';
// zonecfg(1M): a name starts with an alphanumeric and holds alphanumerics, '-', '_' and '.'; 64 bytes.
const ZONE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

function parse(stdout: string): Zonename {
  const words = stdout.trim().split(/\s+/);
  const name = words[0] ?? '';
  if (words.length !== 1 || !ZONE_NAME.test(name)) {
    throw new ParseError(NAME, 'expected a single zone name', stdout.trim().split('\n')[0]);
  }
  return name;
}

/** Reads the current zone's name from `zonename`. */
export const zonenameSpec: ParserSpec<Zonename> = {
  name: NAME,
  command: '/usr/bin/zonename',
  parse,
  description: 'zonename: the name of the zone the scan runs in (`global` outside zones)',
};
