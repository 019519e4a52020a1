/**
 * AIX's `ifconfig -a` prints no hardware address; `netstat -in` does, on each interface's `link#`
 * row, with dots and without leading zeros:
 *
 *     Name  Mtu   Network     Address            Ipkts Ierrs    Opkts Oerrs  Coll
 *     en0   1500  link#2      1a.d8.5f.87.26.15 81979866     0 34796223     0     0
 *     en0   1500  10.10.10    10.10.10.102     81979866     0 34796223     0     0
 *     lo0   16896 link#1                        2421883     0  2421883     0     0
 *
 * Indented lines (multicast groups) are skipped.
 */
import type { ParserSpec } from '../fact.js';
import { normaliseMac } from '../common/interfaces.js';
import { parseError, splitLines, words } from '../common/text.js';

/** The hardware address of each interface (`null` for loopback and other links without one). */
export type LinkMacs = Record<string, string | null>;

const NAME = 'aix.netstat-in';
const MAX_LINES = 100_000;

/** Parses `netstat -in` into interface → MAC. */
export function parseNetstatIn(stdout: string): LinkMacs {
  const lines = splitLines(stdout);
  if (lines.length > MAX_LINES) throw parseError(NAME, `more than ${MAX_LINES} lines`);
  const header = lines.findIndex((l) => l.trim() !== '');
  if (header < 0 || !/^Name\s+Mtu\s+Network\s+Address/.test(lines[header]!)) throw parseError(NAME, 'no "Name Mtu Network Address" header', lines[header]);
  const macs = new Map<string, string | null>();
  for (const line of lines.slice(header + 1)) {
    if (line.trim() === '' || /^[ \t]/.test(line)) continue;
    const [name, , network, address] = words(line);
    if (name === undefined || !/^[A-Za-z0-9_.-]{1,64}$/.test(name)) throw parseError(NAME, 'not an interface line', line);
    if (!network?.startsWith('link#')) continue;
    const mac = address === undefined || !address.includes('.') ? null : normaliseMac(address.replaceAll('.', ':'));
    if (!macs.has(name) || macs.get(name) === null) macs.set(name, mac);
  }
  return Object.fromEntries(macs);
}

/** MAC addresses by interface, from the link rows of `netstat -in`. */
export const aixNetstatIn: ParserSpec<LinkMacs> = {
  name: NAME,
  command: '/usr/bin/netstat -in',
  parse: parseNetstatIn,
  description: 'Reads the link# rows of netstat -in (AIX) and returns each interface\'s MAC address.',
};
