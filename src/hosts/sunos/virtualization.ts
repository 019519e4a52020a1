/**
 * Decides the `virtualization` fact from evidence other SunOS facts already hold, so no extra command
 * runs: the zone name, the zone list, virtinfo, the firmware's product name and the CPU model.
 * A machine can be both (a VMware guest hosting zones); the outermost layer wins: guest first.
 */
import type { Device } from './hardware.js';
import type { Virtinfo } from './virtinfo.js';
import type { Zones } from './zoneadm-list.js';

/** The system's place in a virtualization stack; both null on bare metal without zones. */
export interface Virtualization {
  readonly role: 'host' | 'guest' | null;
  /** `zone`, `kernel-zone`, `ldom`, `vmware`, `virtualbox`, `kvm`, `xen`, `hyperv`, `bhyve`... */
  readonly type: string | null;
}

/** Facts the decision reads; any may be missing (the command was absent or failed). */
export interface VirtualizationEvidence {
  readonly zonename?: string | null | undefined;
  readonly zones?: Zones | null | undefined;
  readonly virtinfo?: Virtinfo | null | undefined;
  readonly device?: Device | null | undefined;
  readonly cpuModel?: string | null | undefined;
}

// Firmware product or vendor strings of hypervisors, checked in order (lowercased substring).
const FIRMWARE: ReadonlyArray<readonly [string, string]> = [
  ['vmware', 'vmware'],
  ['virtualbox', 'virtualbox'],
  ['innotek', 'virtualbox'],
  ['kvm', 'kvm'],
  ['qemu', 'kvm'],
  ['standard pc (', 'kvm'],
  ['smartdc hvm', 'kvm'],
  ['bhyve', 'bhyve'],
  ['hvm domu', 'xen'],
  ['xen', 'xen'],
  ['virtual machine', 'hyperv'],
  ['parallels', 'parallels'],
];

function firmwareType(device: Device | null | undefined): string | null {
  const text = `${device?.system_vendor ?? ''} ${device?.system_product ?? ''}`.toLowerCase();
  return FIRMWARE.find(([needle]) => text.includes(needle))?.[1] ?? null;
}

/** Picks the role and type of virtualization the evidence shows, guest before host. */
export function deriveVirtualization(evidence: VirtualizationEvidence): Virtualization {
  const { zonename, zones, virtinfo, device, cpuModel } = evidence;
  if (zonename && zonename !== 'global') return { role: 'guest', type: 'zone' };
  const current = virtinfo?.current ?? [];
  if (current.includes('kernel-zone')) return { role: 'guest', type: 'kernel-zone' };
  const role = virtinfo?.domain_role?.toLowerCase() ?? '';
  if (role.includes('guest')) return { role: 'guest', type: 'ldom' };
  if (role.includes('control')) return { role: 'host', type: 'ldom' };
  const firmware = firmwareType(device);
  if (firmware) return { role: 'guest', type: firmware };
  if (cpuModel && /qemu virtual cpu/i.test(cpuModel)) return { role: 'guest', type: 'kvm' };
  if (current.includes('logical-domain')) return { role: 'guest', type: 'ldom' };
  // A zone that is only configured has nothing installed yet: it does not make this a host; nor does
  // the global zone, which every Solaris 10+ system has.
  if (zones && Object.values(zones).some((z) => z.zonename !== 'global' && z.state !== 'configured')) return { role: 'host', type: 'zone' };
  return { role: null, type: null };
}
