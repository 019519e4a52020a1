/**
 * `ifconfig -a` on SunOS prints one block per logical interface and address family:
 * `bge0: flags=1000843<UP,...,IPv4> mtu 1500 index 2`, then indented `inet`, `inet6`, `ether`, `zone`
 * and `groupname` lines. `ether` appears only for root on Solaris 10 (dladm gives the MAC elsewhere).
 *
 * Shape decisions (one entry per interface, as the 2009 scanner reported them):
 * - the IPv4 and IPv6 blocks of an interface, and its logical interfaces (`bge0:1`) that belong to
 *   the zone running ifconfig, merge into one entry keyed by the physical name (`bge0`);
 * - a logical interface whose `zone` line names a non-global zone (shared-IP zones seen from the
 *   global zone) is its own entry keyed `bge0:1`, with `zone` set and the physical interface's MAC;
 * - loopback (127/8, ::1) and unconfigured (0.0.0.0, ::) addresses are left out, as in 2009;
 * - IPv6 addresses lose their `/prefix`; MACs are zero-padded lowercase.
 */
import type { ParserSpec } from '../fact.js';
import type { Interfaces } from '../common/interfaces.js';
import { ifconfigBlocks, type IfconfigBlock } from './ifconfig-blocks.js';

export type { Interfaces, NetworkInterface } from '../common/interfaces.js';

const NAME = 'sunos.ifconfig';
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const IPV6 = /^[0-9a-f:.]{2,45}$/;

function ipv4(text: string): string | null {
  const m = IPV4.exec(text);
  if (!m || m.slice(1).some((octet) => Number(octet) > 255)) return null;
  return m[1] === '0' || m[1] === '127' ? null : text;
}

function ipv6(text: string): string | null {
  const address = text.toLowerCase();
  if (!IPV6.test(address) || !address.includes(':')) return null;
  return address === '::' || address === '::1' ? null : address;
}

// Sets keep insertion order and make a repeated address cost O(1), even on hostile output; a Map
// keeps an interface called `constructor` or `toString` an ordinary key.
interface Draft {
  readonly v4: Set<string>;
  readonly v6: Set<string>;
  readonly zone: string | null;
}

function commit(out: Map<string, Draft>, block: IfconfigBlock, macs: Map<string, string>): void {
  const physical = block.name.split(':')[0]!;
  if (block.mac) macs.set(physical, block.mac);
  const v4 = block.addresses.filter((a) => a.family === 'inet').map((a) => ipv4(a.address)).filter((a) => a !== null);
  const v6 = block.addresses.filter((a) => a.family === 'inet6').map((a) => ipv6(a.address)).filter((a) => a !== null);
  const ownedElsewhere = block.zone !== null;
  if (ownedElsewhere && v4.length + v6.length === 0) return;
  const key = ownedElsewhere ? block.name : physical;
  let entry = out.get(key);
  if (entry === undefined) {
    entry = { v4: new Set(), v6: new Set(), zone: block.zone };
    out.set(key, entry);
  }
  for (const a of v4) entry.v4.add(a);
  for (const a of v6) entry.v6.add(a);
}

function parse(stdout: string): Interfaces {
  const out = new Map<string, Draft>();
  const macs = new Map<string, string>();
  for (const block of ifconfigBlocks(NAME, stdout)) commit(out, block, macs);
  return Object.fromEntries(
    [...out].map(([name, e]) => [name, { ipv4_addresses: [...e.v4], ipv6_addresses: [...e.v6], mac_address: macs.get(name.split(':')[0]!) ?? null, zone: e.zone }]),
  );
}

/** Lists interfaces with their IPv4/IPv6 addresses, MAC and zone from `ifconfig -a`. */
export const ifconfigSpec: ParserSpec<Interfaces> = {
  name: NAME,
  command: '/sbin/ifconfig -a',
  parse,
  // Solaris 10 prints the `ether` line to root only; without it the MAC must come from dladm.
  needsRoot: true,
  description: 'ifconfig -a: interfaces with ipv4/ipv6 addresses, MAC (root only on Solaris 10) and owning zone',
};
