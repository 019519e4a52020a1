/**
 * The one `sysctl` command every BSD fact reads (FreeBSD, OpenBSD, NetBSD, DragonFly). It asks for the
 * union of the names the four systems know; each prints the names it has and warns on stderr about the
 * others, which are dropped. The facts (hostid, memory, cpu, uptime, virtualization, device, disks)
 * share this command, so a scan runs it once. `TZ=UTC` makes a ctime `kern.boottime` (NetBSD,
 * OpenBSD) print in UTC; `date +now=%s` adds the host clock for the uptime.
 */

/** The names asked for, with the systems that answer each. */
export const BSD_SYSCTL_NAMES: readonly string[] = [
  'kern.hostid', // all
  'hw.model', 'hw.machine', 'hw.ncpu', // all; hw.model is the CPU brand on x86
  'hw.ncpuonline', // OpenBSD, NetBSD: hw.ncpu may count CPUs that SMT settings keep offline
  'kern.smp.cores', 'kern.smp.cpus', // FreeBSD 10+
  'hw.cpu_topology_phys_ids', 'hw.cpu_topology_core_ids', // DragonFly
  'machdep.cpu_brand', // NetBSD x86
  'hw.realmem', 'hw.physmem', 'hw.physmem64', // FreeBSD realmem; OpenBSD physmem; NetBSD physmem64
  'kern.boottime', // all
  'kern.vm_guest', 'security.jail.jailed', 'hw.hv_vendor', // FreeBSD
  'kern.vmm_guest', // DragonFly
  'machdep.hypervisor', // NetBSD 9+ x86
  'hw.vendor', 'hw.product', 'hw.version', 'hw.serialno', 'hw.uuid', // OpenBSD SMBIOS
  'machdep.dmi', // NetBSD SMBIOS (a node: prints machdep.dmi.*)
  'kern.disks', // FreeBSD, DragonFly
  'hw.disknames', // OpenBSD, NetBSD
];

/** `TZ=UTC sysctl <names> 2>/dev/null; date +now=%s`. */
export const BSD_SYSCTL_COMMAND = `TZ=UTC sysctl ${BSD_SYSCTL_NAMES.join(' ')} 2>/dev/null; date +now=%s`;
