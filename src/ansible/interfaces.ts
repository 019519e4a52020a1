/**
 * `ansible_interfaces`, one `ansible_<name>` dictionary per interface, `all_ipv4_addresses` and
 * `all_ipv6_addresses`, shaped as Ansible's Linux collector (module_utils/facts/network/linux.py) and
 * SunOS collector (network/sunos.py on generic_bsd.py) shape them, from plesio's `interfaces`.
 */
import { ipv4Entry, ipv6Scope, type AnsibleIpv4 } from './addresses.js';
import { bool, count, nonEmpty, record, records, strings } from './read.js';

/** One interface's address, as plesio's interface details list it. */
interface Address {
  readonly family: 'inet' | 'inet6';
  readonly address: string;
  readonly prefix: number | undefined;
}

/** An interface as plesio reports it, read defensively. */
export interface PlesioInterface {
  readonly name: string;
  readonly mac: string | undefined;
  readonly mtu: number | undefined;
  readonly up: boolean | undefined;
  readonly type: string | undefined;
  readonly speed: number | undefined;
  readonly members: string[];
  readonly zone: string | undefined;
  readonly addresses: Address[];
}

/** The interfaces of a report, with their addresses from the details when gathered, else from the address lists. */
export function readInterfaces(facts: Record<string, unknown>): PlesioInterface[] {
  const all = record(facts['interfaces']);
  if (all === undefined) return [];
  return Object.entries(all).flatMap(([name, value]) => {
    const iface = record(value);
    if (iface === undefined) return [];
    const detailed = records(iface['addresses'])?.flatMap((a): Address[] => {
      const address = nonEmpty(a['address']);
      return address !== undefined && (a['family'] === 'inet' || a['family'] === 'inet6') ? [{ family: a['family'], address, prefix: count(a['prefix']) }] : [];
    });
    const listed = (key: string, family: 'inet' | 'inet6'): Address[] => (strings(iface[key]) ?? []).map((address) => ({ family, address, prefix: undefined }));
    return [{
      name,
      mac: nonEmpty(iface['mac_address']),
      mtu: count(iface['mtu']),
      up: bool(iface['up']),
      type: nonEmpty(iface['type']),
      speed: count(iface['speed_mbps']),
      members: strings(iface['members']) ?? [],
      zone: nonEmpty(iface['zone']),
      addresses: detailed ?? [...listed('ipv4_addresses', 'inet'), ...listed('ipv6_addresses', 'inet6')],
    }];
  });
}

/** Link kinds (`ip -d`'s info_kind) whose links are Ethernet-framed: sysfs type 1, Ansible's `ether`. */
const ETHER_KINDS: ReadonlySet<string> = new Set([
  'vlan', 'veth', 'dummy', 'macvlan', 'macvtap', 'ipvlan', 'ipvtap', 'vxlan', 'geneve', 'team', 'tap', 'ifb', 'vrf', 'macsec',
  'gretap', 'ip6gretap', 'erspan', 'batadv', 'hsr',
]);

/** Link kinds without a link layer: sysfs type 65534, Ansible's `tunnel`. */
const TUNNEL_KINDS: ReadonlySet<string> = new Set(['none', 'wireguard', 'tun', 'xfrm', 'gtp']);

/** Ansible's Linux `type`: from /sys/class/net/*\/type (1 ether, 772 loopback, 65534 tunnel…), bridge and bonding by their sysfs folders. */
function linuxType(type: string | undefined): string {
  if (type === undefined) return 'unknown';
  if (type === 'bond') return 'bonding';
  if (['ether', 'loopback', 'bridge', 'infiniband', 'ppp'].includes(type)) return type;
  if (TUNNEL_KINDS.has(type)) return 'tunnel';
  return ETHER_KINDS.has(type) ? 'ether' : 'unknown';
}

/** The IPv4 entry of an address, or just its address when plesio knows no prefix for it. */
function v4(address: Address): AnsibleIpv4 | { address: string } {
  return (address.prefix === undefined ? undefined : ipv4Entry(address.address, address.prefix)) ?? { address: address.address };
}

/**
 * `ip addr` prints the broadcast address an interface was given: none on loopback and on /31 and /32
 * links, where Ansible writes ''. plesio keeps only the prefix, so elsewhere it is the usual one.
 */
function linuxV4(address: Address, loopback: boolean): AnsibleIpv4 | { address: string } {
  const entry = v4(address);
  return 'prefix' in entry && (loopback || Number(entry.prefix) >= 31) ? { ...entry, broadcast: '' } : entry;
}

/** A Linux interface: the first IPv4 address is `ipv4`, the others `ipv4_secondaries`. */
export function linuxInterface(iface: PlesioInterface): Record<string, unknown> {
  const type = linuxType(iface.type);
  const loopback = type === 'loopback';
  const ipv4 = iface.addresses.filter((a) => a.family === 'inet').map((a) => linuxV4(a, loopback));
  const ipv6 = iface.addresses.filter((a) => a.family === 'inet6').map((a) => ({ address: a.address, ...(a.prefix !== undefined && { prefix: String(a.prefix) }), scope: ipv6Scope(a.address) }));
  return {
    device: iface.name,
    ...(iface.mac !== undefined && iface.mac !== '00:00:00:00:00:00' && { macaddress: iface.mac }),
    ...(iface.mtu !== undefined && { mtu: iface.mtu }),
    ...(iface.up !== undefined && { active: iface.up }),
    ...(iface.type !== undefined && { type }),
    ...(iface.speed !== undefined && { speed: iface.speed }),
    ...(type === 'bridge' && { interfaces: iface.members }),
    ...(type === 'bonding' && { slaves: iface.members }),
    ...(ipv4.length > 0 && { ipv4: ipv4[0] }),
    ...(ipv4.length > 1 && { ipv4_secondaries: ipv4.slice(1) }),
    ...(ipv6.length > 0 && { ipv6 }),
  };
}

/**
 * A SunOS interface as generic_bsd's ifconfig parser leaves it: `ipv4` and `ipv6` as lists of one
 * combined entry (the MTU, a string, inside it), `type` `loopback` or `unknown`, `macaddress` `unknown`
 * where ifconfig shows no `ether` line. plesio folds logical interfaces (`net0:1`) into their link, so
 * only the first address of each family is described.
 */
export function sunosInterface(iface: PlesioInterface): Record<string, unknown> {
  const loopback = iface.type === 'loopback';
  const mtu = iface.mtu === undefined ? {} : { mtu: String(iface.mtu) };
  const v4first = iface.addresses.find((a) => a.family === 'inet');
  const v6first = iface.addresses.find((a) => a.family === 'inet6');
  return {
    device: iface.name,
    type: loopback ? 'loopback' : 'unknown',
    macaddress: iface.mac ?? 'unknown',
    ipv4: v4first === undefined ? [] : [{ ...mtu, ...withoutPrefix(v4(v4first)) }],
    ipv6: v6first === undefined ? [] : [{ ...mtu, address: v6first.address, ...(v6first.prefix !== undefined && { prefix: String(v6first.prefix) }) }],
  };
}

/** generic_bsd computes the broadcast address for every IPv4 address and keeps no prefix. */
function withoutPrefix(entry: AnsibleIpv4 | { address: string }): Record<string, unknown> {
  if (!('prefix' in entry)) return entry;
  const { prefix: _, ...rest } = entry;
  return rest;
}

/** The interfaces Ansible's collector of `system` lists: on SunOS only the zone's own (ifconfig -a shows no other zone's). */
export function listedInterfaces(interfaces: PlesioInterface[], system: string | undefined): PlesioInterface[] {
  return system === 'SunOS' ? interfaces.filter((i) => i.zone === undefined) : interfaces;
}

/** `all_ipv4_addresses` (not 127/8) and `all_ipv6_addresses` (not ::1) in interface order. */
export function allAddresses(interfaces: PlesioInterface[]): Record<string, string[]> {
  const all = interfaces.flatMap((i) => i.addresses);
  return {
    all_ipv4_addresses: all.filter((a) => a.family === 'inet' && !a.address.startsWith('127.')).map((a) => a.address),
    all_ipv6_addresses: all.filter((a) => a.family === 'inet6' && a.address !== '::1').map((a) => a.address),
  };
}
