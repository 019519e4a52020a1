/**
 * `route -n get default` (FreeBSD, OpenBSD, NetBSD, DragonFly, macOS) prints the route the kernel would
 * use, one `key: value` per line:
 *
 *        route to: default
 *     destination: default
 *            mask: default
 *         gateway: 192.0.2.1
 *       interface: em0
 *           flags: <UP,GATEWAY,DONE,STATIC>
 *
 * then a table of metrics. A host without a default route prints nothing on stdout ("route: route has
 * not been found" / "not in table" on stderr).
 */
import type { ParserSpec } from '../fact.js';
import { isIpv4, isIpv6 } from './interfaces.js';
import { parseError, splitLines } from './text.js';

/** The `default_route` fact. */
export interface DefaultRoute {
  /** The next hop; `null` for a route straight out of an interface (a point-to-point link). */
  readonly gateway: string | null;
  readonly interface: string | null;
}

const NAME = 'common.route-get';

/** Parses the `key: value` lines of `route -n get default`. */
export function parseRouteGet(stdout: string): DefaultRoute {
  const fields = new Map<string, string>();
  for (const line of splitLines(stdout)) {
    const m = /^\s*([a-z][a-z ]{0,20}): (.*)$/.exec(line);
    if (m !== null && !fields.has(m[1]!)) fields.set(m[1]!, m[2]!.trim());
  }
  if (!fields.has('route to') && !fields.has('destination')) throw parseError(NAME, 'no "route to:" nor "destination:" line', splitLines(stdout).find((l) => l.trim() !== ''));
  const gateway = fields.get('gateway') ?? null;
  const ifname = fields.get('interface') ?? null;
  // A gateway that is not an address is a link (`link#2`) or the interface itself: no next hop.
  const address = gateway !== null && (isIpv4(gateway) || isIpv6(gateway.split('%')[0]!)) ? gateway.split('%')[0]! : null;
  if (ifname !== null && !/^[A-Za-z0-9_.-]{1,64}$/.test(ifname)) throw parseError(NAME, 'not an interface name', ifname);
  return { gateway: address, interface: ifname };
}

/** The IPv4 default route's gateway and interface. */
export const commonRouteGet: ParserSpec<DefaultRoute> = {
  name: NAME,
  command: 'route -n get default',
  parse: parseRouteGet,
  description: 'Reads route -n get default (BSDs, macOS) and returns the default gateway and its interface.',
};
