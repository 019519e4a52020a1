/**
 * `ip -j -d addr show` (iproute2 4.13 and later): per interface its `mtu`, `flags` (`UP` when
 * administratively up), `link_type` (`ether`, `loopback`, `none`...), with `-d` a `linkinfo` naming
 * its kind (`info_kind`: bond, bridge, vlan, veth, wireguard...) and, on a bond or bridge port, the
 * `master` it belongs to; and `addr_info` with prefix lengths. Speeds come from linux.net-speed.
 */
import type { ParserSpec } from '../fact.js';
import { InterfaceDetailTable, type InterfaceDetails } from '../common/interface-details.js';
import { parseError, parseJson } from '../common/text.js';

const NAME = 'linux.ip-details-json';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** Parses the JSON array into interface details. */
export function parseIpDetailsJson(stdout: string): InterfaceDetails {
  const doc = parseJson(NAME, stdout);
  if (!Array.isArray(doc)) throw parseError(NAME, 'not a JSON array', stdout.trimStart().slice(0, 80));
  const table = new InterfaceDetailTable(NAME);
  const masters: Array<[string, string]> = [];
  for (const link of doc as unknown[]) {
    if (!isObject(link)) throw parseError(NAME, 'an array element is not an interface object');
    if (Object.keys(link).length === 0) continue;
    const name = text(link['ifname']);
    if (name === null) throw parseError(NAME, 'an interface has no ifname');
    const detail = table.get(name);
    const mtu = link['mtu'];
    detail.mtu = typeof mtu === 'number' && Number.isSafeInteger(mtu) && mtu >= 0 ? mtu : null;
    detail.up = Array.isArray(link['flags']) ? (link['flags'] as unknown[]).includes('UP') : null;
    const kind = isObject(link['linkinfo']) ? text(link['linkinfo']['info_kind']) : null;
    detail.type = kind ?? text(link['link_type']);
    const master = text(link['master']);
    if (master !== null) masters.push([master, name]);
    const infos = link['addr_info'] ?? [];
    if (!Array.isArray(infos)) throw parseError(NAME, `addr_info of ${name} is not an array`);
    for (const info of infos as unknown[]) {
      if (!isObject(info)) throw parseError(NAME, `an addr_info entry of ${name} is not an object`);
      const family = info['family'];
      if (family !== 'inet' && family !== 'inet6') continue;
      const local = text(info['local']);
      if (local === null) throw parseError(NAME, `an address of ${name} has no "local"`);
      const prefix = info['prefixlen'];
      table.addAddress(name, { family, address: local, prefix: typeof prefix === 'number' && Number.isInteger(prefix) && prefix >= 0 && prefix <= 128 ? prefix : null });
    }
  }
  for (const [master, member] of masters) table.addMember(master, member);
  return table.toRecord();
}

/** MTU, state, kind, members and prefixed addresses of each interface from iproute2's JSON. */
export const linuxIpDetailsJson: ParserSpec<InterfaceDetails> = {
  name: NAME,
  command: 'ip -j -d addr show',
  parse: parseIpDetailsJson,
  description: 'Reads ip -j -d addr and returns each interface with MTU, up, type (ether, loopback, bond, bridge, vlan...), bond/bridge members and addresses with prefixes.',
};
