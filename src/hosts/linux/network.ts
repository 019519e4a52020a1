/**
 * The network facts of Linux: `interfaces` with their details, and the routes with the default
 * routes of both families. One iproute2 command prints the addresses (`ip -j -d addr`), then the IPv4
 * and IPv6 routes, as JSON arrays one after the other: the interfaces (their original keys and their
 * details) read the first, the routes the others; the link speeds come from the file sweep. Each
 * falls back only where the command before it failed: iproute2 without JSON, BusyBox, then ifconfig or
 * /proc.
 */
import { all } from '../../effects/combinators.js';
import { call } from '../../effects/call.js';
import { select } from '../../effects/state.js';
import type { Saga } from '../../effects/effect.js';
import { FACT_DESCRIPTIONS as D } from '../common/descriptions.js';
import { optional } from '../common/family-facts.js';
import { withDetails, withSpeeds, type InterfaceDetails } from '../common/interface-details.js';
import type { Interfaces } from '../common/interfaces.js';
import { withDefaultAddress, type RoutingTable } from '../common/routes.js';
import { defineFact, sourcedFrom, type FactContext, type Sourced } from '../define-fact.js';
import type { ParserSpec } from '../fact.js';
import { attempt, firstOf, probe } from '../probe.js';
import { parseError, splitJsonValues } from '../common/text.js';
import { sweptSpeeds } from './files.js';
import { linuxIfconfig } from './ifconfig.js';
import { parseIpAddr } from './ip-addr.js';
import { parseIpAddrJson } from './ip-addr-json.js';
import { linuxIpDetails, parseIpDetails } from './ip-details.js';
import { linuxIpDetailsJson, parseIpDetailsJson } from './ip-details-json.js';
import { linuxIpRoute } from './ip-route.js';
import { linuxIpRouteJson, parseIpRouteJson } from './ip-route-json.js';
import type { NetSpeeds } from './net-speed.js';
import { linuxProcNetRoute } from './proc-net-route.js';

interface Found {
  readonly interfaces: Interfaces;
  readonly details: InterfaceDetails;
}

/**
 * `ip -j -d addr show`, then `ip -j route show` and `ip -j -6 route show`: the `&&` stops at the first
 * that fails, so the arrays printed are always the first ones of that list (no IPv6: two arrays).
 */
export const IP_JSON_COMMAND = linuxIpDetailsJson.command + ' && ' + linuxIpRouteJson.command;

/** The JSON arrays the iproute2 command printed, in order. */
function arrays(parser: string, stdout: string): string[] {
  const values = splitJsonValues(stdout);
  if (values === undefined || values.length === 0) throw parseError(parser, 'expected the JSON arrays of ip -j -d addr, ip -j route and ip -j -6 route', stdout.trimStart().slice(0, 80));
  return values;
}

/** The addresses array: the interfaces parser and the details parser read the same answer. */
const ipJson: ParserSpec<Found> = {
  ...linuxIpDetailsJson,
  command: IP_JSON_COMMAND,
  parse: (s) => {
    const [addresses] = arrays(linuxIpDetailsJson.name, s);
    return { interfaces: parseIpAddrJson(addresses!), details: parseIpDetailsJson(addresses!) };
  },
};

/** The routes arrays, after the addresses one. */
const routesJson: ParserSpec<RoutingTable> = {
  ...linuxIpRouteJson,
  command: IP_JSON_COMMAND,
  parse: (s) => parseIpRouteJson(arrays(linuxIpRouteJson.name, s).slice(1).join('\n')),
};
/** `ip -d addr` text (plain `ip addr` where -d is unknown): both parsers again. */
const ipText: ParserSpec<Found> = { ...linuxIpDetails, parse: (s) => ({ interfaces: parseIpAddr(s), details: parseIpDetails(s) }) };
/** ifconfig: interfaces without details. */
const ifconfig: ParserSpec<Found> = { ...linuxIfconfig, parse: (s) => ({ interfaces: linuxIfconfig.parse(s), details: {} }) };

/** Runs `spec` and names it as the value's source. */
function* from<T>(spec: ParserSpec<T>, ctx: FactContext): Saga<Sourced<T>> {
  return sourcedFrom(spec, yield* probe(spec, ctx));
}

/** The interfaces with their details; the source is the ip or ifconfig command that answered. */
export const linuxInterfaces = defineFact({
  name: 'interfaces', os: 'linux', description: D.interfaces,
  commands: [ipJson, { ...ipText, fallback: true }, { ...ifconfig, fallback: true }, sweptSpeeds],
  *saga(ctx) {
    const [found, speeds] = yield* all([
      call(firstOf<Sourced<Found>>, [() => from(ipJson, ctx), () => from(ipText, ctx), () => from(ifconfig, ctx)]),
      call(attempt<NetSpeeds>, () => probe(sweptSpeeds, ctx)),
    ]);
    const { interfaces, details } = found.value;
    return sourcedFrom(found.command, withDetails(interfaces, withSpeeds(details, optional(speeds) ?? {})));
  },
});

/**
 * The routes, and each family's default route with its source address: the route's own (`src`), else
 * the first address of its interface in the interfaces fact it needs.
 */
export const linuxRoutes = defineFact({
  name: 'routes', os: 'linux', description: D.routes, keys: { default_ipv4: D.default_ipv4, default_ipv6: D.default_ipv6 }, needs: ['interfaces'],
  commands: [routesJson, { ...linuxIpRoute, fallback: true }, { ...linuxProcNetRoute, fallback: true }],
  *saga(ctx) {
    const table = yield* firstOf<Sourced<RoutingTable>>([() => from(routesJson, ctx), () => from(linuxIpRoute, ctx), () => from(linuxProcNetRoute, ctx)]);
    const interfaces = (yield* select((s: { interfaces?: Interfaces }) => s.interfaces)) ?? {};
    const { routes, default_ipv4, default_ipv6 } = table.value;
    return sourcedFrom(table.command, {
      routes,
      default_ipv4: withDefaultAddress(default_ipv4, interfaces, 'inet'),
      default_ipv6: withDefaultAddress(default_ipv6, interfaces, 'inet6'),
    });
  },
});
