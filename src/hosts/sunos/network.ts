/**
 * The network facts of SunOS: `interfaces` and their details, the routes with the default routes.
 * Every source runs at once; `ifconfig -a` is read by two parsers (the interfaces and their details)
 * from one run, dladm adds MACs, zones, link classes, speeds and aggregation ports where it answers
 * (Solaris 10's dladm has no show-link table: ifconfig's details stand alone there).
 */
import { all } from '../../effects/combinators.js';
import { call } from '../../effects/call.js';
import { select } from '../../effects/state.js';
import { FACT_DESCRIPTIONS as D } from '../common/descriptions.js';
import { optional } from '../common/family-facts.js';
import { withDetails, type InterfaceDetails } from '../common/interface-details.js';
import { withDefaultAddress } from '../common/routes.js';
import { defineFact, sourcedFrom } from '../define-fact.js';
import type { ParserSpec } from '../fact.js';
import { attempt, probe } from '../probe.js';
import { dladmLinksSpec } from './dladm-links.js';
import { dladmPhysMacsSpec, type LinkMacs } from './dladm-phys-macs.js';
import { dladmVnicsSpec, type Vnic } from './dladm-vnics.js';
import { ifconfigDetailsSpec } from './ifconfig-details.js';
import { ifconfigSpec, type Interfaces } from './ifconfig.js';
import { mergeInterfaces, withLinks } from './interfaces.js';
import { netstatRnSpec } from './netstat-rn.js';
import { zonenameSpec } from './zonename.js';

interface Ifconfig {
  readonly interfaces: Interfaces;
  readonly details: InterfaceDetails;
}

/** `ifconfig -a` (through sudo with --sudo: Solaris 10 shows MACs to root), read by both parsers. */
const ifconfig: ParserSpec<Ifconfig> = { ...ifconfigSpec, parse: (s) => ({ interfaces: ifconfigSpec.parse(s), details: ifconfigDetailsSpec.parse(s) }) };

/** The interfaces with their details; the source is ifconfig, whichever command ended last. */
export const sunosInterfaces = defineFact({
  name: 'interfaces', os: 'sunos', description: D.interfaces, commands: [ifconfigSpec, dladmPhysMacsSpec, dladmVnicsSpec, zonenameSpec, dladmLinksSpec],
  *saga(ctx) {
    const [found, macs, vnics, zonename, links] = yield* all([
      call(attempt<Ifconfig>, () => probe(ifconfig, ctx)),
      call(attempt<LinkMacs>, () => probe(dladmPhysMacsSpec, ctx)),
      call(attempt<Vnic[]>, () => probe(dladmVnicsSpec, ctx)),
      // In a zone, dladm lists the zone's own VNICs under its name: they are local, not another zone's.
      call(attempt<string>, () => probe(zonenameSpec, ctx)),
      call(attempt<InterfaceDetails>, () => probe(dladmLinksSpec, ctx)),
    ]);
    if (!found.ok) throw found.error;
    const interfaces = mergeInterfaces({ ifconfig: found.value.interfaces, physMacs: optional(macs), vnics: optional(vnics), zonename: optional(zonename) });
    return sourcedFrom(ifconfigSpec, withDetails(interfaces, withLinks(interfaces, found.value.details, optional(links) ?? {})));
  },
});

/**
 * The routes and default routes of `netstat -rn`; a default route's source address is its
 * interface's first (netstat prints none), from the interfaces fact it needs.
 */
export const sunosRoutes = defineFact({
  name: 'routes', os: 'sunos', description: D.routes, keys: { default_ipv4: D.default_ipv4, default_ipv6: D.default_ipv6 }, needs: ['interfaces'],
  commands: [netstatRnSpec],
  *saga(ctx) {
    const { routes, default_ipv4, default_ipv6 } = yield* probe(netstatRnSpec, ctx);
    const interfaces = (yield* select((s: { interfaces?: Interfaces }) => s.interfaces)) ?? {};
    return sourcedFrom(netstatRnSpec, { routes, default_ipv4: withDefaultAddress(default_ipv4, interfaces, 'inet'), default_ipv6: withDefaultAddress(default_ipv6, interfaces, 'inet6') });
  },
});
