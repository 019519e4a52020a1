/**
 * The built-in plugin `sunos` (Solaris 10, Solaris 11, illumos). Everything independent runs at once;
 * virtualization is decided last, from the facts it `needs` plus `virtinfo`, which starts with the
 * others so that waiting for them adds no round trip.
 */
import { all } from '../../effects/combinators.js';
import { call } from '../../effects/call.js';
import { select } from '../../effects/state.js';
import type { Saga } from '../../effects/effect.js';
import { commonOsRelease } from '../common/os-release.js';
import { FACT_DESCRIPTIONS as D } from '../common/descriptions.js';
import { FILESYSTEMS_TIMEOUT_MS } from '../common/plugin.js';
import type { Device } from '../common/dmi.js';
import { defineFact, factFromSpec, sourcedFrom } from '../define-fact.js';
import { definePlugin } from '../plugin.js';
import { attempt, firstOf, isHostError, probe, type Outcome } from '../probe.js';
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

/** The value of an optional source, or undefined when it failed; a lost connection still fails the fact. */
function optional<T>(outcome: Outcome<T>): T | undefined {
  if (outcome.ok) return outcome.value;
  if (isHostError(outcome.error)) throw outcome.error;
  return undefined;
}

const os = defineFact({
  name: 'os', os: 'sunos', description: D.os, commands: [releaseSpec, commonOsRelease],
  *saga(ctx) { return yield* firstOf<unknown>([() => probe(releaseSpec, ctx), () => probe(commonOsRelease, ctx)]); },
});

const device = defineFact({
  name: 'device', os: 'sunos', description: D.device, keys: { bios: D.bios }, commands: [smbiosSpec, prtdiagSpec],
  *saga(ctx) {
    // SPARC has no SMBIOS: prtdiag is the fallback there (and on x86 releases where smbios fails).
    const hw = yield* firstOf([() => probe(smbiosSpec, ctx), () => probe(prtdiagSpec, ctx)]);
    return { device: hw.device, bios: hw.bios };
  },
});

const interfaces = defineFact({
  name: 'interfaces', os: 'sunos', description: D.interfaces, commands: [ifconfigSpec, dladmPhysMacsSpec, dladmVnicsSpec, zonenameSpec],
  *saga(ctx) {
    const [ifconfig, macs, vnics, zonename] = yield* all([
      call(attempt<Interfaces>, () => probe(ifconfigSpec, ctx)),
      call(attempt<LinkMacs>, () => probe(dladmPhysMacsSpec, ctx)),
      call(attempt<Vnic[]>, () => probe(dladmVnicsSpec, ctx)),
      // In a zone, dladm lists the zone's own VNICs under its name: they are local, not another zone's.
      call(attempt<string>, () => probe(zonenameSpec, ctx)),
    ]);
    if (!ifconfig.ok) throw ifconfig.error;
    // dladm only adds MACs and zones; the interfaces are ifconfig's, whichever command ended last.
    return sourcedFrom(ifconfigSpec, mergeInterfaces({ ifconfig: ifconfig.value, physMacs: optional(macs), vnics: optional(vnics), zonename: optional(zonename) }));
  },
});

const filesystems = defineFact({
  name: 'filesystems', os: 'sunos', description: D.filesystems, timeoutMs: FILESYSTEMS_TIMEOUT_MS, commands: [dfSpec, mountTypesSpec],
  *saga(ctx) {
    const [df, types] = yield* all([call(attempt<Filesystem[]>, () => probe(dfSpec, ctx)), call(attempt<MountTypes>, () => probe(mountTypesSpec, ctx))]);
    if (!df.ok) throw df.error;
    return sourcedFrom(dfSpec, withFsTypes(df.value, optional(types) ?? {}));
  },
});

interface Evidence { zonename?: string; zones?: Zones; device?: Device; cpu?: { model: string | null } }

function* evidence(): Saga<Evidence> {
  return (yield* select()) as Evidence;
}

const virtualization = defineFact({
  name: 'virtualization', os: 'sunos', description: D.virtualization,
  // Without its evidence a VMware guest would pass for bare metal: selecting it gathers them too.
  needs: ['zonename', 'zones', 'device', 'cpu'], commands: [virtinfoSpec],
  *saga(ctx) {
    const virtinfo = optional(yield* attempt(() => probe(virtinfoSpec, ctx)));
    const s = yield* evidence();
    return sourcedFrom(virtinfoSpec, deriveVirtualization({ zonename: s.zonename, zones: s.zones, device: s.device, cpuModel: s.cpu?.model, virtinfo }));
  },
});

/** plesio's SunOS facts, zones first as in the original scanner. */
export const sunosPlugin = definePlugin({
  name: 'sunos',
  version: '1',
  description: 'The facts of Solaris 10, Solaris 11 and illumos hosts: zones, smbios/prtdiag, ifconfig and dladm, psrinfo, df.',
  facts: [
    factFromSpec(zonenameSpec, { name: 'zonename', os: 'sunos', description: D.zonename }),
    factFromSpec(zoneadmListSpec, { name: 'zones', os: 'sunos', description: D.zones }),
    os,
    device,
    defineFact({
      name: 'installed_memory_in_MB', os: 'sunos', description: D.installed_memory_in_MB, keys: { memory_source: D.memory_source },
      command: prtconfMemorySpec.command,
      parse: (stdout) => ({ installed_memory_in_MB: prtconfMemorySpec.parse(stdout), memory_source: 'prtconf' as const }),
    }),
    interfaces,
    factFromSpec(psrinfoSpec, { name: 'cpu', os: 'sunos', description: D.cpu }),
    factFromSpec(uptimeSpec, { name: 'uptime_seconds', os: 'sunos', description: D.uptime_seconds }),
    filesystems,
    virtualization,
  ],
});
