/**
 * `virtualization_type` and `virtualization_role` as Ansible's virtual collectors (module_utils/facts/
 * virtual/linux.py and sunos.py) name them, from plesio's `virtualization` fact.
 */
import { nonEmpty, record } from './read.js';

/**
 * plesio's Linux types (systemd-detect-virt's names and its own) as Ansible's Linux collector names the
 * same evidence: QEMU, Bochs and the KVM-based clouds are `kvm`, VirtualBox's firmware `virtualbox`,
 * Hyper-V's `VirtualPC`; a type not listed keeps its name.
 */
const LINUX_TYPES: Readonly<Record<string, string>> = {
  qemu: 'kvm', bochs: 'kvm', amazon: 'kvm', google: 'kvm', vmware: 'VMware', oracle: 'virtualbox', microsoft: 'VirtualPC',
  'lxc-libvirt': 'lxc', 'container-other': 'container', zvm: 'PR/SM',
};

/** The hypervisors Ansible's SunOS collector detects (smbios, modinfo, virtinfo); it names no other. */
const SUNOS_TYPES: ReadonlySet<string> = new Set(['vmware', 'virtualbox', 'xen', 'kvm', 'parallels', 'ldom']);

/**
 * The virtualization keys (without the `ansible_` prefix). Linux writes `NA` for both on bare metal.
 * SunOS never names zones as a type (a zone is only in Ansible's `virtualization_tech_*` lists): a
 * zone, or bare metal, is `''` for both; a logical domain's control domain is a `host (…)` whose
 * features plesio does not read, so it is written `host`.
 */
export function virtualFacts(facts: Record<string, unknown>, system: string | undefined): Record<string, unknown> {
  const virt = record(facts['virtualization']);
  if (virt === undefined) return {};
  const type = nonEmpty(virt['type']);
  const role = nonEmpty(virt['role']);
  if (system === 'Linux') {
    if (role === undefined) return { virtualization_type: 'NA', virtualization_role: 'NA' };
    const name = type === undefined ? 'NA' : Object.hasOwn(LINUX_TYPES, type) ? LINUX_TYPES[type]! : type;
    return { virtualization_type: name, virtualization_role: role };
  }
  if (system === 'SunOS') {
    if (type === undefined || role === undefined || !SUNOS_TYPES.has(type)) return { virtualization_type: '', virtualization_role: '' };
    return { virtualization_type: type, virtualization_role: role };
  }
  return {};
}
