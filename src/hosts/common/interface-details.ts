/**
 * The details `interfaces` gains in issue 18, by interface name, from the Linux (`ip -d addr`, JSON or
 * text, and /sys/class/net speeds) and SunOS (`ifconfig -a`, `dladm show-link`/`show-phys`) parsers,
 * to be merged into the `interfaces` entries of the same name. Addresses keep their prefix length here
 * (the `interfaces` lists keep none).
 */
import type { Interfaces, NetworkInterface } from './interfaces.js';
import { enforceCap, LIMITS } from './limits.js';

/** One address with its prefix length. */
export interface InterfaceAddress {
  readonly family: 'inet' | 'inet6';
  readonly address: string;
  /** `null` where the source prints no mask or prefix. */
  readonly prefix: number | null;
}

/** The details of one interface; `null` where the source does not tell. */
export interface InterfaceDetail {
  mtu: number | null;
  /** Administratively up (the UP flag), whether or not a cable is in. */
  up: boolean | null;
  /** `ether`, `loopback`, `bond`, `bridge`, `vlan`, `veth`, `tun`, `wireguard` (Linux); `phys`, `aggr`, `vnic`, `ipmp`, `etherstub`, `iptun` (SunOS). */
  type: string | null;
  speed_mbps: number | null;
  readonly addresses: InterfaceAddress[];
  /** The members of a bond, bridge, aggregation or IPMP group; `[]` for others. */
  readonly members: string[];
}

/** Interface details by name. */
export type InterfaceDetails = Record<string, InterfaceDetail>;

/**
 * Collects interface details in the order first seen. A `Map` keeps hostile names ordinary keys; a
 * `Set` per interface makes a repeated address O(1); lists stop at `LIMITS`.
 */
export class InterfaceDetailTable {
  private readonly byName = new Map<string, { detail: InterfaceDetail; seen: Set<string>; members: Set<string> }>();

  constructor(private readonly parser: string) {}

  private slot(name: string): { detail: InterfaceDetail; seen: Set<string>; members: Set<string> } {
    let slot = this.byName.get(name);
    if (slot === undefined) {
      enforceCap(this.parser, 'interfaces', this.byName.size + 1, LIMITS.interfaces);
      slot = { detail: { mtu: null, up: null, type: null, speed_mbps: null, addresses: [], members: [] }, seen: new Set(), members: new Set() };
      this.byName.set(name, slot);
    }
    return slot;
  }

  /** The details of `name`, created empty on first use. */
  get(name: string): InterfaceDetail {
    return this.slot(name).detail;
  }

  /** Adds an address once. */
  addAddress(name: string, address: InterfaceAddress): void {
    const slot = this.slot(name);
    const key = `${address.address}/${address.prefix ?? ''}`;
    if (slot.seen.has(key)) return;
    slot.seen.add(key);
    enforceCap(this.parser, `addresses on ${name}`, slot.seen.size, LIMITS.addressesPerInterface);
    slot.detail.addresses.push(address);
  }

  /** Records `member` as a member of `group` (a bond, bridge, aggregation or IPMP group), once. */
  addMember(group: string, member: string): void {
    const slot = this.slot(group);
    if (slot.members.has(member)) return;
    slot.members.add(member);
    enforceCap(this.parser, `members of ${group}`, slot.members.size, LIMITS.interfaces);
    slot.detail.members.push(member);
  }

  get size(): number {
    return this.byName.size;
  }

  /** The details by name. */
  toRecord(): InterfaceDetails {
    return Object.fromEntries([...this.byName].map(([name, slot]) => [name, slot.detail]));
  }
}

/**
 * Sets each interface's `speed_mbps` from a speeds map (linux.net-speed), leaving the others as they
 * are. Pure, for the saga that gathers both.
 * @example
 * withSpeeds(details, speeds)
 */
export function withSpeeds(details: InterfaceDetails, speeds: Readonly<Record<string, number | null>>): InterfaceDetails {
  return Object.fromEntries(
    Object.entries(details).map(([name, d]) => [name, Object.hasOwn(speeds, name) && speeds[name] !== null ? { ...d, speed_mbps: speeds[name]! } : d]),
  );
}

/** An interface of the `interfaces` fact on Linux and SunOS: the original keys and the details. */
export type DetailedInterface = NetworkInterface & Omit<InterfaceDetail, 'addresses' | 'members'> & {
  readonly addresses: InterfaceAddress[];
  readonly members: string[];
};

/**
 * The `interfaces` fact with each interface's details: its MTU, state, type, speed, members and
 * addresses with prefixes, `null` (and `[]` for members) where no source told them. Without details
 * (a fallback source that prints none) the addresses are the interface's own, their prefix `null`.
 * Only the interfaces of `interfaces` are kept: the details of a link without an IP interface say
 * nothing about one.
 * @example
 * withDetails(interfaces, withSpeeds(details, speeds))
 */
export function withDetails(interfaces: Interfaces, details: InterfaceDetails): Record<string, DetailedInterface> {
  const out: Record<string, DetailedInterface> = {};
  for (const [name, entry] of Object.entries(interfaces)) {
    const d = Object.hasOwn(details, name) ? details[name] : undefined;
    const own: InterfaceAddress[] = [
      ...entry.ipv4_addresses.map((address) => ({ family: 'inet' as const, address, prefix: null })),
      ...entry.ipv6_addresses.map((address) => ({ family: 'inet6' as const, address, prefix: null })),
    ];
    out[name] = {
      ...entry,
      mtu: d?.mtu ?? null,
      up: d?.up ?? null,
      type: d?.type ?? null,
      speed_mbps: d?.speed_mbps ?? null,
      addresses: d?.addresses ?? own,
      members: d?.members ?? [],
    };
  }
  return out;
}
