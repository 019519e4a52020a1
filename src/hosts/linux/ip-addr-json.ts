/**
 * `ip -j addr show` (iproute2 4.13 and later): a JSON array with one object per interface. Older
 * iproute2 and BusyBox `ip` reject `-j` with a usage message on stderr and a non-zero exit status;
 * the saga then falls back to `linux.ip-addr`.
 */
import type { ParserSpec } from '../fact.js';
import { InterfaceTable, normaliseMac, type Interfaces } from '../common/interfaces.js';
import { parseError, parseJson } from '../common/text.js';

const NAME = 'linux.ip-addr-json';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Names a JSON value for an error without serialising it (a deeply nested one overflows the stack). */
function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (isObject(value)) return `an object with keys ${Object.keys(value).slice(0, 5).join(', ')}`;
  return value === null ? 'null' : typeof value;
}

/** Parses the JSON array into the `interfaces` fact. */
export function parseIpAddrJson(stdout: string): Interfaces {
  const doc = parseJson(NAME, stdout);
  if (!Array.isArray(doc)) throw parseError(NAME, 'not a JSON array', stdout.trimStart().slice(0, 80));
  const table = new InterfaceTable(NAME);
  for (const link of doc as unknown[]) {
    if (!isObject(link)) throw parseError(NAME, `an array element is ${kindOf(link)}, not an interface object`);
    // Some iproute2 versions print `{}` for an interface their filter dropped; it says nothing.
    if (Object.keys(link).length === 0) continue;
    const name = link['ifname'];
    if (typeof name !== 'string' || name === '') throw parseError(NAME, `an interface has no ifname: ${kindOf(link)}`);
    const entry = table.get(name);
    const address = link['address'];
    if (typeof address === 'string' && link['link_type'] !== 'loopback') entry.mac_address = normaliseMac(address);
    const infos = link['addr_info'] ?? [];
    if (!Array.isArray(infos)) throw parseError(NAME, `addr_info of ${name} is not an array`);
    for (const info of infos as unknown[]) {
      if (!isObject(info)) throw parseError(NAME, `an addr_info entry of ${name} is ${kindOf(info)}`);
      const { family, local } = info;
      if (family !== 'inet' && family !== 'inet6') continue; // e.g. mpls, or a `{}` of a filtered address
      if (typeof local !== 'string' || local === '') throw parseError(NAME, `an address of ${name} has no "local"`);
      table.addAddress(name, family, local);
    }
  }
  return table.toRecord();
}

/** Interfaces, addresses and MACs from iproute2's JSON output. */
export const linuxIpAddrJson: ParserSpec<Interfaces> = {
  name: NAME,
  command: 'ip -j addr show',
  parse: parseIpAddrJson,
  description: 'Reads ip -j addr and returns each interface with its IPv4 and IPv6 addresses (no prefix) and MAC.',
};
