/**
 * Address arithmetic for the Ansible view: the netmask, network and broadcast Ansible's network
 * collectors print next to each IPv4 address, and the scope `ip addr` prints next to each IPv6 one.
 */
import { isIPv4 } from 'node:net';

/** One IPv4 address as Ansible describes it; `prefix` is a string, as Ansible writes it. */
export interface AnsibleIpv4 {
  address: string;
  broadcast: string;
  netmask: string;
  network: string;
  prefix: string;
}

const toInt = (address: string): number => address.split('.').reduce((n, part) => n * 256 + Number(part), 0);
const toText = (n: number): string => [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');

/**
 * An IPv4 address with its prefix length, described as Ansible does, the broadcast address computed
 * from the prefix; `undefined` for a malformed one.
 * @example
 * ipv4Entry('192.0.2.2', 24) // => { address: '192.0.2.2', broadcast: '192.0.2.255', netmask: '255.255.255.0', network: '192.0.2.0', prefix: '24' }
 */
export function ipv4Entry(address: string, prefix: number): AnsibleIpv4 | undefined {
  if (!isIPv4(address) || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) return undefined;
  const mask = prefix === 0 ? 0 : (2 ** 32 - 2 ** (32 - prefix));
  const addr = toInt(address);
  // Bitwise operators are 32-bit signed in JavaScript: stay in unsigned arithmetic.
  const network = addr - (addr % 2 ** (32 - prefix));
  const broadcast = network + 2 ** (32 - prefix) - 1;
  return {
    address,
    broadcast: toText(broadcast),
    netmask: toText(mask),
    network: toText(network),
    prefix: String(prefix),
  };
}

/** The scope `ip addr` prints for an IPv6 address: `host`, `link`, `site` or `global`. */
export function ipv6Scope(address: string): string {
  const lower = address.toLowerCase();
  if (lower === '::1') return 'host';
  if (/^fe[89ab][0-9a-f]:/.test(lower)) return 'link';
  if (/^fe[c-f][0-9a-f]:/.test(lower)) return 'site';
  return 'global';
}
