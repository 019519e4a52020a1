/**
 * The `routes`, `default_ipv4` and `default_ipv6` facts, shared by the Linux (`ip route`, JSON or
 * text, and /proc/net/route) and SunOS (`netstat -rn`) parsers. Destinations are as the tool printed
 * them (`192.0.2.0/24`, `default`, Solaris `172.16.32.0` without a mask). The default route of a family
 * is its usable default route with the lowest metric (the first printed among equals): unreachable,
 * blackhole and prohibit routes are listed but never the default.
 */
import type { Interfaces } from './interfaces.js';
import { enforceCap, LIMITS } from './limits.js';

/** One route. */
export interface Route {
  readonly family: 'inet' | 'inet6';
  readonly destination: string;
  readonly gateway: string | null;
  readonly interface: string | null;
  readonly metric: number | null;
}

/** A family's default route, as Ansible's `default_ipv4`/`default_ipv6`. */
export interface DefaultRoute {
  readonly gateway: string | null;
  readonly interface: string | null;
  /** The source address the kernel picks (`src`/`prefsrc`); `null` when the route does not say. */
  readonly address: string | null;
}

/** What every routes parser returns. */
export interface RoutingTable {
  readonly routes: Route[];
  readonly default_ipv4: DefaultRoute | null;
  readonly default_ipv6: DefaultRoute | null;
}

interface Candidate {
  readonly route: Route;
  readonly address: string | null;
  readonly usable: boolean;
}

/** Collects routes, capped, and picks each family's default route. */
export class RouteTable {
  private readonly routes: Route[] = [];
  private readonly best: { inet?: Candidate; inet6?: Candidate } = {};

  constructor(private readonly parser: string) {}

  /**
   * Adds a route. `isDefault` marks a default route (`default`, `0.0.0.0/0`, `::/0`); `usable` is
   * false for unreachable, blackhole and prohibit routes; `address` is the preferred source.
   */
  add(route: Route, isDefault: boolean, usable = true, address: string | null = null): void {
    this.routes.push(route);
    enforceCap(this.parser, `${route.family} routes`, this.routes.length, LIMITS.routes * 2);
    // A default route naming neither gateway nor interface (BusyBox prints a multipath route so) says nothing.
    if (!isDefault || !usable || (route.gateway === null && route.interface === null)) return;
    const current = this.best[route.family];
    if (current === undefined || (route.metric ?? 0) < (current.route.metric ?? 0)) this.best[route.family] = { route, address, usable };
  }

  /** The routing facts. */
  toFacts(): RoutingTable {
    const pick = (c: Candidate | undefined): DefaultRoute | null =>
      c === undefined ? null : { gateway: c.route.gateway, interface: c.route.interface, address: c.address };
    return { routes: this.routes, default_ipv4: pick(this.best.inet), default_ipv6: pick(this.best.inet6) };
  }
}

/**
 * Fills a default route's `address` from the interfaces fact when the route did not name one (most
 * static and Solaris routes): the first IPv4 address of its interface, or the first IPv6 address
 * that is not link-local. Pure, for the saga that gathers both facts.
 * @example
 * withDefaultAddress(routing.default_ipv4, facts.interfaces, 'inet')
 */
export function withDefaultAddress(route: DefaultRoute | null, interfaces: Interfaces, family: 'inet' | 'inet6'): DefaultRoute | null {
  if (route === null || route.address !== null || route.interface === null || !Object.hasOwn(interfaces, route.interface)) return route;
  const entry = interfaces[route.interface]!;
  const address = family === 'inet' ? entry.ipv4_addresses[0] : entry.ipv6_addresses.find((a) => !a.toLowerCase().startsWith('fe80:'));
  return { ...route, address: address ?? null };
}
