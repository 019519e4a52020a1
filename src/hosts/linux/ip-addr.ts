/**
 * `ip addr show` as text: iproute2 of any age and BusyBox `ip`. The parser also reads the one-line
 * form (`ip -o link`, `ip -o addr`, where `\` stands for the line breaks), so a saga may send either.
 *
 *     4: eth0.101@eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP
 *         link/ether 02:4c:05:c2:f4:39 brd ff:ff:ff:ff:ff:ff
 *         inet 10.0.0.1/30 brd 10.0.0.3 scope global eth0.101
 *         inet6 fe80::4c:5ff:fec2:f439/64 scope link
 */
import type { ParserSpec } from '../fact.js';
import { bareAddress, InterfaceTable, isIpv4, isIpv6, normaliseMac, type Interfaces } from '../common/interfaces.js';
import { parseError, splitLines, words } from '../common/text.js';
import { ipHeader, resolveLinkNames } from './ip-link-names.js';

const NAME = 'linux.ip-addr';

/** Reads one detail line (`link/...`, `inet ...`, `inet6 ...`) of interface `name`. */
function readDetail(table: InterfaceTable, name: string, detail: string, line: string): void {
  const [kind, value] = words(detail);
  if (kind === undefined) return;
  if (kind === 'inet' || kind === 'inet6') {
    const address = bareAddress(value ?? '');
    if (!(kind === 'inet' ? isIpv4(address) : isIpv6(address))) throw parseError(NAME, `not an ${kind} address`, line);
    table.addAddress(name, kind, address);
  } else if (kind.startsWith('link/')) {
    // Only Ethernet-like links have a MAC; loopback, none (tun, wireguard), ipip, sit... do not.
    table.get(name).mac_address = kind === 'link/loopback' || value === undefined ? null : normaliseMac(value);
  }
}

/** The physical lines of the output, with the one-line form (`ip -o`, `\\` for line breaks) split back. */
function* ipLines(stdout: string): Generator<{ first: string; more: string[]; line: string }> {
  for (const line of splitLines(stdout)) {
    if (line.trim() === '') continue;
    const [first, ...more] = line.split('\\');
    yield { first: first!, more, line };
  }
}

/** Parses `ip addr show` (or `ip -o ...`) output into the `interfaces` fact. */
export function parseIpAddr(stdout: string): Interfaces {
  // Names first: splitting `a@b@if5` needs the other interfaces' names (see ip-link-names).
  const tokens: string[] = [];
  for (const { first } of ipLines(stdout)) {
    const header = ipHeader(NAME, first);
    if (header !== undefined) tokens.push(header.token);
  }
  const names = resolveLinkNames(tokens);
  const table = new InterfaceTable(NAME);
  let current: string | undefined;
  for (const { first, more, line } of ipLines(stdout)) {
    const header = ipHeader(NAME, first);
    if (header !== undefined) {
      current = names.get(header.token)!;
      table.get(current);
      // `ip -o addr` puts the address on the header line itself: "2: eth0    inet 10.0.0.1/24 ...".
      if (!header.rest.trimStart().startsWith('<')) readDetail(table, current, header.rest, line);
    } else if (/^[ \t]/.test(first) && current !== undefined) {
      readDetail(table, current, first, line);
    } else {
      throw parseError(NAME, 'neither an interface header nor an indented detail line', line);
    }
    for (const detail of more) readDetail(table, current, detail, line);
  }
  if (table.size === 0) throw parseError(NAME, 'no interface');
  return table.toRecord();
}

/** Interfaces, addresses and MACs from `ip addr show`, for hosts whose `ip` has no `-j`. */
export const linuxIpAddr: ParserSpec<Interfaces> = {
  name: NAME,
  command: 'ip addr show',
  parse: parseIpAddr,
  description: 'Reads ip addr (multi-line or -o form, iproute2 or BusyBox) and returns each interface with addresses and MAC.',
};
