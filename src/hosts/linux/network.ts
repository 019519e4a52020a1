/**
 * The network facts of Linux: `interfaces` with their details, and the routes with the default
 * routes of both families. One `ip -j -d addr` answer gives both the interfaces (the original keys)
 * and their details; the link speeds come from the file sweep. Each falls back only where the command
 * before it failed: iproute2 without JSON, BusyBox, then ifconfig or /proc.
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
import { sweptSpeeds } from './files.js';
import { linuxIfconfig } from './ifconfig.js';
import { parseIpAddr } from './ip-addr.js';
import { parseIpAddrJson } from './ip-addr-json.js';
import { linuxIpDetails, parseIpDetails } from './ip-details.js';
import { linuxIpDetailsJson, parseIpDetailsJson } from './ip-details-json.js';
import { linuxIpRoute } from './ip-route.js';
import { linuxIpRouteJson } from './ip-route-json.js';
import type { NetSpeeds } from './net-speed.js';
import { linuxProcNetRoute } from './proc-net-route.js';

interface Found {
  readonly interfaces: Interfaces;
  readonly details: InterfaceDetails;
}

/** `ip -j -d addr`: the interfaces parser and the details parser read the same answer. */
const ipJson: ParserSpec<Found> = { ...linuxIpDetailsJson, parse: (s) => ({ interfaces: parseIpAddrJson(s), details: parseIpDetailsJson(s) }) };
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
  commands: [linuxIpRouteJson, { ...linuxIpRoute, fallback: true }, { ...linuxProcNetRoute, fallback: true }],
  *saga(ctx) {
    const table = yield* firstOf<Sourced<RoutingTable>>([() => from(linuxIpRouteJson, ctx), () => from(linuxIpRoute, ctx), () => from(linuxProcNetRoute, ctx)]);
    const interfaces = (yield* select((s: { interfaces?: Interfaces }) => s.interfaces)) ?? {};
    const { routes, default_ipv4, default_ipv6 } = table.value;
    return sourcedFrom(table.command, {
      routes,
      default_ipv4: withDefaultAddress(default_ipv4, interfaces, 'inet'),
      default_ipv6: withDefaultAddress(default_ipv6, interfaces, 'inet6'),
    });
  },
});
