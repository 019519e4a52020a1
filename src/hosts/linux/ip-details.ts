/**
 * `ip -d addr show` as text, for iproute2 without JSON (BusyBox has no `-d`: the fallback prints plain
 * `ip addr`, which reads the same way without kinds). The header gives the flags, `mtu` and `master`;
 * the `link/TYPE` line the link type; with `-d`, the next indented line starts with the kind
 * (`bridge forward_delay ...`, `veth`, `vlan protocol 802.1Q id 10 ...`) and a port adds a
 * `bridge_slave ...`/`bond_slave ...` line; `inet`/`inet6` lines carry `ADDRESS/PREFIX`.
 */
import type { ParserSpec } from '../fact.js';
import { InterfaceDetailTable, type InterfaceDetails } from '../common/interface-details.js';
import { bareAddress, isIpv4, isIpv6 } from '../common/interfaces.js';
import { parseError, splitLines, words } from '../common/text.js';
import { ipHeader, resolveLinkNames } from './ip-link-names.js';

const NAME = 'linux.ip-details';
/** Indented lines whose first word is not a kind. */
const NOT_KINDS = new Set(['inet', 'inet6', 'valid_lft', 'altname', 'prop', 'link-netnsid', 'addrgenmode']);

/** Parses `ip -d addr show` (or `ip addr show`) output into interface details. */
export function parseIpDetails(stdout: string): InterfaceDetails {
  const lines = splitLines(stdout).filter((l) => l.trim() !== '');
  const tokens: string[] = [];
  for (const line of lines) {
    const header = ipHeader(NAME, line);
    if (header !== undefined) tokens.push(header.token);
  }
  const names = resolveLinkNames(tokens);
  const table = new InterfaceDetailTable(NAME);
  const masters: Array<[string, string]> = [];
  let current: string | undefined;
  let kindSeen = false;
  for (const line of lines) {
    const header = ipHeader(NAME, line);
    if (header !== undefined) {
      current = names.get(header.token)!;
      kindSeen = false;
      const detail = table.get(current);
      const rest = words(header.rest);
      const flags = /^<([^>]*)>$/.exec(rest[0] ?? '');
      if (flags === null) throw parseError(NAME, 'an interface header without <FLAGS>', line);
      detail.up = flags[1]!.split(',').includes('UP');
      const mtu = rest.indexOf('mtu');
      detail.mtu = mtu >= 0 && /^[0-9]{1,9}$/.test(rest[mtu + 1] ?? '') ? Number(rest[mtu + 1]) : null;
      const master = rest.indexOf('master');
      if (master >= 0 && rest[master + 1] !== undefined) masters.push([rest[master + 1]!, current]);
      continue;
    }
    if (current === undefined || !/^\s/.test(line)) throw parseError(NAME, 'neither an interface header nor an indented detail line', line);
    const [first = '', value = ''] = words(line);
    const detail = table.get(current);
    if (first === 'inet' || first === 'inet6') {
      const address = bareAddress(value);
      if (!(first === 'inet' ? isIpv4(address) : isIpv6(address))) throw parseError(NAME, `not an ${first} address`, line);
      const slash = value.indexOf('/');
      const prefix = slash < 0 ? null : Number(value.slice(slash + 1));
      table.addAddress(current, { family: first, address, prefix: prefix !== null && Number.isInteger(prefix) && prefix <= 128 ? prefix : first === 'inet' ? 32 : 128 });
    } else if (first.startsWith('link/')) {
      if (detail.type === null) detail.type = first.slice(5);
    } else if (!kindSeen && /^[a-z][a-z0-9_]{0,31}$/.test(first) && !NOT_KINDS.has(first) && !first.endsWith('_slave')) {
      // The first detail line of -d names the kind: it overrides the link type (a bridge is link/ether).
      detail.type = first;
      kindSeen = true;
    }
  }
  for (const [master, member] of masters) table.addMember(master, member);
  if (table.size === 0) throw parseError(NAME, 'no interface');
  return table.toRecord();
}

/** MTU, state, kind, members and prefixed addresses of each interface from `ip -d addr` text. */
export const linuxIpDetails: ParserSpec<InterfaceDetails> = {
  name: NAME,
  command: 'ip -d addr show 2>/dev/null || ip addr show',
  parse: parseIpDetails,
  description: 'Reads ip -d addr text (plain ip addr where -d is unknown) and returns each interface with MTU, up, type, bond/bridge members and addresses with prefixes.',
};
