/**
 * The built-in plugin `darwin` (macOS). `sw_vers` names the release; one sysctl command gives the CPU,
 * memory and virtualization; `system_profiler` gives the serial number and UUID, bounded by a
 * timeout because it can take seconds. Interfaces, routes, filesystems and uptime are read with the
 * BSD tools (plugin `bsd`).
 */
import { FACT_DESCRIPTIONS as D } from '../common/descriptions.js';
import { defineFact, factFromSpec } from '../define-fact.js';
import { definePlugin } from '../plugin.js';
import { darwinSwVers } from './sw-vers.js';
import { parseBootTimeFromSysctl } from '../common/boottime.js';
import { DARWIN_SYSCTL_COMMAND, darwinCpu, darwinMemory, darwinVirtualization } from './sysctl.js';
import { darwinSystemProfiler } from './system-profiler.js';

/** system_profiler starts a helper per data type; on a busy Mac that takes seconds, not minutes. */
export const SYSTEM_PROFILER_TIMEOUT_MS = 20_000;

/** plesio's macOS facts. */
export const darwinPlugin = definePlugin({
  name: 'darwin',
  version: '1',
  description: 'The facts of macOS hosts: sw_vers, sysctl and system_profiler.',
  facts: [
    factFromSpec(darwinSwVers, { name: 'os', os: 'darwin', description: D.os }),
    defineFact({
      name: 'device', os: 'darwin', description: D.device, keys: { bios: D.bios }, timeoutMs: SYSTEM_PROFILER_TIMEOUT_MS,
      command: darwinSystemProfiler.command,
      parse: (stdout) => {
        const hw = darwinSystemProfiler.parse(stdout);
        return { device: hw.device, bios: hw.bios };
      },
    }),
    defineFact({
      name: 'installed_memory_in_MB', os: 'darwin', description: D.installed_memory_in_MB, keys: { memory_source: D.memory_source },
      command: darwinMemory.command,
      parse: (stdout) => {
        const m = darwinMemory.parse(stdout);
        return { installed_memory_in_MB: m.installed_memory_in_MB, memory_source: m.source };
      },
    }),
    factFromSpec(darwinCpu, { name: 'cpu', os: 'darwin', description: D.cpu }),
    factFromSpec(darwinVirtualization, { name: 'virtualization', os: 'darwin', description: D.virtualization }),
    defineFact({ name: 'boot_time', os: 'darwin', description: D.boot_time, command: DARWIN_SYSCTL_COMMAND, parse: (stdout) => parseBootTimeFromSysctl('darwin.boot-time', stdout) }),
  ],
});
