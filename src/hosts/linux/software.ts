/**
 * The opt-in facts of Linux: the installed packages and the services. Large (thousands of entries)
 * and slower than the rest, they run only when named in `--facts`. Every package manager is asked at
 * once, since a host may have several (rpm on a Debian host, for alien packages); the absent ones fail
 * with exit 127 and add nothing. The services come from whichever init system answers.
 */
import { all } from '../../effects/combinators.js';
import { call } from '../../effects/call.js';
import { FACT_DESCRIPTIONS as D } from '../common/descriptions.js';
import { optional } from '../common/family-facts.js';
import type { Package } from '../common/packages.js';
import type { Service } from '../common/services.js';
import { defineFact, sourcedFrom } from '../define-fact.js';
import { attempt, probe } from '../probe.js';
import { linuxApk } from './apk.js';
import { linuxDpkg } from './dpkg.js';
import { linuxOpenrcServices } from './openrc-services.js';
import { linuxRpm } from './rpm.js';
import { linuxSystemdServices } from './systemd-services.js';

/** Packages of dpkg, rpm and apk, in that order; fails only when no manager answered. */
export const linuxPackages = defineFact({
  name: 'packages', os: 'linux', description: D.packages, optIn: true, commands: [linuxDpkg, linuxRpm, linuxApk],
  *saga(ctx) {
    const managers = [linuxDpkg, linuxRpm, linuxApk];
    const outcomes = yield* all(managers.map((spec) => call(attempt<Package[]>, () => probe(spec, ctx))));
    const lists = outcomes.map((o) => optional(o));
    // The manager that listed the most is the host's own: the source named for the fact.
    let main = -1;
    lists.forEach((l, i) => { if (l !== undefined && (main < 0 || l.length > lists[main]!.length)) main = i; });
    if (main < 0) throw (outcomes[0] as { error: unknown }).error;
    return sourcedFrom(managers[main]!, lists.flatMap((l) => l ?? []));
  },
});

/** Services of systemd, else of OpenRC (a container without a running systemd may have either's tools). */
export const linuxServices = defineFact({
  name: 'services', os: 'linux', description: D.services, optIn: true, commands: [linuxSystemdServices, linuxOpenrcServices],
  *saga(ctx) {
    const [systemd, openrc] = yield* all([
      call(attempt<Service[]>, () => probe(linuxSystemdServices, ctx)),
      call(attempt<Service[]>, () => probe(linuxOpenrcServices, ctx)),
    ]);
    const fromSystemd = optional(systemd);
    const fromOpenrc = optional(openrc);
    if (fromSystemd !== undefined && (fromSystemd.length > 0 || fromOpenrc === undefined)) return sourcedFrom(linuxSystemdServices, fromSystemd);
    if (fromOpenrc !== undefined) return sourcedFrom(linuxOpenrcServices, fromOpenrc);
    throw (systemd as { error: unknown }).error;
  },
});
