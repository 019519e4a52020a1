/**
 * The SunOS gatherers (Solaris 10, Solaris 11, illumos). Zones first in the original scanner's order;
 * here everything independent runs at once, and virtualization is decided last from the evidence the
 * other facts gathered plus `virtinfo`, which starts with the others so it adds no round trip.
 */
import { all } from '../../effects/combinators.js';
import { call } from '../../effects/call.js';
import { fork } from '../../effects/fork.js';
import { select } from '../../effects/state.js';
import { join } from '../../effects/task-control.js';
import type { Saga } from '../../effects/effect.js';
import type { Task } from '../../effects/task.js';
import type { ParserSpec } from '../fact.js';
import { sourcedFrom, type Gatherer, type Shared } from '../gatherer.js';
import { attempt, firstOf, isHostError, probe, type Outcome, type ProbeOptions } from '../probe.js';
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
import { virtinfoSpec, type Virtinfo } from './virtinfo.js';
import { deriveVirtualization } from './virtualization.js';
import { zoneadmListSpec, type Zones } from './zoneadm-list.js';
import { zonenameSpec } from './zonename.js';
import { FILESYSTEMS_TIMEOUT_MS } from '../linux/scan.js';

/** The facts virtualization is decided from: selecting `virtualization` gathers them too. */
export const SUNOS_VIRTUALIZATION_EVIDENCE: readonly string[] = ['zonename', 'zones', 'device', 'cpu'];

/**
 * The fact keys to gather on SunOS for a `--facts` selection: the selection plus the evidence of
 * virtualization when it is selected (without it a VMware guest would be reported as bare metal).
 * @example
 * sunosSelection(['virtualization']) // => ['virtualization', 'zonename', 'zones', 'device', 'cpu']
 */
export function sunosSelection(keys: readonly string[] | undefined): readonly string[] | undefined {
  if (keys === undefined || !keys.includes('virtualization')) return keys;
  return [...new Set([...keys, ...SUNOS_VIRTUALIZATION_EVIDENCE])];
}

/**
 * Starts once the probes several SunOS gatherers read: the zone name (its own fact, and which VNICs
 * are this zone's for `interfaces`) and `virtinfo` (read by virtualization after the others end).
 */
export function* startSunosShared(options: ProbeOptions, gatherers: readonly Gatherer[]): Saga<Shared> {
  const uses = (...names: string[]): boolean => gatherers.some((g) => names.includes(g.name));
  const shared: Record<string, Task<Outcome<unknown>>> = {};
  if (uses('zonename', 'interfaces')) shared['zonename'] = (yield* fork(attempt<string>, () => probe(zonenameSpec, options))) as Task<Outcome<unknown>>;
  if (uses('virtualization')) shared['virtinfo'] = (yield* fork(attempt<Virtinfo>, () => probe(virtinfoSpec, options))) as Task<Outcome<unknown>>;
  return shared;
}

/** The shared probe's outcome, or the probe run here when nothing started it (a gatherer run alone). */
function* sharedProbe<T>(shared: Shared, name: string, spec: ParserSpec<T>, options: ProbeOptions): Saga<Outcome<T>> {
  const task = shared[name];
  if (task === undefined) return yield* attempt(() => probe(spec, options));
  return (yield* join(task)) as Outcome<T>;
}

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
    *saga(o, shared) {
      const zonename = yield* sharedProbe(shared, 'zonename', zonenameSpec, o);
      if (!zonename.ok) throw zonename.error;
      // A joined task lends no command to the put: name it.
      return sourcedFrom(zonenameSpec, { zonename: zonename.value });
    },
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
    name: 'interfaces', keys: ['interfaces'], specs: [ifconfigSpec, dladmPhysMacsSpec, dladmVnicsSpec, zonenameSpec],
    *saga(o, shared) {
      const [ifconfig, macs, vnics, zonename] = yield* all([
        call(attempt<Interfaces>, () => probe(ifconfigSpec, o)),
        call(attempt<LinkMacs>, () => probe(dladmPhysMacsSpec, o)),
        call(attempt<Vnic[]>, () => probe(dladmVnicsSpec, o)),
        // In a zone, dladm lists the zone's own VNICs under its name: they are local, not another zone's.
        call(sharedProbe<string>, shared, 'zonename', zonenameSpec, o),
      ]);
      if (!ifconfig.ok) throw ifconfig.error;
      // dladm only adds MACs and zones; the interfaces are ifconfig's, whichever command ended last.
      return sourcedFrom(ifconfigSpec, {
        interfaces: mergeInterfaces({ ifconfig: ifconfig.value, physMacs: optional(macs), vnics: optional(vnics), zonename: optional(zonename) }),
      });
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
      return sourcedFrom(dfSpec, { filesystems: withFsTypes(df.value, optional(types) ?? {}) });
    },
  },
];

interface Evidence { zonename?: string; zones?: Zones; device?: Device; cpu?: { model: string | null } }

/**
 * Runs after the others: decides virtualization from their facts and `virtinfo` (LDoms, kernel zones).
 * Its specs list the evidence's commands too, since selecting it runs them (`sunosSelection`).
 */
export const sunosVirtualization: Gatherer = {
  name: 'virtualization', keys: ['virtualization'], specs: [virtinfoSpec, zonenameSpec, zoneadmListSpec, smbiosSpec, prtdiagSpec, psrinfoSpec],
  *saga(o, shared) {
    const virtinfo = optional(yield* sharedProbe(shared, 'virtinfo', virtinfoSpec, o));
    const s = (yield* select()) as Evidence;
    return sourcedFrom(virtinfoSpec, {
      virtualization: deriveVirtualization({ zonename: s.zonename, zones: s.zones, device: s.device, cpuModel: s.cpu?.model, virtinfo }),
    });
  },
};
