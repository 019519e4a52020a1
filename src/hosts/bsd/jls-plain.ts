/**
 * Plain `jls`, where `jls -v --libxo json` is refused (FreeBSD before 11): a header, then one line per
 * running jail printed as `%6d  %-15.15s %-29.29s %.74s` — JID, first IPv4 address (blank or `-`
 * without one), hostname cut at 29 characters, path cut at 74. It has no jail name: the jails are
 * keyed by JID, as jls-json keys a jail listed without its name.
 */
import type { ParserSpec } from '../fact.js';
import { parseError, splitLines } from '../common/text.js';
import { addJail, jailAddresses, type Jail, type Jails } from './jails.js';

const NAME = 'freebsd.jls';
const HEADER = /^ *JID {2}IP Address {6}Hostname {22}Path *$/;

/** The trimmed text of columns [from, to), `null` when blank or `-`. */
function column(line: string, from: number, to?: number): string | null {
  const v = line.slice(from, to).trim();
  return v === '' || v === '-' ? null : v;
}

/** Parses plain `jls` into the jails, keyed by JID. */
export function parseJlsPlain(stdout: string): Jails {
  const lines = splitLines(stdout).filter((l) => l.trim() !== '');
  if (lines[0] === undefined || !HEADER.test(lines[0])) throw parseError(NAME, 'no "JID  IP Address  Hostname  Path" header', lines[0]);
  const jails = new Map<string, Jail>();
  for (const line of lines.slice(1)) {
    const jid = /^ {0,5}([0-9]{1,6})  /.exec(line)?.[1];
    if (jid === undefined || Number(jid) <= 0 || line.length < 24) throw parseError(NAME, 'not a jail line (JID, address, hostname, path)', line);
    const address = column(line, 8, 23);
    if (address !== null && jailAddresses(address, 'inet').length === 0) throw parseError(NAME, 'not an IPv4 address in the address column', line);
    addJail(NAME, jails, {
      jid: Number(jid),
      name: String(Number(jid)),
      hostname: column(line, 24, 53),
      root: column(line, 54),
      state: 'running',
      ipv4_addresses: address === null ? [] : [address],
      ipv6_addresses: [],
    });
  }
  return Object.fromEntries(jails);
}

/** The running jails from plain `jls`: JID, first IPv4 address, hostname and path. */
export const freebsdJlsPlain: ParserSpec<Jails> = {
  name: NAME,
  command: 'jls',
  parse: parseJlsPlain,
  description: 'Reads plain jls (FreeBSD before 11) and returns the running jails by JID with hostname, root and first IPv4 address.',
};
