/**
 * Facts read the same way on the BSDs and macOS (`ifconfig -a`, `route -n get default`, `df -Pk` with
 * `mount`, and the uptime from `ps`). The `bsd` plugin gathers them on both: macOS keeps the BSD tools.
 */
import { all } from '../../effects/combinators.js';
import { call } from '../../effects/call.js';
import { select } from '../../effects/state.js';
import { defineFact, factFromSpec, sourcedFrom } from '../define-fact.js';
import { attempt, isHostError, probe, type Outcome } from '../probe.js';
import { commonBsdIfconfig } from './bsd-ifconfig.js';
import { commonBsdMount } from './bsd-mount.js';
import { commonDfPosix, withFsTypes, type Filesystem } from './df-posix.js';
import { FACT_DESCRIPTIONS as D } from './descriptions.js';
import type { Interfaces } from './interfaces.js';
import { commonPsEtime } from './ps-etime.js';
import { commonRouteGet } from './route-get.js';

/** The BSDs and macOS: BSD `ifconfig`, `route`, `df` and `mount`. */
export const BSD_LIKE = ['bsd', 'darwin'] as const;

/** `df` may touch a stale NFS mount: the filesystems facts get at most this long, whatever the command timeout. */
export const FILESYSTEMS_TIMEOUT_MS = 15_000;

/** The value of an optional source, or undefined when it failed; a lost connection still fails the fact. */
export function optional<T>(outcome: Outcome<T>): T | undefined {
  if (outcome.ok) return outcome.value;
  if (isHostError(outcome.error)) throw outcome.error;
  return undefined;
}

/** Fills the MACs `ifconfig` did not print (AIX, HP-UX) from another command's interface → MAC map. */
export function withMacs(interfaces: Interfaces, macs: Readonly<Record<string, string | null>>): Interfaces {
  const out: Interfaces = {};
  for (const [name, entry] of Object.entries(interfaces)) {
    out[name] = { ...entry, mac_address: entry.mac_address ?? (Object.hasOwn(macs, name) ? macs[name]! : null) };
  }
  return out;
}

/** Interfaces from BSD-style `ifconfig -a`. */
export const bsdInterfaces = factFromSpec(commonBsdIfconfig, { name: 'interfaces', os: [...BSD_LIKE], description: D.interfaces });

/** Filesystems from `df -Pk`, their types from `mount`. */
export const bsdFilesystems = defineFact({
  name: 'filesystems', os: [...BSD_LIKE], description: D.filesystems, timeoutMs: FILESYSTEMS_TIMEOUT_MS, commands: [commonDfPosix, commonBsdMount],
  *saga(ctx) {
    const [df, types] = yield* all([call(attempt<Filesystem[]>, () => probe(commonDfPosix, ctx)), call(attempt<Record<string, string>>, () => probe(commonBsdMount, ctx))]);
    if (!df.ok) throw df.error;
    return sourcedFrom(commonDfPosix, withFsTypes(df.value, optional(types) ?? {}));
  },
});

/**
 * The IPv4 default route, `{ gateway, interface, address }` as on Linux and SunOS: the route the kernel
 * would take, and the first IPv4 address of its interface (from the interfaces fact it needs).
 */
export const bsdDefaultIpv4 = defineFact({
  name: 'default_ipv4', os: [...BSD_LIKE], description: D.default_ipv4, needs: ['interfaces'], commands: [commonRouteGet],
  *saga(ctx) {
    const route = yield* probe(commonRouteGet, ctx);
    const interfaces = (yield* select((s: { interfaces?: Interfaces }) => s.interfaces)) ?? {};
    const entry = route.interface !== null && Object.hasOwn(interfaces, route.interface) ? interfaces[route.interface] : undefined;
    return sourcedFrom(commonRouteGet, { gateway: route.gateway, interface: route.interface, address: entry?.ipv4_addresses[0] ?? null });
  },
});

/** Seconds since boot from the elapsed time of process 1. */
export const bsdFamilyUptime = factFromSpec(commonPsEtime, { name: 'uptime_seconds', os: [...BSD_LIKE], description: D.uptime_seconds });
