/**
 * Interface details from the same `ifconfig -a` as sunos.ifconfig, keyed the same way (a global-zone
 * logical interface folds into its physical one; one owned by another zone is `bge0:1`): the MTU and
 * UP flag of the physical interface's first block, the kind where the flags tell it (LOOPBACK,
 * IPMP, POINTOPOINT tunnels, VIRTUAL), addresses with their prefix (IPv4 from the hex netmask, IPv6
 * from `/N`), and an IPMP group's members from their `groupname` lines. Unconfigured `0.0.0.0` and
 * `::` addresses are left out; loopback addresses are kept.
 */
import type { ParserSpec } from '../fact.js';
import { InterfaceDetailTable, type InterfaceDetails } from '../common/interface-details.js';
import { ifconfigBlocks, type IfconfigBlock } from './ifconfig-blocks.js';

const NAME = 'sunos.ifconfig-details';

function kindOf(flags: readonly string[]): string | null {
  if (flags.includes('LOOPBACK')) return 'loopback';
  if (flags.includes('IPMP')) return 'ipmp';
  if (flags.includes('POINTOPOINT')) return 'tunnel';
  if (flags.includes('VIRTUAL')) return 'virtual';
  return null;
}

function keyOf(block: IfconfigBlock): string {
  return block.zone !== null ? block.name : block.name.split(':')[0]!;
}

function parse(stdout: string): InterfaceDetails {
  const table = new InterfaceDetailTable(NAME);
  const groups: Array<[string, string]> = [];
  for (const block of ifconfigBlocks(NAME, stdout)) {
    const key = keyOf(block);
    const configured = block.addresses.filter((a) => a.address !== '0.0.0.0' && a.address !== '::');
    // A logical interface of another zone is an entry of its own only with an address that is not
    // loopback: the rule of sunos.ifconfig, so both facts have the same keys.
    if (block.zone !== null && !configured.some((a) => !/^127\./.test(a.address) && a.address !== '::1')) continue;
    const detail = table.get(key);
    if (detail.mtu === null) detail.mtu = block.mtu;
    // An interface's own blocks (IPv4, IPv6) say whether it is up; a global-zone logical one only its address.
    if (!block.name.includes(':') || block.zone !== null) detail.up = detail.up === true || block.flags.includes('UP');
    detail.type ??= kindOf(block.flags);
    for (const address of configured) table.addAddress(key, { ...address, address: address.family === 'inet6' ? address.address.toLowerCase() : address.address });
    if (block.group !== null && block.group !== key) groups.push([block.group, key]);
  }
  const known = new Set(Object.keys(table.toRecord()));
  // Solaris 10 IPMP groups are names, not interfaces: only a group interface (Solaris 11) lists members.
  for (const [group, member] of groups) if (known.has(group)) table.addMember(group, member);
  return table.toRecord();
}

/** MTU, state, kind, prefixed addresses and IPMP members from `ifconfig -a`. */
export const ifconfigDetailsSpec: ParserSpec<InterfaceDetails> = {
  name: NAME,
  command: '/sbin/ifconfig -a',
  parse,
  description: 'ifconfig -a: per interface MTU, up, kind (loopback, ipmp, tunnel), addresses with prefixes and IPMP members',
};
