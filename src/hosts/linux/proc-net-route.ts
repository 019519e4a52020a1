/**
 * `/proc/net/route` and `/proc/net/ipv6_route`, the last fallback for routes (no `ip` at all). The
 * IPv4 table has a header and hexadecimal columns in the host's byte order (`0101A8C0` is 192.168.1.1
 * on x86); the IPv6 table has no header: destination, prefix length, source, source prefix, next hop
 * (32 hex digits each but the lengths), metric, reference count, use, flags and the device.
 * Destinations are written as `ip route` prints them (`default`, `10.0.0.0/24`, a bare host address).
 * The byte order is not printed: it is the one in which every netmask is contiguous (little-endian
 * when both are, as with only /0 and /32 masks, since big-endian Linux hosts are rare).
 */
import type { ParserSpec } from '../fact.js';
import { RouteTable, type RoutingTable } from '../common/routes.js';
import { parseError, splitLines, words } from '../common/text.js';

const NAME = 'linux.proc-net-route';
const HEX8 = /^[0-9A-Fa-f]{8}$/;
const HEX32 = /^[0-9a-fA-F]{32}$/;
const RTF_GATEWAY = 0x2;
const RTF_REJECT = 0x200;
/** IPv6 flags of routes `ip -6 route` does not show: local addresses, cached, multicast-only entries. */
const RTF_LOCAL = 0x80000000;
const RTF_CACHE = 0x01000000;

interface Ipv4Row {
  readonly iface: string;
  readonly destination: number;
  readonly gateway: number;
  readonly flags: number;
  readonly metric: number;
  readonly mask: number;
}

/** The 32-bit value as an address, reading its bytes low first (`littleEndian`) or high first. */
function ipv4(value: number, littleEndian: boolean): string {
  const bytes = [value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
  return (littleEndian ? bytes.reverse() : bytes).join('.');
}

/** The prefix length of a mask read in one byte order, or undefined when it is not contiguous. */
function prefix(mask: number, littleEndian: boolean): number | undefined {
  const value = littleEndian ? (((mask & 0xff) << 24) | ((mask & 0xff00) << 8) | ((mask >>> 8) & 0xff00) | (mask >>> 24)) >>> 0 : mask >>> 0;
  const ones = Math.clz32(~value >>> 0);
  return ((value << ones) >>> 0) === 0 || ones === 32 ? ones : undefined;
}

function ipv6(hex: string): string {
  const groups: string[] = [];
  for (let i = 0; i < 32; i += 4) groups.push(hex.slice(i, i + 4).replace(/^0{1,3}/, '').toLowerCase());
  // Compress the longest run of zero groups, as ip prints it.
  let best = -1;
  let bestLength = 0;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLength && j - i > 1) [best, bestLength] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLength).join(':')}`;
}

/** A destination written as `ip route` prints it: `default`, a bare host address, else `net/len`. */
function ipStyle(address: string, length: number, hostLength: number): string {
  if (length === 0) return 'default';
  return length === hostLength ? address : `${address}/${length}`;
}

/** Parses both tables into the routing facts. */
export function parseProcNetRoute(stdout: string): RoutingTable {
  const lines = splitLines(stdout).filter((l) => l.trim() !== '');
  if (!/^Iface\s+Destination\s+Gateway\s+Flags/.test(lines[0] ?? '')) throw parseError(NAME, 'no "Iface Destination Gateway Flags ..." header', lines[0]);
  const rows: Ipv4Row[] = [];
  const table = new RouteTable(NAME);
  const v6: string[][] = [];
  for (const line of lines.slice(1)) {
    const f = words(line);
    if (f.length === 10 && HEX32.test(f[0]!)) {
      v6.push(f);
      continue;
    }
    if (f.length < 8 || ![f[1], f[2], f[3], f[7]].every((x) => x !== undefined && HEX8.test(x.padStart(8, '0'))) || !/^[0-9]{1,10}$/.test(f[6]!)) {
      throw parseError(NAME, 'not a /proc/net/route or /proc/net/ipv6_route row', line);
    }
    rows.push({ iface: f[0]!, destination: parseInt(f[1]!, 16), gateway: parseInt(f[2]!, 16), flags: parseInt(f[3]!, 16), metric: Number(f[6]), mask: parseInt(f[7]!, 16) });
  }
  const littleEndian = rows.every((r) => prefix(r.mask, true) !== undefined) || !rows.every((r) => prefix(r.mask, false) !== undefined);
  for (const r of rows) {
    const length = prefix(r.mask, littleEndian) ?? 32;
    table.add(
      { family: 'inet', destination: ipStyle(ipv4(r.destination, littleEndian), length, 32), gateway: r.flags & RTF_GATEWAY ? ipv4(r.gateway, littleEndian) : null, interface: r.iface === '*' ? null : r.iface, metric: r.metric },
      length === 0,
      (r.flags & RTF_REJECT) === 0,
    );
  }
  for (const f of v6) {
    const flags = parseInt(f[8]!, 16);
    if (!HEX32.test(f[4]!) || !/^[0-9a-fA-F]{2}$/.test(f[1]!) || !/^[0-9a-fA-F]{8}$/.test(f[5]!) || !/^[0-9a-fA-F]{8}$/.test(f[8]!)) {
      throw parseError(NAME, 'not a /proc/net/ipv6_route row', f.join(' '));
    }
    if (flags & (RTF_LOCAL | RTF_CACHE) || f[0]!.toLowerCase().startsWith('ff')) continue;
    const length = parseInt(f[1]!, 16);
    const reject = (flags & RTF_REJECT) !== 0;
    // The kernel's catch-all `::/0 ... lo` reject entry (metric ffffffff) is no route `ip -6 route` prints.
    if (reject && length === 0 && f[5]!.toLowerCase() === 'ffffffff') continue;
    table.add(
      { family: 'inet6', destination: ipStyle(ipv6(f[0]!), length, 128), gateway: flags & RTF_GATEWAY ? ipv6(f[4]!) : null, interface: f[9]!, metric: parseInt(f[5]!, 16) },
      length === 0,
      !reject,
    );
  }
  return table.toFacts();
}

/** Routes and default routes from /proc, for hosts without `ip`. */
export const linuxProcNetRoute: ParserSpec<RoutingTable> = {
  name: NAME,
  command: 'cat /proc/net/route && { cat /proc/net/ipv6_route 2>/dev/null || true; }',
  parse: parseProcNetRoute,
  description: 'Reads /proc/net/route and /proc/net/ipv6_route and returns the routes and the IPv4 and IPv6 default routes (no source address).',
};
