/**
 * Virtualization role and type. One command prints tagged evidence lines (`key=value`); the parser
 * weighs them. `systemd-detect-virt` is trusted first; without systemd the evidence it would use is
 * read directly: container marker files, PID 1's cgroups, the CPUID hypervisor flag, DMI strings,
 * Xen's `/proc/xen`, OpenVZ's `/proc/vz`. Types use systemd-detect-virt's names (`kvm`, `qemu`,
 * `vmware`, `microsoft`, `oracle` for VirtualBox, `xen`, `amazon`, `google`, `docker`, `podman`,
 * `lxc`, `wsl`, `openvz`, `container-other`...). A VM host is a machine with `/dev/kvm` and libvirt's
 * `virsh`, or Xen's dom0, or a VirtualBox host (`/dev/vboxdrv`).
 */
import type { ParserSpec } from '../fact.js';
import { parseError, splitLines, splitOnce } from '../common/text.js';

/** The `virtualization` fact. */
export interface Virtualization {
  readonly role: 'guest' | 'host' | null;
  readonly type: string | null;
}

const NAME = 'linux.virtualization';
const NONE: Virtualization = { role: null, type: null };

/** The evidence command; every probe is optional and silent when its source is absent. */
const COMMAND = [
  'if command -v systemd-detect-virt >/dev/null 2>&1; then',
  ' echo "sdv_container=$(systemd-detect-virt --container 2>/dev/null)";',
  ' echo "sdv_vm=$(systemd-detect-virt --vm 2>/dev/null)"; fi;',
  '[ -f /.dockerenv ] && echo dockerenv=yes;',
  '[ -f /run/.containerenv ] && echo containerenv=yes;',
  "[ -r /run/systemd/container ] && printf 'systemd_container=%s\\n' \"$(cat /run/systemd/container)\";",
  "grep -E 'docker|lxc|kubepods|containerd|libpod' /proc/1/cgroup 2>/dev/null | head -n 3 | sed 's/^/cgroup=/';",
  'grep -qw hypervisor /proc/cpuinfo 2>/dev/null && echo cpu_hypervisor=yes;',
  'for f in product_name sys_vendor bios_vendor; do [ -r /sys/class/dmi/id/$f ] &&',
  " printf '%s=%s\\n' \"$f\" \"$(cat /sys/class/dmi/id/$f)\"; done;",
  '[ -d /proc/xen ] && echo xen=yes;',
  "[ -r /proc/xen/capabilities ] && printf 'xen_capabilities=%s\\n' \"$(cat /proc/xen/capabilities)\";",
  '[ -d /proc/vz ] && echo vz=yes; [ -d /proc/bc ] && echo bc=yes;',
  "printf 'osrelease=%s\\n' \"$(cat /proc/sys/kernel/osrelease 2>/dev/null)\";",
  '[ -e /dev/kvm ] && echo dev_kvm=yes;',
  'command -v virsh >/dev/null 2>&1 && echo virsh=yes;',
  '[ -e /dev/vboxdrv ] && echo dev_vboxdrv=yes;',
  'true',
].join(' ');

/** DMI strings of hypervisors, matched against product name, system vendor and BIOS vendor in turn. */
const DMI_VENDORS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^KVM|^OpenStack|^KubeVirt/i, 'kvm'], [/^Amazon EC2/i, 'amazon'], [/^QEMU/i, 'qemu'],
  [/^VMware|^VMW/i, 'vmware'], [/^innotek GmbH|^VirtualBox|^Oracle Corporation/i, 'oracle'],
  [/^Xen|^HVM domU/i, 'xen'], [/^Bochs/i, 'bochs'], [/^Parallels/i, 'parallels'], [/^BHYVE/i, 'bhyve'],
  [/^Google Compute Engine|^Google$/i, 'google'], [/^Apple Virtualization/i, 'apple'],
];

/** Container evidence -> type, without systemd. */
function containerType(ev: Map<string, string[]>): string | null {
  const one = (k: string): string => ev.get(k)?.[0] ?? '';
  if (one('systemd_container') !== '') return one('systemd_container');
  if (ev.has('dockerenv')) return 'docker';
  if (ev.has('containerenv')) return 'podman';
  const cgroups = (ev.get('cgroup') ?? []).join('\n');
  if (/libpod/.test(cgroups)) return 'podman';
  if (/docker/.test(cgroups)) return 'docker';
  if (/lxc/.test(cgroups)) return 'lxc';
  if (/kubepods|containerd/.test(cgroups)) return 'container-other';
  if (/microsoft|WSL/i.test(one('osrelease'))) return 'wsl';
  if (ev.has('vz') && !ev.has('bc')) return 'openvz';
  return null;
}

/** VM evidence -> type (`''` for "a VM of unknown kind"), without systemd. */
function vmType(ev: Map<string, string[]>): string | null {
  for (const key of ['product_name', 'sys_vendor', 'bios_vendor']) {
    const value = ev.get(key)?.[0] ?? '';
    if (key === 'product_name' && value === 'Virtual Machine' && /^Microsoft/.test(ev.get('sys_vendor')?.[0] ?? '')) return 'microsoft';
    const hit = DMI_VENDORS.find(([re]) => re.test(value.trim()));
    if (hit !== undefined) return hit[1];
  }
  if (ev.has('xen')) return 'xen';
  return ev.has('cpu_hypervisor') ? '' : null;
}

/** Parses the evidence lines into role and type. */
export function parseVirtualization(stdout: string): Virtualization {
  const ev = new Map<string, string[]>();
  for (const line of splitLines(stdout)) {
    if (line.trim() === '') continue;
    const kv = splitOnce(line, '=');
    if (kv === undefined || !/^[a-z_]+$/.test(kv[0])) throw parseError(NAME, 'not a "key=value" evidence line', line);
    const values = ev.get(kv[0]);
    if (values === undefined) ev.set(kv[0], [kv[1].trim()]);
    else values.push(kv[1].trim());
  }
  // Xen's control domain looks like a guest to most probes, but it runs the guests.
  if (/control_d/.test(ev.get('xen_capabilities')?.[0] ?? '')) return { role: 'host', type: 'xen' };
  const sdvContainer = ev.get('sdv_container')?.[0];
  const sdvVm = ev.get('sdv_vm')?.[0];
  let guest: string | null;
  if (sdvContainer !== undefined || sdvVm !== undefined) {
    // systemd answers "none" when it finds nothing; that is final for the guest question.
    const known = [sdvContainer, sdvVm].find((v) => v !== undefined && v !== '' && v !== 'none');
    guest = known ?? null;
  } else {
    guest = containerType(ev) ?? vmType(ev);
  }
  if (guest !== null) return { role: 'guest', type: guest === '' ? null : guest };
  if (ev.has('dev_kvm') && ev.has('virsh')) return { role: 'host', type: 'kvm' };
  if (ev.has('dev_vboxdrv')) return { role: 'host', type: 'oracle' };
  return NONE;
}

/** Whether the host is a VM or container guest, or a hypervisor host, and of which kind. */
export const linuxVirtualization: ParserSpec<Virtualization> = {
  name: NAME,
  command: COMMAND,
  parse: parseVirtualization,
  description: 'Reads systemd-detect-virt and container, cgroup, CPUID, DMI and Xen evidence; returns the role and type.',
};
