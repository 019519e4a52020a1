/**
 * Virtualization on the BSDs, from the shared sysctl output: a FreeBSD jail says
 * `security.jail.jailed: 1`; FreeBSD names its hypervisor in `kern.vm_guest` (`none`, `generic`,
 * `kvm`, `bhyve`, `vmware`, `hv`, `xen`, `vbox`, `parallels`, `nvmm`) and `hw.hv_vendor`, DragonFly in
 * `kern.vmm_guest`, NetBSD in `machdep.hypervisor`; OpenBSD and older NetBSD only through the SMBIOS
 * vendor and product. The host role (jails running here) comes from the jail list: see `withJails`.
 */
import type { ParserSpec } from '../fact.js';
import { hypervisorIn, NO_VIRTUALIZATION, type Virtualization } from '../common/hypervisors.js';
import { parseSysctl } from '../common/sysctl.js';
import { BSD_SYSCTL_COMMAND } from './sysctl-command.js';

const NAME = 'bsd.virtualization';

// kern.vm_guest words that are not hypervisor names.
const VM_GUEST: Readonly<Record<string, string | null>> = { hv: 'hyperv', vbox: 'virtualbox', generic: null };

function guestType(word: string, vendor: string | undefined): string | null {
  const lower = word.toLowerCase();
  if (Object.hasOwn(VM_GUEST, lower)) return VM_GUEST[lower] ?? hypervisorIn(vendor);
  return hypervisorIn(lower) ?? (/^[a-z0-9_-]{1,32}$/.test(lower) ? lower : null);
}

/** Parses the BSD sysctl output into the guest role and type, or none. */
export function parseBsdVirtualization(stdout: string): Virtualization {
  const v = parseSysctl(NAME, stdout);
  if (v.get('security.jail.jailed') === '1') return { role: 'guest', type: 'jail' };
  const vendor = v.get('hw.hv_vendor')?.replace(/^"|"$/g, '');
  for (const name of ['kern.vm_guest', 'kern.vmm_guest', 'machdep.hypervisor']) {
    const word = v.get(name);
    if (word !== undefined && word !== '' && word.toLowerCase() !== 'none') return { role: 'guest', type: guestType(word, vendor) };
  }
  if (vendor !== undefined && vendor !== '') return { role: 'guest', type: hypervisorIn(vendor) };
  const firmware = `${v.get('hw.vendor') ?? v.get('machdep.dmi.system-vendor') ?? ''} ${v.get('hw.product') ?? v.get('machdep.dmi.system-product') ?? ''}`;
  // OpenBSD's own hypervisor, vmm(4), presents its guests as vendor "OpenBSD", product "VMM".
  if (/^OpenBSD VMM$/i.test(firmware.trim())) return { role: 'guest', type: 'vmm' };
  const type = hypervisorIn(firmware);
  return type === null ? NO_VIRTUALIZATION : { role: 'guest', type };
}

/** A machine that is no guest but runs jails is a jail host. */
export function withJails(virtualization: Virtualization, jails: Readonly<Record<string, unknown>> | null | undefined): Virtualization {
  if (virtualization.role !== null || jails === null || jails === undefined || Object.keys(jails).length === 0) return virtualization;
  return { role: 'host', type: 'jail' };
}

/** Jail or VM guest and hypervisor type from sysctl; shares the BSD sysctl command. */
export const bsdVirtualization: ParserSpec<Virtualization> = {
  name: NAME,
  command: BSD_SYSCTL_COMMAND,
  parse: parseBsdVirtualization,
  description: 'Reads security.jail.jailed, kern.vm_guest, machdep.hypervisor, hw.hv_vendor and SMBIOS names; returns guest role and type.',
};
