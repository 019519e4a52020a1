/**
 * Names of hypervisors as firmware strings, CPUID vendor signatures and kernel variables spell them,
 * mapped to one type name each. The types follow the ones the SunOS scan reports (`vmware`,
 * `virtualbox`, `kvm`, `xen`, `hyperv`, `bhyve`, `parallels`) plus the BSD and Apple ones.
 */

/** The `virtualization` fact. */
export interface Virtualization {
  readonly role: 'host' | 'guest' | null;
  readonly type: string | null;
}

/** Neither a guest nor a host. */
export const NO_VIRTUALIZATION: Virtualization = { role: null, type: null };

// Lowercased substrings, checked in order: the more specific first.
const NEEDLES: ReadonlyArray<readonly [string, string]> = [
  ['vmware', 'vmware'], ['virtualbox', 'virtualbox'], ['innotek', 'virtualbox'], ['vbox', 'virtualbox'],
  ['kvmkvmkvm', 'kvm'], ['kvm', 'kvm'], ['qemu', 'kvm'], ['standard pc (', 'kvm'], ['openstack', 'kvm'],
  ['bhyve', 'bhyve'], ['xenvmmxenvmm', 'xen'], ['hvm domu', 'xen'], ['xen', 'xen'],
  ['microsoft hv', 'hyperv'], ['hyper-v', 'hyperv'], ['virtual machine', 'hyperv'],
  ['parallels', 'parallels'], ['nvmm', 'nvmm'], ['vkernel', 'vkernel'],
  ['amazon ec2', 'kvm'], ['google compute engine', 'kvm'], ['apple virtualization', 'apple'],
];

/** The hypervisor a firmware, vendor or guest string names; `null` when it names none. */
export function hypervisorIn(text: string | null | undefined): string | null {
  const lower = (text ?? '').toLowerCase();
  if (lower === '') return null;
  return NEEDLES.find(([needle]) => lower.includes(needle))?.[1] ?? null;
}
