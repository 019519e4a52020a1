/**
 * Plain `jls`, for FreeBSD before 11 (no libxo) — fixed columns under a header:
 *
 *        JID  IP Address      Hostname                      Path
 *          1  192.0.2.5       www.example.org               /usr/jails/www
 *
 * The columns are cut where the header puts them: a jail without an address leaves its column blank,
 * and a path may hold spaces. This listing has no jail names: jails are keyed by JID.
 */
import type { ParserSpec } from '../fact.js';
import { parseError, splitLines } from '../common/text.js';
import { addJail, jailAddresses, type Jail, type Jails } from './jails.js';

const NAME = 'freebsd.jls';

/** Parses the `jls` table into jails keyed by JID. */
export function parseJls(stdout: string): Jails {
  const lines = splitLines(stdout).filter((l) => l.trim() !== '');
  const header = lines[0] ?? '';
  const ipAt = header.indexOf('IP Address');
  const hostAt = header.indexOf('Hostname');
  const pathAt = header.indexOf('Path');
  if (!/^\s*JID\s/.test(header) || ipAt < 0 || hostAt < ipAt || pathAt < hostAt) throw parseError(NAME, 'no "JID  IP Address  Hostname  Path" header', header);
  const jails = new Map<string, Jail>();
  for (const line of lines.slice(1)) {
    const jid = Number(line.slice(0, ipAt).trim());
    if (!/^\s*[0-9]{1,10}\s*$/.test(line.slice(0, ipAt)) || !Number.isSafeInteger(jid) || jid <= 0) throw parseError(NAME, 'a row without a JID', line);
    const ip = line.slice(ipAt, hostAt).trim();
    const hostname = line.slice(hostAt, pathAt).trim();
    const path = line.slice(pathAt).trim();
    addJail(NAME, jails, {
      jid,
      name: String(jid),
      hostname: hostname === '' ? null : hostname,
      root: path === '' ? null : path,
      state: 'running',
      ipv4_addresses: jailAddresses(ip, 'inet'),
      ipv6_addresses: jailAddresses(ip, 'inet6'),
    });
  }
  return Object.fromEntries(jails);
}

/** The running jails from plain jls (JID, first address, hostname, path), keyed by JID. */
export const freebsdJls: ParserSpec<Jails> = {
  name: NAME,
  command: 'jls',
  parse: parseJls,
  description: 'Reads the plain jls table (FreeBSD before 11) and returns the jails keyed by JID with hostname, root and address.',
};
