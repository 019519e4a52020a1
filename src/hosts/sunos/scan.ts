/**
 * The SunOS gatherers (Solaris 10, Solaris 11, illumos). Zones first in the original scanner's order;
 * here everything independent runs at once, and virtualization is decided last from the evidence the
 * other facts gathered plus `virtinfo`.
 */
import { all } from '../../effects/combinators.js';
import { call } from '../../effects/call.js';
import { select } from '../../effects/state.js';
import type { Gatherer } from '../gatherer.js';
import { attempt, firstOf, isHostError, probe } from '../probe.js';
import { commonHostid } from '../common/hostid.js';
import { commonHostname } from '../common/hostname.js';
import { commonOsRelease } from '../common/os-release.js';
import type { Device } from '../common/dmi.js';
import { dfSpec, withFsTypes, type Filesystem } from './df.js';
import { dladmPhysMacsSpec, type LinkMacs } from './dladm-phys-macs.js';
import { dladmVnicsSpec, type Vnic } from './dladm-vnics.js';
import { ifconfigSpec, type Interfaces } from './ifconfig.js';
import { mergeInterfaces } from './interfaces.js';
import { mountTypesSpec, type MountTypes } from './mount-types.js';
import { prtconfMemorySpec } from './prtconf-memory.js';
import { prtdiagSpec } from './prtdiag.js';
import { psrinfoSpec } from './psrinfo.js';
import { releaseSpec } from './release.js';
import { smbiosSpec } from './smbios.js';
import { uptimeSpec } from './uptime.js';
import { virtinfoSpec } from './virtinfo.js';
import { deriveVirtualization } from './virtualization.js';
import { zoneadmListSpec, type Zones } from './zoneadm-list.js';
import { zonenameSpec } from './zonename.js';
import { FILESYSTEMS_TIMEOUT_MS } from '../linux/scan.js';

function optional<T>(outcome: { ok: true; value: T } | { ok: false; error: unknown }): T | undefined {
  if (outcome.ok) return outcome.value;
  // A lost connection is the host's failure, not a missing optional source.
  if (isHostError(outcome.error)) throw outcome.error;
  return undefined;
}

/** The SunOS fact sources gathered side by side. */
export const sunosGatherers: readonly Gatherer[] = [
  {
    name: 'zonename', keys: ['zonename'], specs: [zonenameSpec],
    *saga(o) { return { zonename: yield* probe(zonenameSpec, o) }; },
  },
  {
    name: 'zones', keys: ['zones'], specs: [zoneadmListSpec],
    *saga(o) { return { zones: yield* probe(zoneadmListSpec, o) }; },
  },
  {
    name: 'hostid', keys: ['hostid'], specs: [commonHostid],
    *saga(o) { return { hostid: yield* probe(commonHostid, o) }; },
  },
  {
    name: 'hostname', keys: ['hostname', 'fqdn'], specs: [commonHostname],
    *saga(o) { const h = yield* probe(commonHostname, o); return { hostname: h.hostname, fqdn: h.fqdn }; },
  },
  {
    name: 'os', keys: ['os'], specs: [releaseSpec, commonOsRelease],
    *saga(o) { return { os: yield* firstOf<unknown>([() => probe(releaseSpec, o), () => probe(commonOsRelease, o)]) }; },
  },
  {
    name: 'device', keys: ['device', 'bios'], specs: [smbiosSpec, prtdiagSpec],
    *saga(o) {
      // SPARC has no SMBIOS: prtdiag is the fallback there (and on x86 releases where smbios fails).
      const hw = yield* firstOf([() => probe(smbiosSpec, o), () => probe(prtdiagSpec, o)]);
      return { device: hw.device, bios: hw.bios };
    },
  },
  {
    name: 'installed_memory_in_MB', keys: ['installed_memory_in_MB', 'memory_source'], specs: [prtconfMemorySpec],
    *saga(o) { return { installed_memory_in_MB: yield* probe(prtconfMemorySpec, o), memory_source: 'prtconf' }; },
  },
  {
    name: 'interfaces', keys: ['interfaces'], specs: [ifconfigSpec, dladmPhysMacsSpec, dladmVnicsSpec],
    *saga(o) {
      const [ifconfig, macs, vnics] = yield* all([
        call(attempt<Interfaces>, () => probe(ifconfigSpec, o)),
        call(attempt<LinkMacs>, () => probe(dladmPhysMacsSpec, o)),
        call(attempt<Vnic[]>, () => probe(dladmVnicsSpec, o)),
      ]);
      if (!ifconfig.ok) throw ifconfig.error;
      return { interfaces: mergeInterfaces({ ifconfig: ifconfig.value, physMacs: optional(macs), vnics: optional(vnics) }) };
    },
  },
  {
    name: 'cpu', keys: ['cpu'], specs: [psrinfoSpec],
    *saga(o) { return { cpu: yield* probe(psrinfoSpec, o) }; },
  },
  {
    name: 'uptime_seconds', keys: ['uptime_seconds'], specs: [uptimeSpec],
    *saga(o) { return { uptime_seconds: yield* probe(uptimeSpec, o) }; },
  },
  {
    name: 'filesystems', keys: ['filesystems'], specs: [dfSpec, mountTypesSpec],
    *saga(o) {
      const timeout = Math.min(o.timeoutMs, FILESYSTEMS_TIMEOUT_MS);
      const [df, types] = yield* all([
        call(attempt<Filesystem[]>, () => probe(dfSpec, o, timeout)),
        call(attempt<MountTypes>, () => probe(mountTypesSpec, o, timeout)),
      ]);
      if (!df.ok) throw df.error;
      return { filesystems: withFsTypes(df.value, optional(types) ?? {}) };
    },
  },
];

interface Evidence { zonename?: string; zones?: Zones; device?: Device; cpu?: { model: string | null } }

/** Runs after the others: decides virtualization from their facts and `virtinfo` (LDoms, kernel zones). */
export const sunosVirtualization: Gatherer = {
  name: 'virtualization', keys: ['virtualization'], specs: [virtinfoSpec],
  *saga(o) {
    const virtinfo = optional(yield* attempt(() => probe(virtinfoSpec, o)));
    const s = (yield* select()) as Evidence;
    return { virtualization: deriveVirtualization({ zonename: s.zonename, zones: s.zones, device: s.device, cpuModel: s.cpu?.model, virtinfo }) };
  },
};
