/**
 * `dladm show-phys -m` lists the MAC address of every physical link (Solaris 11, illumos), readable
 * without root, unlike the `ether` line of Solaris 10's ifconfig. Solaris 10's dladm has no show-phys:
 * it prints its usage to stderr and exits 1, which means "no such source", not a failed scan.
 */
import type { ParserSpec } from '../fact.js';
import { ParseError } from '../parse-error.js';
import { isLinkName, parseDladmTable } from './dladm-table.js';
import { normaliseMac } from '../common/interfaces.js';

/** Physical link name to its primary MAC address (zero-padded lowercase). */
export type LinkMacs = Record<string, string>;

const NAME = 'sunos.dladm-phys-macs';

function parse(stdout: string): LinkMacs {
  const macs: LinkMacs = {};
  for (const row of parseDladmTable(NAME, stdout, ['LINK', 'ADDRESS'])) {
    // Extra factory addresses of a NIC are further rows with another SLOT; the primary one is the link's.
    if (row.SLOT !== undefined && row.SLOT !== 'primary') continue;
    const link = row.LINK ?? '';
    const mac = normaliseMac(row.ADDRESS ?? '');
    if (!isLinkName(link) || mac === null) throw new ParseError(NAME, 'expected a link name and a MAC address', `${link} ${row.ADDRESS ?? ''}`);
    macs[link] = mac;
  }
  return macs;
}

/** Maps each physical link to its MAC address from `dladm show-phys -m`. */
export const dladmPhysMacsSpec: ParserSpec<LinkMacs> = {
  name: NAME,
  command: '/usr/sbin/dladm show-phys -m',
  parse,
  description: 'dladm show-phys -m: physical link name to primary MAC address (Solaris 11 and illumos)',
};
