/**
 * The one `sysctl` command the macOS facts read, and the facts read from it: the CPU
 * (`machdep.cpu.brand_string`, `hw.packages`, `hw.physicalcpu`, `hw.logicalcpu`), the installed
 * memory (`hw.memsize`, bytes), the uptime (`kern.boottime` and the host clock) and whether this is a
 * virtual machine (`kern.hv_vmm_present`, with `hw.model` naming the platform: `VirtualMac2,1` on
 * Apple's Virtualization framework, `VMware7,1`, `Parallels-ARM`). The model identifier
 * (`MacBookPro18,3`) is the `device.system_product` of last resort.
 */
import type { ParserSpec } from '../fact.js';
import { parseUptimeFromBoottime } from '../common/boottime.js';
import { hypervisorIn, NO_VIRTUALIZATION, type Virtualization } from '../common/hypervisors.js';
import { parseError } from '../common/text.js';
import { parseSysctl, sysctlCount } from '../common/sysctl.js';
import { cpuModel, type SysctlCpu } from '../bsd/cpu.js';
import { memoryFromSysctl, type SysctlMemory } from '../bsd/memory.js';

/** The names asked for. */
export const DARWIN_SYSCTL_NAMES: readonly string[] = [
  'hw.model', 'hw.memsize', 'hw.packages', 'hw.physicalcpu', 'hw.logicalcpu', 'hw.ncpu',
  'machdep.cpu.brand_string', 'kern.boottime', 'kern.hv_vmm_present',
];

/** `TZ=UTC sysctl <names> 2>/dev/null; date +now=%s` (kern.hv_vmm_present is unknown before 10.15). */
export const DARWIN_SYSCTL_COMMAND = `TZ=UTC sysctl ${DARWIN_SYSCTL_NAMES.join(' ')} 2>/dev/null; date +now=%s`;

/** Parses the macOS sysctl output into the `cpu` fact. */
export function parseDarwinCpu(stdout: string): SysctlCpu {
  const v = parseSysctl('darwin.cpu', stdout);
  const threads = sysctlCount(v.get('hw.logicalcpu')) ?? sysctlCount(v.get('hw.ncpu'));
  if (threads === undefined) throw parseError('darwin.cpu', 'no hw.logicalcpu nor hw.ncpu');
  return {
    model: cpuModel(v.get('machdep.cpu.brand_string')),
    sockets: sysctlCount(v.get('hw.packages')) ?? null,
    cores: sysctlCount(v.get('hw.physicalcpu')) ?? null,
    threads,
  };
}

/** Parses the macOS sysctl output into the guest role and type (a Mac is never reported as a host). */
export function parseDarwinVirtualization(stdout: string): Virtualization {
  const v = parseSysctl('darwin.virtualization', stdout);
  const present = v.get('kern.hv_vmm_present');
  const model = v.get('hw.model') ?? '';
  if (present === undefined && model === '') throw parseError('darwin.virtualization', 'no kern.hv_vmm_present nor hw.model');
  const byModel = /^VirtualMac/.test(model) ? 'apple' : hypervisorIn(model);
  if (present === '1' || byModel !== null) return { role: 'guest', type: byModel };
  return NO_VIRTUALIZATION;
}

/** The CPU model, packages, physical and logical CPUs. */
export const darwinCpu: ParserSpec<SysctlCpu> = {
  name: 'darwin.cpu',
  command: DARWIN_SYSCTL_COMMAND,
  parse: parseDarwinCpu,
  description: 'Reads machdep.cpu.brand_string, hw.packages, hw.physicalcpu and hw.logicalcpu; returns model, sockets, cores, threads.',
};

/** The installed memory from hw.memsize. */
export const darwinMemory: ParserSpec<SysctlMemory> = {
  name: 'darwin.memory',
  command: DARWIN_SYSCTL_COMMAND,
  parse: (stdout) => memoryFromSysctl('darwin.memory', stdout, ['hw.memsize']),
  description: 'Reads hw.memsize and returns the installed memory in MiB and the name used.',
};

/** Seconds since boot. */
export const darwinUptime: ParserSpec<number> = {
  name: 'darwin.uptime',
  command: DARWIN_SYSCTL_COMMAND,
  parse: (stdout) => parseUptimeFromBoottime('darwin.uptime', stdout),
  description: 'Reads kern.boottime and the host clock and returns whole seconds since boot.',
};

/** Whether macOS runs as a virtual machine, and under what. */
export const darwinVirtualization: ParserSpec<Virtualization> = {
  name: 'darwin.virtualization',
  command: DARWIN_SYSCTL_COMMAND,
  parse: parseDarwinVirtualization,
  description: 'Reads kern.hv_vmm_present and hw.model (VirtualMac, VMware, Parallels); returns the guest role and type.',
};
