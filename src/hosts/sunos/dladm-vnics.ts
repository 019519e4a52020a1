/**
 * `dladm show-vnic` lists VNICs with the link they sit on and their MAC. illumos prints the owning
 * zone in a ZONE column; Solaris 11 has no such column and names a zone's VNIC `zone/link` instead.
 * Seen from the global zone this is the only trace of an exclusive-IP zone's interfaces. Solaris 10
 * has no VNICs (its dladm exits 1 with a usage message); dladm prints nothing when there are none.
 */
import type { ParserSpec } from '../fact.js';
import { ParseError } from '../parse-error.js';
import { isLinkName, parseDladmTable } from './dladm-table.js';
import { normaliseMac } from '../common/interfaces.js';

/** One VNIC; several zones may each own a VNIC of the same name (`net0`), hence a list. */
export interface Vnic {
  readonly link: string;
  readonly over: string | null;
  readonly mac_address: string | null;
  /** The zone the VNIC is assigned to; null when the global zone (or nobody) holds it. */
  readonly zone: string | null;
}

const NAME = 'sunos.dladm-vnics';

function parse(stdout: string): Vnic[] {
  return parseDladmTable(NAME, stdout, ['LINK', 'OVER', 'MACADDRESS']).map((row) => {
    const printed = row.LINK ?? '';
    if (!isLinkName(printed)) throw new ParseError(NAME, 'expected a link name', printed);
    const slash = printed.indexOf('/');
    const link = slash < 0 ? printed : printed.slice(slash + 1);
    const prefixZone = slash < 0 ? null : printed.slice(0, slash);
    const zone = row.ZONE ?? prefixZone;
    return { link, over: row.OVER ?? null, mac_address: normaliseMac(row.MACADDRESS ?? ''), zone: zone === 'global' ? null : zone };
  });
}

/** Lists VNICs with their underlying link, MAC and owning zone from `dladm show-vnic`. */
export const dladmVnicsSpec: ParserSpec<Vnic[]> = {
  name: NAME,
  command: '/usr/sbin/dladm show-vnic',
  parse,
  description: 'dladm show-vnic: VNICs with underlying link, MAC and owning zone (ZONE column or zone/ prefix)',
};
