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
import { ParseError } from '../parse-error.js';
import { normaliseMac, type Interfaces } from '../common/interfaces.js';
import { splitLines } from './text.js';

export type { Interfaces, NetworkInterface } from '../common/interfaces.js';

const NAME = 'sunos.ifconfig';
const IFNAME = /^[A-Za-z][A-Za-z0-9_.-]{0,31}(?::\d{1,5})?$/;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const IPV6 = /^[0-9a-f:.]{2,45}$/;

// Sets keep insertion order and make a repeated address cost O(1), even on hostile output.
interface Block {
  readonly name: string;
  zone: string | null;
  mac: string | null;
  readonly v4: Set<string>;
  readonly v6: Set<string>;
}

function ipv4(text: string): string | null {
  const m = IPV4.exec(text);
  if (!m || m.slice(1).some((octet) => Number(octet) > 255)) return null;
  return m[1] === '0' || m[1] === '127' ? null : text;
}

function ipv6(text: string): string | null {
  const address = text.split('/')[0]!.toLowerCase();
  if (!IPV6.test(address) || !address.includes(':')) return null;
  return address === '::' || address === '::1' ? null : address;
}

function add(set: Set<string>, value: string | null): void {
  if (value !== null) set.add(value);
}

interface Draft {
  readonly v4: Set<string>;
  readonly v6: Set<string>;
  readonly zone: string | null;
}

function commit(out: Record<string, Draft>, block: Block, macs: Map<string, string>): void {
  const physical = block.name.split(':')[0]!;
  if (block.mac) macs.set(physical, block.mac);
  const ownedElsewhere = block.zone !== null;
  if (ownedElsewhere && block.v4.size + block.v6.size === 0) return;
  const key = ownedElsewhere ? block.name : physical;
  const entry = (out[key] ??= { v4: new Set(), v6: new Set(), zone: block.zone });
  for (const a of block.v4) entry.v4.add(a);
  for (const a of block.v6) entry.v6.add(a);
}

function parse(stdout: string): Interfaces {
  const out: Record<string, Draft> = {};
  const macs = new Map<string, string>();
  let block: Block | undefined;
  for (const line of splitLines(NAME, stdout)) {
    if (line.trim() === '') continue;
    if (!/^\s/.test(line)) {
      const at = line.indexOf(': flags=');
      const name = at < 0 ? '' : line.slice(0, at);
      if (!IFNAME.test(name)) throw new ParseError(NAME, 'expected "<interface>: flags=..."', line);
      if (block) commit(out, block, macs);
      block = { name, zone: null, mac: null, v4: new Set(), v6: new Set() };
      continue;
    }
    if (!block) throw new ParseError(NAME, 'indented line before the first interface', line);
    const words = line.trim().split(/\s+/);
    const value = words[1] ?? '';
    if (words[0] === 'inet') add(block.v4, ipv4(value));
    else if (words[0] === 'inet6') add(block.v6, ipv6(value));
    else if (words[0] === 'ether') block.mac = normaliseMac(value) ?? block.mac;
    else if (words[0] === 'zone' && value !== '' && value !== 'global') block.zone = value;
  }
  if (!block) throw new ParseError(NAME, 'no interface listed', stdout.trim().split('\n')[0]);
  commit(out, block, macs);
  const interfaces: Interfaces = {};
  for (const [name, e] of Object.entries(out)) {
    const mac = macs.get(name.split(':')[0]!) ?? null;
    interfaces[name] = { ipv4_addresses: [...e.v4], ipv6_addresses: [...e.v6], mac_address: mac, zone: e.zone };
  }
  return interfaces;
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
