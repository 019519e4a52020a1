/**
 * The `interfaces` fact and the builder every interface parser fills. Addresses are kept without
 * their prefix length (`10.0.0.1`, not `10.0.0.1/24`) and in the order the tool printed them; MACs are
 * lowercase and colon-separated; an interface without a 6-byte hardware address (loopback, tun,
 * wireguard, ipip, infiniband) has `mac_address: null`.
 */

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
 * `__proto__` an ordinary key; `toRecord` turns it into the plain fact object.
 */
export class InterfaceTable {
  private readonly byName = new Map<string, NetworkInterface>();

  /** The interface called `name`, created empty on first use. */
  get(name: string): NetworkInterface {
    let entry = this.byName.get(name);
    if (entry === undefined) {
      entry = { ipv4_addresses: [], ipv6_addresses: [], mac_address: null, zone: null };
      this.byName.set(name, entry);
    }
    return entry;
  }

  /** Adds an address to the right list of `name`, once. */
  addAddress(name: string, family: 'inet' | 'inet6', address: string): void {
    const list = family === 'inet' ? this.get(name).ipv4_addresses : this.get(name).ipv6_addresses;
    if (!list.includes(address)) list.push(address);
  }

  get size(): number {
    return this.byName.size;
  }

  /** The `interfaces` fact. */
  toRecord(): Interfaces {
    return Object.fromEntries(this.byName);
  }
}
