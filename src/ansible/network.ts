/**
 * The network keys of the Ansible view: the interfaces (see interfaces.ts), `default_ipv4` and
 * `default_ipv6` completed from the default interface as Ansible completes them, and `dns` as its
 * resolv.conf collector (module_utils/facts/system/dns.py) reads it.
 */
import { ipv6Scope } from './addresses.js';
import { allAddresses, linuxInterface, listedInterfaces, readInterfaces, sunosInterface, type PlesioInterface } from './interfaces.js';
import { nonEmpty, put, record, strings } from './read.js';

/** The interface keys, `default_ipv4`/`default_ipv6` and `dns` (without the `ansible_` prefix). */
export function networkFacts(facts: Record<string, unknown>, system: string | undefined): Record<string, unknown> {
  if (system !== 'Linux' && system !== 'SunOS') return {};
  const out: Record<string, unknown> = {};
  if (facts['interfaces'] !== undefined) {
    const interfaces = listedInterfaces(readInterfaces(facts), system);
    const dicts = new Map(interfaces.map((i) => [i.name, system === 'Linux' ? linuxInterface(i) : sunosInterface(i)]));
    // Ansible writes Linux alias labels (eth0:1) with `_`; generic_bsd lists SunOS's sorted.
    const names = system === 'Linux' ? [...dicts.keys()].map((n) => n.replaceAll(':', '_')) : [...dicts.keys()].sort();
    out['interfaces'] = names;
    for (const [name, dict] of dicts) put(out, system === 'Linux' ? name.replaceAll(':', '_') : name, dict);
    Object.assign(out, allAddresses(interfaces));
    for (const family of ['ipv4', 'ipv6'] as const) {
      const key = `default_${family}`;
      if (key in facts) out[key] = defaultRoute(record(facts[key]), family, interfaces, dicts, system);
    }
  }
  const dns = dnsFacts(facts['dns']);
  if (dns !== undefined) out['dns'] = dns;
  return out;
}

/**
 * A default route completed from its interface. Linux: Ansible asks `ip route get` for the source
 * address, then copies the matching address's netmask, network, broadcast and prefix and the
 * interface's MAC, MTU and type; without a route, `{}`. SunOS: `route get default`, then every
 * non-address key of the interface and its address entry (`merge_default_interface`).
 */
function defaultRoute(route: Record<string, unknown> | undefined, family: 'ipv4' | 'ipv6', interfaces: PlesioInterface[], dicts: Map<string, Record<string, unknown>>, system: string): Record<string, unknown> {
  const name = nonEmpty(route?.['interface']);
  if (route === undefined || name === undefined) return {};
  const iface = interfaces.find((i) => i.name === name);
  const dict = dicts.get(name);
  const wanted = family === 'ipv4' ? 'inet' : 'inet6';
  // Where the route names no source address, the kernel takes the interface's first (global) one.
  const address = nonEmpty(route['address']) ?? iface?.addresses.find((a) => a.family === wanted && (family === 'ipv4' || ipv6Scope(a.address) === 'global'))?.address;
  const gateway = nonEmpty(route['gateway']);
  const base: Record<string, unknown> = { interface: name, ...(address !== undefined && { address }), ...(gateway !== undefined && { gateway }) };
  if (dict === undefined) return base;
  if (system === 'SunOS') {
    const { ipv4: _v4, ipv6: _v6, ...rest } = dict;
    const entries = (dict[family] as Record<string, unknown>[]);
    return { ...base, ...rest, ...(entries.find((e) => e['address'] === address) ?? entries[0]) };
  }
  const entries = family === 'ipv4' ? [dict['ipv4'], ...((dict['ipv4_secondaries'] as unknown[] | undefined) ?? [])] : ((dict['ipv6'] as unknown[] | undefined) ?? []);
  const entry = entries.map(record).find((e) => e !== undefined && e['address'] === address);
  if (entry === undefined) return base;
  const { address: _a, ...details } = entry;
  return {
    ...base,
    ...details,
    macaddress: dict['macaddress'] ?? 'unknown',
    ...(dict['mtu'] !== undefined && { mtu: dict['mtu'] }),
    type: dict['type'] ?? 'unknown',
    ...(family === 'ipv4' && { alias: name }),
  };
}

/**
 * `dns` as Ansible reads /etc/resolv.conf: `nameservers`, `domain`, `search` and `options` only when the
 * file has them; an option is `true`, or its value after `:` (`ndots:2` → `{"ndots": "2"}`).
 */
function dnsFacts(value: unknown): Record<string, unknown> | undefined {
  const dns = record(value);
  if (dns === undefined) return undefined;
  const out: Record<string, unknown> = {};
  const nameservers = strings(dns['nameservers']) ?? [];
  const search = strings(dns['search']) ?? [];
  const options = strings(dns['options']) ?? [];
  const domain = nonEmpty(dns['domain']);
  if (nameservers.length > 0) out['nameservers'] = nameservers;
  if (domain !== undefined) out['domain'] = domain;
  if (search.length > 0) out['search'] = search;
  if (options.length > 0) {
    out['options'] = Object.fromEntries(options.map((option) => {
      const colon = option.indexOf(':');
      // Python's `tokens[1] or True`: an empty value is true too.
      return colon < 0 || colon === option.length - 1 ? [option.slice(0, colon < 0 ? undefined : colon), true] : [option.slice(0, colon), option.slice(colon + 1)];
    }));
  }
  return out;
}
