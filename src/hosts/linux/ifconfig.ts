/**
 * `ifconfig -a` from net-tools, for hosts without iproute2. Two layouts exist:
 *
 *     eth0      Link encap:Ethernet  HWaddr 00:12:3F:BE:22:01        (net-tools 1.60, BusyBox)
 *               inet addr:131.252.209.153  Bcast:...  Mask:...
 *               inet6 addr: fe80::212:3fff:febe:2201/64 Scope:Link
 *
 *     eth0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500   (net-tools 2.x)
 *             inet 10.10.220.1  netmask 255.255.255.0  broadcast 10.10.220.255
 *             inet6 fe80::21f:bcff:fe0d:5fb1  prefixlen 64  scopeid 0x20<link>
 *             ether 00:1f:bc:0d:5f:b1  txqueuelen 1000  (Ethernet)
 *
 * An alias (`eth0:1`, `eth0.160:42`) is an extra address of its interface, so its addresses are
 * merged into `eth0` / `eth0.160`, as `ip addr` shows them.
 */
import type { ParserSpec } from '../fact.js';
import { bareAddress, InterfaceTable, isIpv4, isIpv6, normaliseMac, type Interfaces } from '../common/interfaces.js';
import { parseError, splitLines, words } from '../common/text.js';

const NAME = 'linux.ifconfig';

/** `eth0:1` -> `eth0`: the alias label belongs to its interface. */
function baseName(name: string): string {
  const colon = name.indexOf(':');
  return colon > 0 ? name.slice(0, colon) : name;
}

/**
 * The address after `inet`/`inet6`: `inet addr:1.2.3.4` (old; the word is localised, e.g. `adr:`),
 * `inet6 addr: fe80::1/64` (old), or the bare address (2.x). An IPv6 address holds colons itself, so
 * only the IPv4 form is cut at a colon.
 */
function addressAfter(kind: 'inet' | 'inet6', tokens: string[]): string {
  const next = tokens[1] ?? '';
  if (next.endsWith(':')) return tokens[2] ?? '';
  return kind === 'inet' ? next.slice(next.indexOf(':') + 1) : next;
}

/** Parses `ifconfig -a` output into the `interfaces` fact. */
export function parseIfconfig(stdout: string): Interfaces {
  const table = new InterfaceTable(NAME);
  let current: string | undefined;
  for (const line of splitLines(stdout)) {
    if (line.trim() === '') continue;
    const tokens = words(line);
    if (!/^[ \t]/.test(line)) {
      // A header: "eth0: flags=..." (2.x) or "eth0      Link encap:..." (1.60, BusyBox).
      const first = tokens[0]!;
      const modern = first.endsWith(':') && (tokens[1] ?? '').startsWith('flags=');
      if (!modern && !line.includes('Link encap:')) throw parseError(NAME, 'not an interface header', line);
      current = baseName(modern ? first.slice(0, -1) : first);
      const entry = table.get(current);
      const hw = tokens.indexOf('HWaddr');
      if (hw >= 0 && entry.mac_address === null) entry.mac_address = normaliseMac(tokens[hw + 1] ?? '');
      continue;
    }
    if (current === undefined) throw parseError(NAME, 'a detail line before any interface', line);
    const kind = tokens[0]!;
    if (kind === 'inet' || kind === 'inet6') {
      const address = bareAddress(addressAfter(kind, tokens));
      if (!(kind === 'inet' ? isIpv4(address) : isIpv6(address))) throw parseError(NAME, `not an ${kind} address`, line);
      table.addAddress(current, kind, address);
    } else if (kind === 'ether') {
      const entry = table.get(current);
      if (entry.mac_address === null) entry.mac_address = normaliseMac(tokens[1] ?? '');
    }
  }
  if (table.size === 0) throw parseError(NAME, 'no interface');
  return table.toRecord();
}

/** Interfaces, addresses and MACs from net-tools or BusyBox `ifconfig -a`. */
export const linuxIfconfig: ParserSpec<Interfaces> = {
  name: NAME,
  command: 'ifconfig -a',
  parse: parseIfconfig,
  description: 'Reads ifconfig -a (net-tools 1.60 or 2.x, BusyBox) and returns each interface with addresses and MAC.',
};
