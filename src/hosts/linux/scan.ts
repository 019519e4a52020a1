/**
 * The Linux gatherers. Without root first (sysfs, /proc, ip); `dmidecode` through `sudo -n` only when
 * allowed, to fill what sysfs hides from non-root (serial, uuid) and to count the installed DIMMs.
 */
import { all } from '../../effects/combinators.js';
import { join } from '../../effects/task-control.js';
import type { Saga } from '../../effects/effect.js';
import type { Task } from '../../effects/task.js';
import { call } from '../../effects/call.js';
import { fork } from '../../effects/fork.js';
import type { Bios, Device } from '../common/dmi.js';
import { sourcedFrom, type Gatherer, type Shared } from '../gatherer.js';
import { attempt, firstOf, probe, type Outcome, type ProbeOptions } from '../probe.js';
import { commonHostid } from '../common/hostid.js';
import { commonHostname } from '../common/hostname.js';
import { commonOsRelease } from '../common/os-release.js';
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

/** `df` may touch a stale NFS mount: it gets at most this long, whatever the command timeout. */
export const FILESYSTEMS_TIMEOUT_MS = 15_000;

/** Starts `dmidecode` once, for the hardware and memory gatherers, when sudo is allowed. */
export function* startLinuxShared(options: ProbeOptions, needed: boolean): Saga<Shared> {
  if (!options.sudo || !needed) return {};
  const task = yield* fork(attempt<Dmidecode>, () => probe(linuxDmidecode, options));
  return { dmidecode: task as Task<Outcome<unknown>> };
}

function* dmidecodeOf(shared: Shared): Saga<Dmidecode | null> {
  const task = shared['dmidecode'];
  if (task === undefined) return null;
  const outcome = (yield* join(task)) as Outcome<Dmidecode>;
  return outcome.ok ? outcome.value : null;
}

function fill<T extends object>(base: T, extra: T | undefined): T {
  if (extra === undefined) return base;
  const out = { ...base } as Record<string, unknown>;
  for (const [k, v] of Object.entries(extra)) if (out[k] === null || out[k] === undefined) out[k] = v;
  return out as T;
}

/** The Linux fact sources, in report order. */
export const linuxGatherers: readonly Gatherer[] = [
  {
    name: 'hostid', keys: ['hostid'], specs: [commonHostid],
    *saga(o) { return { hostid: yield* probe(commonHostid, o) }; },
  },
  {
    name: 'hostname', keys: ['hostname', 'fqdn'], specs: [commonHostname],
    *saga(o) { const h = yield* probe(commonHostname, o); return { hostname: h.hostname, fqdn: h.fqdn }; },
  },
  {
    name: 'os', keys: ['os'], specs: [commonOsRelease],
    *saga(o) { return { os: yield* probe(commonOsRelease, o) }; },
  },
  {
    name: 'device', keys: ['device', 'bios'], specs: [linuxDmiSysfs, linuxDmidecode],
    *saga(o, shared) {
      const [sysfs, dmi] = yield* all([call(attempt<{ device: Device; bios: Bios }>, () => probe(linuxDmiSysfs, o)), call(dmidecodeOf, shared)]);
      if (!sysfs.ok && dmi === null) throw sysfs.error;
      // Both commands ran at once: name the one the facts are based on (dmidecode only fills gaps).
      if (!sysfs.ok) return sourcedFrom(linuxDmidecode, { device: dmi!.device, bios: dmi!.bios });
      return sourcedFrom(linuxDmiSysfs, { device: fill(sysfs.value.device, dmi?.device), bios: fill(sysfs.value.bios, dmi?.bios) });
    },
  },
  {
    name: 'installed_memory_in_MB', keys: ['installed_memory_in_MB', 'memory_source'], specs: [linuxDmidecode, linuxMemoryBlocks, linuxMeminfo],
    *saga(o, shared) {
      // All sources at once (one round trip), then the most exact one that answered wins.
      const [dmi, blocks, meminfo] = yield* all([
        call(dmidecodeOf, shared),
        call(attempt<{ installed_memory_in_MB: number }>, () => probe(linuxMemoryBlocks, o)),
        call(attempt<{ installed_memory_in_MB: number }>, () => probe(linuxMeminfo, o)),
      ]);
      if (dmi !== null && dmi.installed_memory_in_MB !== null) return sourcedFrom(linuxDmidecode, { installed_memory_in_MB: dmi.installed_memory_in_MB, memory_source: 'dmi' });
      if (blocks.ok) return sourcedFrom(linuxMemoryBlocks, { installed_memory_in_MB: blocks.value.installed_memory_in_MB, memory_source: 'memory-blocks' });
      if (meminfo.ok) return sourcedFrom(linuxMeminfo, { installed_memory_in_MB: meminfo.value.installed_memory_in_MB, memory_source: 'meminfo' });
      throw meminfo.error;
    },
  },
  {
    name: 'interfaces', keys: ['interfaces'], specs: [linuxIpAddrJson, linuxIpAddr, linuxIfconfig],
    *saga(o) {
      return { interfaces: yield* firstOf([() => probe(linuxIpAddrJson, o), () => probe(linuxIpAddr, o), () => probe(linuxIfconfig, o)]) };
    },
  },
  {
    name: 'cpu', keys: ['cpu'], specs: [linuxCpuinfo],
    *saga(o) { const c = yield* probe(linuxCpuinfo, o); return { cpu: { model: c.model, sockets: c.sockets, cores: c.cores, threads: c.threads } }; },
  },
  {
    name: 'uptime_seconds', keys: ['uptime_seconds'], specs: [linuxUptime],
    *saga(o) { return { uptime_seconds: yield* probe(linuxUptime, o) }; },
  },
  {
    name: 'virtualization', keys: ['virtualization'], specs: [linuxVirtualization],
    *saga(o) { return { virtualization: yield* probe(linuxVirtualization, o) }; },
  },
  {
    name: 'filesystems', keys: ['filesystems'], specs: [linuxDf],
    *saga(o) { return { filesystems: yield* probe(linuxDf, o, Math.min(o.timeoutMs, FILESYSTEMS_TIMEOUT_MS)) }; },
  },
];
