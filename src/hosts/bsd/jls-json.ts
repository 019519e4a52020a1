/**
 * `jls -v --libxo json` (FreeBSD 11 and later):
 * `{"__version": "2", "jail-information": {"jail": [{"jid":1,"hostname":"www","path":"/jails/www",
 * "name":"www","state":"ACTIVE","cpusetid":2,"ipv4_addrs":["192.0.2.5"],"ipv6_addrs":[]}]}}`.
 * Without `-v` the entries have `jid`, `ipv4` (first address), `hostname`, `path`; listing parameters
 * gives their own names (`host.hostname`, `ip4.addr`). All three shapes are read.
 */
import type { ParserSpec } from '../fact.js';
import { parseError } from '../common/text.js';
import { addJail, jailAddresses, jailState, type Jail, type Jails } from './jails.js';

const NAME = 'freebsd.jls-json';
const JAIL_NAME = /^[A-Za-z0-9_.-]{1,255}$/;

function text(entry: Record<string, unknown>, ...keys: string[]): string | null {
  for (const key of keys) {
    const v = entry[key];
    if (typeof v === 'string' && v !== '') return v;
  }
  return null;
}

/** Parses the libxo JSON of jls into the jails by name. */
export function parseJlsJson(stdout: string): Jails {
  let doc: unknown;
  try {
    doc = JSON.parse(stdout);
  } catch {
    throw parseError(NAME, 'not JSON', stdout.trim().split('\n')[0]);
  }
  const list = (doc as { 'jail-information'?: { jail?: unknown } } | null)?.['jail-information']?.jail;
  // No jail at all: libxo prints the container with an empty list, or without the list.
  if (list === undefined && typeof doc === 'object' && doc !== null && 'jail-information' in doc) return {};
  if (!Array.isArray(list)) throw parseError(NAME, 'no "jail-information": {"jail": [...]}');
  const jails = new Map<string, Jail>();
  for (const item of list as unknown[]) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw parseError(NAME, 'a jail entry is not an object');
    const entry = item as Record<string, unknown>;
    // Asked for named parameters only (`jls name path`), jls prints no jid: the name must then be there.
    const jid = entry['jid'] === undefined ? null : typeof entry['jid'] === 'number' ? entry['jid'] : Number(entry['jid']);
    if (jid !== null && (!Number.isSafeInteger(jid) || jid <= 0)) throw parseError(NAME, 'a jid that is not a positive integer', String(entry['jid']).slice(0, 40));
    const name = text(entry, 'name') ?? (jid === null ? undefined : String(jid));
    if (name === undefined) throw parseError(NAME, 'a jail with neither jid nor name');
    if (!JAIL_NAME.test(name)) throw parseError(NAME, 'not a jail name', name);
    addJail(NAME, jails, {
      jid,
      name,
      hostname: text(entry, 'hostname', 'host.hostname'),
      root: text(entry, 'path'),
      state: jailState(text(entry, 'state') ?? undefined),
      ipv4_addresses: jailAddresses(entry['ipv4_addrs'] ?? entry['ip4.addr'] ?? entry['ipv4'], 'inet'),
      ipv6_addresses: jailAddresses(entry['ipv6_addrs'] ?? entry['ip6.addr'] ?? entry['ipv6'], 'inet6'),
    });
  }
  return Object.fromEntries(jails);
}

/** The running jails with name, JID, hostname, root, state and addresses, from jls's JSON. */
export const freebsdJlsJson: ParserSpec<Jails> = {
  name: NAME,
  command: 'jls -v --libxo json',
  parse: parseJlsJson,
  description: 'Reads jls -v --libxo json (FreeBSD 11+) and returns the jails by name with jid, hostname, root, state, addresses.',
};
