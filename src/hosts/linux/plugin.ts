/**
 * The built-in plugin `linux`. Without root first (sysfs, /proc, ip); `dmidecode` through `sudo -n`
 * only when allowed, to fill what sysfs hides from non-root (serial, uuid) and to count the installed
 * DIMMs. `device` and `installed_memory_in_MB` both read it: the scan's executor runs it once, as it
 * runs once each command several facts read: the file sweep (linux/files.ts: device, interfaces, os,
 * dns, ssh_host_keys, selinux, machine_id), iproute2's JSON (linux/network.ts: interfaces, routes),
 * the clock (linux/clock.ts: uptime_seconds, boot_time, timezone) and /proc/meminfo
 * (installed_memory_in_MB, memory).
 */
import { all } from '../../effects/combinators.js';
import { call } from '../../effects/call.js';
import type { Saga } from '../../effects/effect.js';
import type { DmiFacts } from '../common/dmi.js';
import { commonOsRelease, type OsRelease } from '../common/os-release.js';
import { FACT_DESCRIPTIONS as D } from '../common/descriptions.js';
import { FILESYSTEMS_TIMEOUT_MS } from '../common/plugin.js';
import { defineFact, factFromSpec, sourcedFrom, type FactContext } from '../define-fact.js';
import { definePlugin } from '../plugin.js';
import { optional } from '../common/family-facts.js';
import { attempt, firstOf, probe } from '../probe.js';
import { bootTimeOfClock, timezoneOfClock, uptimeOfClock } from './clock.js';
import { linuxCpuinfo } from './cpuinfo.js';
import { linuxDf } from './df.js';
import { linuxDmidecode, type Dmidecode } from './dmidecode.js';
import { sweptDmi, sweptMachineId, sweptRelease, sweptResolvConf, sweptSecurity, sweptSshHostKeys } from './files.js';
import { linuxHostid } from './hostid.js';
import { linuxLsblk } from './lsblk.js';
import { linuxMemoryBlocks } from './memory-blocks.js';
import { linuxMeminfo } from './meminfo.js';
import { linuxInterfaces, linuxRoutes } from './network.js';
import { withPointRelease, type DistroRelease } from './release-files.js';
import { linuxPackages, linuxServices } from './software.js';
import { linuxSysBlock } from './sys-block.js';
import { linuxVirtualization } from './virtualization.js';

/** dmidecode's answer when sudo is allowed and it succeeds; `null` otherwise (it only fills gaps). */
function* dmidecodeOf(ctx: FactContext): Saga<Dmidecode | null> {
  if (!ctx.sudo) return null;
  const outcome = yield* attempt(() => probe(linuxDmidecode, ctx));
  return outcome.ok ? outcome.value : null;
}

function fill<T extends object>(base: T, extra: T | undefined): T {
  if (extra === undefined) return base;
  const out = { ...base } as Record<string, unknown>;
  for (const [k, v] of Object.entries(extra)) if (out[k] === null || out[k] === undefined) out[k] = v;
  return out as T;
}

const device = defineFact({
  name: 'device', os: 'linux', description: D.device, keys: { bios: D.bios, chassis: D.chassis, baseboard: D.baseboard },
  needsRoot: true, commands: [sweptDmi, linuxDmidecode],
  *saga(ctx) {
    const [sysfs, dmi] = yield* all([call(attempt<DmiFacts>, () => probe(sweptDmi, ctx)), call(dmidecodeOf, ctx)]);
    if (!sysfs.ok && dmi === null) throw sysfs.error;
    // Both commands ran at once: name the one the facts are based on (dmidecode only fills gaps).
    if (!sysfs.ok) return sourcedFrom(linuxDmidecode, { device: dmi!.device, bios: dmi!.bios, chassis: dmi!.chassis, baseboard: dmi!.baseboard });
    const s = sysfs.value;
    return sourcedFrom(sweptDmi, {
      device: fill(s.device, dmi?.device), bios: fill(s.bios, dmi?.bios), chassis: fill(s.chassis, dmi?.chassis), baseboard: fill(s.baseboard, dmi?.baseboard),
    });
  },
});

const os = defineFact({
  name: 'os', os: 'linux', description: D.os, commands: [commonOsRelease, sweptRelease],
  *saga(ctx) {
    // os-release names the release; the distribution's own file may add its point release (CentOS 8.1).
    const [release, files] = yield* all([call(probe<OsRelease>, commonOsRelease, ctx), call(attempt<DistroRelease>, () => probe(sweptRelease, ctx))]);
    const distro = optional(files);
    return sourcedFrom(commonOsRelease, distro === undefined ? release : withPointRelease(release, distro));
  },
});

const hostid = defineFact({
  name: 'hostid', os: 'linux', description: D.hostid, keys: { hostid_source: D.hostid_source },
  command: linuxHostid.command,
  parse: (stdout) => linuxHostid.parse(stdout),
});

const disks = defineFact({
  name: 'disks', os: 'linux', description: D.disks, commands: [linuxLsblk, { ...linuxSysBlock, fallback: true }],
  // util-linux before 2.27 has no lsblk -J, BusyBox no lsblk at all: /sys/block then.
  *saga(ctx) { return yield* firstOf([() => probe(linuxLsblk, ctx), () => probe(linuxSysBlock, ctx)]); },
});

const selinux = defineFact({
  name: 'selinux', os: 'linux', description: D.selinux, keys: { apparmor: D.apparmor },
  command: sweptSecurity.command,
  parse: (stdout) => sweptSecurity.parse(stdout),
});

const installedMemory = defineFact({
  name: 'installed_memory_in_MB', os: 'linux', description: D.installed_memory_in_MB, keys: { memory_source: D.memory_source },
  needsRoot: true, commands: [linuxDmidecode, linuxMemoryBlocks, linuxMeminfo],
  *saga(ctx) {
    // All sources at once (one round trip), then the most exact one that answered wins.
    const [dmi, blocks, meminfo] = yield* all([
      call(dmidecodeOf, ctx),
      call(attempt<{ installed_memory_in_MB: number }>, () => probe(linuxMemoryBlocks, ctx)),
      call(attempt<{ installed_memory_in_MB: number }>, () => probe(linuxMeminfo, ctx)),
    ]);
    if (dmi !== null && dmi.installed_memory_in_MB !== null) return sourcedFrom(linuxDmidecode, { installed_memory_in_MB: dmi.installed_memory_in_MB, memory_source: 'dmi' });
    if (blocks.ok) return sourcedFrom(linuxMemoryBlocks, { installed_memory_in_MB: blocks.value.installed_memory_in_MB, memory_source: 'memory-blocks' });
    if (meminfo.ok) return sourcedFrom(linuxMeminfo, { installed_memory_in_MB: meminfo.value.installed_memory_in_MB, memory_source: 'meminfo' });
    throw meminfo.error;
  },
});

/** plesio's Linux facts, in report order. */
export const linuxPlugin = definePlugin({
  name: 'linux',
  version: '1',
  description: 'The facts of Linux hosts: /proc, sysfs, iproute2, lsblk, df, dmidecode with sudo, and on request the package managers and init systems.',
  facts: [
    os,
    device,
    installedMemory,
    linuxInterfaces,
    factFromSpec(linuxCpuinfo, { name: 'cpu', os: 'linux', description: D.cpu }),
    factFromSpec(uptimeOfClock, { name: 'uptime_seconds', os: 'linux', description: D.uptime_seconds }),
    factFromSpec(linuxVirtualization, { name: 'virtualization', os: 'linux', description: D.virtualization }),
    factFromSpec(linuxDf, { name: 'filesystems', os: 'linux', description: D.filesystems, timeoutMs: FILESYSTEMS_TIMEOUT_MS }),
    // The facts of issue 18, after the original scanner's.
    hostid,
    factFromSpec(sweptMachineId, { name: 'machine_id', os: 'linux', description: D.machine_id }),
    factFromSpec({ ...linuxMeminfo, parse: (stdout: string) => linuxMeminfo.parse(stdout).memory }, { name: 'memory', os: 'linux', description: D.memory }),
    factFromSpec(sweptResolvConf, { name: 'dns', os: 'linux', description: D.dns }),
    factFromSpec(sweptSshHostKeys, { name: 'ssh_host_keys', os: 'linux', description: D.ssh_host_keys }),
    disks,
    linuxRoutes,
    factFromSpec(timezoneOfClock, { name: 'timezone', os: 'linux', description: D.timezone }),
    factFromSpec(bootTimeOfClock, { name: 'boot_time', os: 'linux', description: D.boot_time }),
    selinux,
    linuxPackages,
    linuxServices,
  ],
});
