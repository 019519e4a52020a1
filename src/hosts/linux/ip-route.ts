/**
 * `ip route show`, a marker line, then `ip -6 route show` (iproute2 of any age, BusyBox): one route
 * per line, `[TYPE] DESTINATION [via GATEWAY] [dev IFACE] [proto P] [scope S] [src ADDR] [metric N]
 * ...`; a multipath route continues on indented `nexthop via GATEWAY dev IFACE weight N` lines. The
 * family of a line comes from the marker; a line outside the marked part is IPv6 when its destination
 * or gateway holds a colon, so the output of either command alone also parses. A route without
 * `metric` has metric 0, which iproute2 does not print.
 *
 *     default via 192.0.2.1 dev eth0 proto dhcp src 192.0.2.2 metric 100
 *     192.0.2.0/24 dev eth0 proto kernel scope link src 192.0.2.2
 *     # ip -6 route
 *     default via fe80::1 dev eth0 proto ra metric 1024 expires 1798sec hoplimit 64 pref medium
 */
import type { ParserSpec } from '../fact.js';
import { RouteTable, type Route, type RoutingTable } from '../common/routes.js';
import { parseError, splitLines, words } from '../common/text.js';

const NAME = 'linux.ip-route';
const MARKER = '# ip -6 route';
const TYPES = new Set(['unicast', 'local', 'broadcast', 'multicast', 'anycast', 'unreachable', 'blackhole', 'prohibit', 'throw', 'nat']);
const UNUSABLE = new Set(['unreachable', 'blackhole', 'prohibit', 'throw']);
/** Keywords followed by one value; `via` may take a family word first (`via inet6 fe80::1`). */
const WITH_VALUE = new Set(['via', 'dev', 'src', 'metric', 'proto', 'scope', 'table', 'mtu', 'expires', 'hoplimit', 'pref', 'nhid', 'weight', 'error', 'advmss', 'realm', 'realms', 'tos', 'dsfield', 'from', 'initcwnd', 'initrwnd', 'rtt', 'rttvar', 'quickack', 'congctl', 'features', 'ssthresh', 'window', 'cwnd', 'reordering', 'fastopen_no_cookie', 'ttl-propagate', 'encap', 'id']);
const DESTINATION = /^(?:default|[0-9a-fA-F:.]{2,45}(?:\/[0-9]{1,3})?)$/;

interface Pending {
  route: Route;
  isDefault: boolean;
  usable: boolean;
  src: string | null;
}

/** The `key value` attributes of the words after the destination. */
function attributes(tokens: readonly string[], line: string): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < tokens.length; i++) {
    const key = tokens[i]!;
    if (!WITH_VALUE.has(key)) continue; // flags: onlink, linkdown, dead, pervasive...
    let value = tokens[i + 1];
    if (key === 'via' && (value === 'inet' || value === 'inet6')) value = tokens[++i + 1];
    if (value === undefined) throw parseError(NAME, `"${key}" without a value`, line);
    if (!out.has(key)) out.set(key, value);
    i++;
  }
  return out;
}

/** Parses the routes of both families into the routing facts. */
export function parseIpRoute(stdout: string): RoutingTable {
  const table = new RouteTable(NAME);
  let marked = false;
  let pending: Pending | undefined;
  const flush = (): void => {
    if (pending !== undefined) table.add(pending.route, pending.isDefault, pending.usable, pending.src);
    pending = undefined;
  };
  for (const line of splitLines(stdout)) {
    if (line.trim() === '') continue;
    if (line.trim() === MARKER) {
      flush();
      marked = true;
      continue;
    }
    const tokens = words(line);
    if (/^\s/.test(line)) {
      // `nexthop via 10.0.0.1 dev eth0 weight 1` of the multipath route above: the first one counts.
      if (pending === undefined || tokens[0] !== 'nexthop') throw parseError(NAME, 'an indented line that is not a nexthop of a route', line);
      const hop = attributes(tokens.slice(1), line);
      if (pending.route.gateway === null) pending.route = { ...pending.route, gateway: hop.get('via') ?? null, interface: pending.route.interface ?? hop.get('dev') ?? null };
      continue;
    }
    flush();
    const type = TYPES.has(tokens[0]!) ? tokens.shift()! : 'unicast';
    const destination = tokens.shift() ?? '';
    if (!DESTINATION.test(destination)) throw parseError(NAME, 'not a route line', line);
    const attrs = attributes(tokens, line);
    const gateway = attrs.get('via') ?? null;
    const family = marked || destination.includes(':') || (gateway?.includes(':') ?? false) ? 'inet6' : 'inet';
    const metric = attrs.get('metric');
    pending = {
      route: { family, destination, gateway, interface: attrs.get('dev') ?? null, metric: metric !== undefined && /^[0-9]{1,10}$/.test(metric) ? Number(metric) : 0 },
      isDefault: destination === 'default' || destination === '0.0.0.0/0' || destination === '::/0',
      usable: !UNUSABLE.has(type),
      src: attrs.get('src') ?? null,
    };
  }
  flush();
  return table.toFacts();
}

/** Routes and default routes from `ip route` text, for iproute2 without JSON and BusyBox. */
export const linuxIpRoute: ParserSpec<RoutingTable> = {
  name: NAME,
  // Built from constants only (no host value), so plain concatenation needs no quoting.
  command: "ip route show && echo '" + MARKER + "' && ip -6 route show",
  parse: parseIpRoute,
  description: 'Reads ip route and ip -6 route text and returns the routes and the IPv4 and IPv6 default routes (gateway, interface, source address).',
};
