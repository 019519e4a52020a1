/**
 * The built-in plugin `sunos` (Solaris 10, Solaris 11, illumos). Everything independent runs at once;
 * virtualization is decided last, from the facts it `needs` plus `virtinfo`, which starts with the
 * others so that waiting for them adds no round trip; the routes wait for the interfaces the same way.
 */
import { all } from '../../effects/combinators.js';
import { call } from '../../effects/call.js';
import { select } from '../../effects/state.js';
import type { Saga } from '../../effects/effect.js';
import { commonOsRelease } from '../common/os-release.js';
import { configFileFacts } from '../common/config-files.js';
import { FACT_DESCRIPTIONS as D } from '../common/descriptions.js';
import { FILESYSTEMS_TIMEOUT_MS } from '../common/plugin.js';
import { UNKNOWN_BASEBOARD, UNKNOWN_CHASSIS, type Device } from '../common/dmi.js';
import { optional } from '../common/family-facts.js';
import { defineFact, factFromSpec, sourcedFrom } from '../define-fact.js';
import { definePlugin } from '../plugin.js';
import { attempt, firstOf, probe } from '../probe.js';
import { dfSpec, withFsTypes, type Filesystem } from './df.js';
import { iostatEnSpec } from './iostat-en.js';
import { mountTypesSpec, type MountTypes } from './mount-types.js';
import { sunosInterfaces, sunosRoutes } from './network.js';
import { prtconfMemorySpec } from './prtconf-memory.js';
import { prtdiagSpec } from './prtdiag.js';
import { releaseSpec } from './release.js';
import { smbiosSpec, type SmbiosHardware } from './smbios.js';
import type { Hardware } from './hardware.js';
import { svcsSpec } from './svcs.js';
import { bootTimeFromUptime, sunosCpu, sunosMemoryFact, sunosPackages } from './system.js';
import { timezoneSpec } from './timezone.js';
import { uptimeSpec } from './uptime.js';
import { virtinfoSpec } from './virtinfo.js';
import { deriveVirtualization } from './virtualization.js';
import { zoneadmListSpec, type Zones } from './zoneadm-list.js';
import { zonenameSpec } from './zonename.js';
import { zpoolListSpec } from './zpool-list.js';

const os = defineFact({
  name: 'os', os: 'sunos', description: D.os, commands: [releaseSpec, commonOsRelease],
  *saga(ctx) { return yield* firstOf<unknown>([() => probe(releaseSpec, ctx), () => probe(commonOsRelease, ctx)]); },
});

const device = defineFact({
  name: 'device', os: 'sunos', description: D.device, keys: { bios: D.bios, chassis: D.chassis, baseboard: D.baseboard }, commands: [smbiosSpec, { ...prtdiagSpec, fallback: true }],
  *saga(ctx) {
    // SPARC has no SMBIOS: prtdiag is the fallback there (and on x86 releases where smbios fails); it
    // names neither the enclosure nor the board.
    const hw = yield* firstOf<Hardware & Partial<SmbiosHardware>>([() => probe(smbiosSpec, ctx), () => probe(prtdiagSpec, ctx)]);
    return { device: hw.device, bios: hw.bios, chassis: hw.chassis ?? UNKNOWN_CHASSIS, baseboard: hw.baseboard ?? UNKNOWN_BASEBOARD };
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
  description: 'The facts of Solaris 10, Solaris 11 and illumos hosts: zones, smbios/prtdiag, ifconfig and dladm, netstat, psrinfo and kstat, swap, iostat, zpool, df, and on request pkg, pkginfo and svcs.',
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
    sunosMemoryFact,
    sunosInterfaces,
    sunosCpu,
    factFromSpec(uptimeSpec, { name: 'uptime_seconds', os: 'sunos', description: D.uptime_seconds }),
    filesystems,
    virtualization,
    factFromSpec(iostatEnSpec, { name: 'disks', os: 'sunos', description: D.disks }),
    sunosRoutes,
    factFromSpec(zpoolListSpec, { name: 'zpools', os: 'sunos', description: D.zpools }),
    factFromSpec(timezoneSpec, { name: 'timezone', os: 'sunos', description: D.timezone }),
    factFromSpec(bootTimeFromUptime, { name: 'boot_time', os: 'sunos', description: D.boot_time }),
    sunosPackages,
    factFromSpec(svcsSpec, { name: 'services', os: 'sunos', description: D.services, optIn: true }),
    ...configFileFacts('sunos'),
  ],
});
