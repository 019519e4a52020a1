/**
 * BSD-style `ifconfig -a`, as FreeBSD, OpenBSD, NetBSD, DragonFly, macOS and AIX print it: a header
 * `name: flags=8843<UP,...> [metric 0] mtu 1500` at the start of a line, then indented detail lines.
 *
 *     em0: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> metric 0 mtu 1500
 *             ether 00:0c:29:aa:bb:cc                        (FreeBSD, DragonFly, macOS)
 *             lladdr 00:0c:29:aa:bb:cc                       (OpenBSD)
 *             address: 00:0c:29:aa:bb:cc                     (NetBSD)
 *             inet 192.0.2.10 netmask 0xffffff00 broadcast 192.0.2.255
 *             inet 192.0.2.10/24 broadcast 192.0.2.255 flags 0x0   (NetBSD 8+)
 *             inet6 fe80::20c:29ff:feaa:bbcc%em0 prefixlen 64 scopeid 0x1
 *
 * A FreeBSD jail's addresses are aliases on the host's interfaces (extra `inet` lines), so they are
 * listed under that interface. AIX prints no hardware address here (aix.netstat-macs supplies it).
 * Addresses lose their `/prefix` and `%zone`; `zone` is always null (that is a Solaris notion).
 */
import type { ParserSpec } from '../fact.js';
import { bareAddress, InterfaceTable, isIpv4, isIpv6, normaliseMac, type Interfaces } from './interfaces.js';
import { parseError, splitLines, words } from './text.js';

/** The most lines read: a jail host with thousands of aliases stays far below this. */
export const MAX_IFCONFIG_LINES = 200_000;

const HEADER = /^([A-Za-z0-9_.-]{1,64}): flags=/;
const MAC_WORDS: ReadonlySet<string> = new Set(['ether', 'lladdr', 'address:']);

/** Parses BSD-style `ifconfig -a` output; `parser` names the spec in errors. */
export function parseBsdIfconfig(parser: string, stdout: string): Interfaces {
  const lines = splitLines(stdout);
  if (lines.length > MAX_IFCONFIG_LINES) throw parseError(parser, `more than ${MAX_IFCONFIG_LINES} lines`);
  // The table de-duplicates in O(1) per address (a jail host lists thousands of aliases) and caps the lists.
  const table = new InterfaceTable(parser);
  let current: string | undefined;
  for (const line of lines) {
    if (line.trim() === '') continue;
    if (!/^[ \t]/.test(line)) {
      const header = HEADER.exec(line);
      if (header === null) throw parseError(parser, 'not an interface header ("name: flags=...")', line);
      current = header[1]!;
      table.get(current);
      continue;
    }
    if (current === undefined) throw parseError(parser, 'a detail line before any interface', line);
    const tokens = words(line);
    const kind = tokens[0]!;
    if (kind === 'inet' || kind === 'inet6') {
      const address = bareAddress(tokens[1] ?? '');
      if (!(kind === 'inet' ? isIpv4(address) : isIpv6(address))) throw parseError(parser, `not an ${kind} address`, line);
      table.addAddress(current, kind, address);
    } else if (MAC_WORDS.has(kind)) {
      const entry = table.get(current);
      if (entry.mac_address === null) entry.mac_address = normaliseMac(tokens[1] ?? '');
    }
  }
  if (table.size === 0) throw parseError(parser, 'no interface');
  return table.toRecord();
}

const NAME = 'common.bsd-ifconfig';

/**
 * The parser of BSD-style `ifconfig` output behind another command: AIX's `/usr/sbin/ifconfig -a`,
 * HP-UX's `ifconfig` of each interface. The samples are this parser's (common.bsd-ifconfig).
 */
export function bsdInterfacesSpec(command: string): ParserSpec<Interfaces> {
  return {
    name: NAME,
    command,
    parse: (stdout) => parseBsdIfconfig(NAME, stdout),
    description: 'Reads BSD-style ifconfig -a (ether, lladdr or address: lines) and returns each interface with addresses and MAC.',
  };
}

/** Interfaces, addresses and MACs from BSD-style `ifconfig -a` (FreeBSD, OpenBSD, NetBSD, DragonFly, macOS). */
export const commonBsdIfconfig: ParserSpec<Interfaces> = bsdInterfacesSpec('ifconfig -a');
