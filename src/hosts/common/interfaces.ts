/**
 * The `interfaces` fact and the builder every interface parser fills. Addresses are kept without
 * their prefix length (`10.0.0.1`, not `10.0.0.1/24`) and in the order the tool printed them; MACs are
 * lowercase and colon-separated; an interface without a 6-byte hardware address (loopback, tun,
 * wireguard, ipip, infiniband) has `mac_address: null`.
 */
import { enforceCap, LIMITS } from './limits.js';

/** One network interface. */
export interface NetworkInterface {
  ipv4_addresses: string[];
  ipv6_addresses: string[];
  mac_address: string | null;
  /** The Solaris zone the interface belongs to; always `null` on Linux. */
  zone: string | null;
}

/** The `interfaces` fact, by interface name. */
export type Interfaces = Record<string, NetworkInterface>;

/**
 * Normalises a hardware address: 6 octets separated by `:` or `-`, any case, one or two hex digits
 * each (Solaris prints `0:14:4f:...`). Anything else, and the all-zero address, give `null`.
 * @example
 * normaliseMac('00:1F:BC:0D:5F:B1') // => '00:1f:bc:0d:5f:b1'
 */
export function normaliseMac(raw: string): string | null {
  const octets = raw.split(/[:-]/);
  if (octets.length !== 6 || !octets.every((o) => /^[0-9a-fA-F]{1,2}$/.test(o))) return null;
  const mac = octets.map((o) => o.toLowerCase().padStart(2, '0')).join(':');
  return mac === '00:00:00:00:00:00' ? null : mac;
}

/** Drops a `/prefix` and an IPv6 `%zone` from an address. */
export function bareAddress(raw: string): string {
  const slash = raw.indexOf('/');
  const noPrefix = slash < 0 ? raw : raw.slice(0, slash);
  const percent = noPrefix.indexOf('%');
  return percent < 0 ? noPrefix : noPrefix.slice(0, percent);
}

/** True for a dotted-quad IPv4 address. */
export function isIpv4(address: string): boolean {
  const parts = address.split('.');
  return parts.length === 4 && parts.every((p) => /^[0-9]{1,3}$/.test(p) && Number(p) <= 255);
}

/** True for something shaped like an IPv6 address (hex groups and colons, maybe a dotted tail). */
export function isIpv6(address: string): boolean {
  return address.includes(':') && address.length <= 45 && /^[0-9a-fA-F:.]+$/.test(address);
}

/**
 * Collects interfaces in the order they are first seen. A `Map` keeps a hostile name such as
 * `__proto__` an ordinary key; `toRecord` turns it into the plain fact object. Each address list has a
 * `Set` beside it, so adding an address costs O(1) however many the interface already has (issue 13:
 * the `includes` scan it replaces made 150,000 addresses take 49 s), and the lists stop at `LIMITS`.
 */
export class InterfaceTable {
  private readonly byName = new Map<string, { entry: NetworkInterface; seen: Set<string> }>();

  /** @param parser the parser's name, for the `ParseError` a cap raises. */
  constructor(private readonly parser: string) {}

  private slot(name: string): { entry: NetworkInterface; seen: Set<string> } {
    let slot = this.byName.get(name);
    if (slot === undefined) {
      enforceCap(this.parser, 'interfaces', this.byName.size + 1, LIMITS.interfaces);
      slot = { entry: { ipv4_addresses: [], ipv6_addresses: [], mac_address: null, zone: null }, seen: new Set() };
      this.byName.set(name, slot);
    }
    return slot;
  }

  /** The interface called `name`, created empty on first use. */
  get(name: string): NetworkInterface {
    return this.slot(name).entry;
  }

  /** Adds an address to the right list of `name`, once. */
  addAddress(name: string, family: 'inet' | 'inet6', address: string): void {
    const { entry, seen } = this.slot(name);
    // Families never share an address text (a dotted quad has no colon), so one set serves both.
    if (seen.has(address)) return;
    seen.add(address);
    enforceCap(this.parser, `addresses on ${name}`, seen.size, LIMITS.addressesPerInterface);
    (family === 'inet' ? entry.ipv4_addresses : entry.ipv6_addresses).push(address);
  }

  get size(): number {
    return this.byName.size;
  }

  /** The `interfaces` fact. */
  toRecord(): Interfaces {
    return Object.fromEntries([...this.byName].map(([name, slot]) => [name, slot.entry]));
  }
}
