/**
 * The CPU from sysctl: the model from `hw.model` (the brand string on x86; NetBSD also has
 * `machdep.cpu_brand`), the logical CPUs in use from `hw.ncpuonline` (OpenBSD and NetBSD, where SMT
 * siblings may be kept offline) or `hw.ncpu`, the cores from FreeBSD's `kern.smp.cores` and the sockets
 * and cores from DragonFly's topology names. What a system does not tell stays `null`.
 */
import type { ParserSpec } from '../fact.js';
import { parseError } from '../common/text.js';
import { firstValue, parseSysctl, sysctlCount } from '../common/sysctl.js';
import { BSD_SYSCTL_COMMAND } from './sysctl-command.js';

/** The `cpu` fact, as on Linux and SunOS. */
export interface SysctlCpu {
  readonly model: string | null;
  readonly sockets: number | null;
  readonly cores: number | null;
  readonly threads: number;
}

const NAME = 'bsd.cpu';

/**
 * Collapses the runs of blanks some brand strings carry (`Intel(R) Xeon(R) CPU           E5620`).
 * `Unknown` (OpenBSD arm64) and a device-tree compatible string (`netbsd,generic-acpi`, NetBSD arm64's
 * hw.model) name no CPU: `null`.
 */
export function cpuModel(raw: string | undefined): string | null {
  const model = (raw ?? '').trim().replace(/\s+/g, ' ');
  if (model === '' || /^unknown$/i.test(model) || /^[a-z0-9-]+,[a-z0-9,._-]+$/.test(model)) return null;
  return model.slice(0, 200);
}

/** Parses the BSD sysctl output into model, sockets, cores and threads. */
export function parseBsdCpu(stdout: string): SysctlCpu {
  const values = parseSysctl(NAME, stdout);
  const counted = firstValue(values, ['hw.ncpuonline', 'hw.ncpu', 'kern.smp.cpus']);
  const threads = sysctlCount(counted?.[1]);
  if (threads === undefined) throw parseError(NAME, 'no CPU count (hw.ncpuonline, hw.ncpu or kern.smp.cpus)', counted?.[1]);
  const packages = sysctlCount(values.get('hw.cpu_topology_phys_ids'));
  const perPackage = sysctlCount(values.get('hw.cpu_topology_core_ids'));
  const dragonflyCores = packages !== undefined && perPackage !== undefined ? packages * perPackage : undefined;
  return {
    model: cpuModel(firstValue(values, ['hw.model', 'machdep.cpu_brand'])?.[1]),
    sockets: packages ?? null,
    cores: sysctlCount(values.get('kern.smp.cores')) ?? dragonflyCores ?? null,
    threads,
  };
}

/** CPU model, sockets, cores and threads from sysctl; shares the BSD sysctl command. */
export const bsdCpu: ParserSpec<SysctlCpu> = {
  name: NAME,
  command: BSD_SYSCTL_COMMAND,
  parse: parseBsdCpu,
  description: 'Reads hw.model, hw.ncpu(online), kern.smp.cores and DragonFly topology; returns model, sockets, cores, threads.',
};
