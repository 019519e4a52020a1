/**
 * `ip -j route show` then `ip -j -6 route show` (iproute2 4.13 and later): two JSON arrays, one route
 * object each: `{"dst":"default","gateway":"192.0.2.1","dev":"eth0","protocol":"dhcp","prefsrc":
 * "192.0.2.2","metric":100,"flags":[]}`. A multipath route has `nexthops` instead of `gateway`/`dev`
 * (the first next hop is kept); an unreachable, blackhole or prohibit route has a `type`. Without
 * IPv6 the second command fails after the first printed: IPv4 alone is still an answer.
 */
import type { ParserSpec } from '../fact.js';
import { RouteTable, type RoutingTable } from '../common/routes.js';
import { parseError, parseJson, splitJsonValues } from '../common/text.js';

const NAME = 'linux.ip-route-json';
const UNUSABLE = new Set(['unreachable', 'blackhole', 'prohibit', 'throw']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

function addRoutes(table: RouteTable, family: 'inet' | 'inet6', routes: unknown): void {
  if (!Array.isArray(routes)) throw parseError(NAME, `the ${family} routes are not a JSON array`);
  for (const route of routes as unknown[]) {
    if (!isObject(route)) throw parseError(NAME, `an ${family} route is not an object`);
    const destination = text(route['dst']);
    if (destination === null) {
      if (Object.keys(route).length === 0) continue; // iproute2 prints `{}` for a route its filter dropped
      throw parseError(NAME, `an ${family} route has no "dst"`);
    }
    const hops = Array.isArray(route['nexthops']) ? (route['nexthops'] as unknown[]).filter(isObject) : [];
    const hop = hops[0] ?? route;
    // iproute2 leaves out metric 0, the kernel's default for IPv4 routes.
    const metric = typeof route['metric'] === 'number' && Number.isSafeInteger(route['metric']) ? route['metric'] : 0;
    const type = text(route['type']);
    table.add(
      { family, destination, gateway: text(hop['gateway']), interface: text(hop['dev']) ?? text(route['dev']), metric },
      destination === 'default' || destination === '0.0.0.0/0' || destination === '::/0',
      type === null || !UNUSABLE.has(type),
      text(route['prefsrc']),
    );
  }
}

/** Parses the IPv4 array and the optional IPv6 array into the routing facts. */
export function parseIpRouteJson(stdout: string): RoutingTable {
  const values = splitJsonValues(stdout);
  if (values === undefined || values.length === 0 || values.length > 2) {
    throw parseError(NAME, 'expected one or two JSON arrays (ip -j route, ip -j -6 route)', stdout.trimStart().slice(0, 80));
  }
  const table = new RouteTable(NAME);
  values.forEach((value, i) => {
    addRoutes(table, i === 0 ? 'inet' : 'inet6', parseJson(NAME, value));
  });
  return table.toFacts();
}

/** Routes and default routes from iproute2's JSON output. */
export const linuxIpRouteJson: ParserSpec<RoutingTable> = {
  name: NAME,
  command: 'ip -j route show && ip -j -6 route show',
  parse: parseIpRouteJson,
  description: 'Reads ip -j route and ip -j -6 route and returns the routes and the IPv4 and IPv6 default routes (gateway, interface, source address).',
};
