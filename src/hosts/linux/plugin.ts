/**
 * The built-in plugin `linux`. Without root first (sysfs, /proc, ip); `dmidecode` through `sudo -n`
 * only when allowed, to fill what sysfs hides from non-root (serial, uuid) and to count the installed
 * DIMMs. `device` and `installed_memory_in_MB` both read it: the scan's executor runs it once.
 */
import { all } from '../../effects/combinators.js';
import { call } from '../../effects/call.js';
import type { Saga } from '../../effects/effect.js';
import type { Bios, Device } from '../common/dmi.js';
import { commonOsRelease } from '../common/os-release.js';
import { FACT_DESCRIPTIONS as D } from '../common/descriptions.js';
import { FILESYSTEMS_TIMEOUT_MS } from '../common/plugin.js';
import { defineFact, factFromSpec, sourcedFrom, type FactContext } from '../define-fact.js';
import { definePlugin } from '../plugin.js';
import { attempt, firstOf, probe } from '../probe.js';
import { linuxCpuinfo } from './cpuinfo.js';
import { linuxDf } from './df.js';
import { linuxDmiSysfs } from './dmi-sysfs.js';
import { linuxDmidecode, type Dmidecode } from './dmidecode.js';
import { linuxIfconfig } from './ifconfig.js';
import { linuxIpAddr } from './ip-addr.js';
import { linuxIpAddrJson } from './ip-addr-json.js';
import { linuxMemoryBlocks } from './memory-blocks.js';
import { linuxMeminfo } from './meminfo.js';
import { linuxUptime } from './uptime.js';
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
  name: 'device', os: 'linux', description: D.device, keys: { bios: D.bios },
  needsRoot: true, commands: [linuxDmiSysfs, linuxDmidecode],
  *saga(ctx) {
    const [sysfs, dmi] = yield* all([call(attempt<{ device: Device; bios: Bios }>, () => probe(linuxDmiSysfs, ctx)), call(dmidecodeOf, ctx)]);
    if (!sysfs.ok && dmi === null) throw sysfs.error;
    // Both commands ran at once: name the one the facts are based on (dmidecode only fills gaps).
    if (!sysfs.ok) return sourcedFrom(linuxDmidecode, { device: dmi!.device, bios: dmi!.bios });
    return sourcedFrom(linuxDmiSysfs, { device: fill(sysfs.value.device, dmi?.device), bios: fill(sysfs.value.bios, dmi?.bios) });
  },
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

const interfaces = defineFact({
  name: 'interfaces', os: 'linux', description: D.interfaces, commands: [linuxIpAddrJson, linuxIpAddr, linuxIfconfig],
  *saga(ctx) {
    // Old iproute2 lacks -j, minimal images lack ip: each fallback only when the one before failed.
    return yield* firstOf([() => probe(linuxIpAddrJson, ctx), () => probe(linuxIpAddr, ctx), () => probe(linuxIfconfig, ctx)]);
  },
});

/** plesio's Linux facts, in report order. */
export const linuxPlugin = definePlugin({
  name: 'linux',
  version: '1',
  description: 'The facts of Linux hosts: /proc, sysfs, iproute2, df, and dmidecode with sudo.',
  facts: [
    factFromSpec(commonOsRelease, { name: 'os', os: 'linux', description: D.os }),
    device,
    installedMemory,
    interfaces,
    factFromSpec(linuxCpuinfo, { name: 'cpu', os: 'linux', description: D.cpu }),
    factFromSpec(linuxUptime, { name: 'uptime_seconds', os: 'linux', description: D.uptime_seconds }),
    factFromSpec(linuxVirtualization, { name: 'virtualization', os: 'linux', description: D.virtualization }),
    factFromSpec(linuxDf, { name: 'filesystems', os: 'linux', description: D.filesystems, timeoutMs: FILESYSTEMS_TIMEOUT_MS }),
  ],
});
