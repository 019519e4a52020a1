/**
 * `ansible_mounts` and `ansible_devices` from plesio's `filesystems` and `disks`, in the value formats of
 * Ansible's hardware collectors: byte counts as numbers in mounts, but sector counts as strings and
 * sizes as `bytes_to_human` text (`256.00 GB`) in devices.
 */
import { bool, count, nonEmpty, put, record, records } from './read.js';

const UNITS: ReadonlyArray<readonly [string, number]> = [['Y', 2 ** 80], ['Z', 2 ** 70], ['E', 2 ** 60], ['P', 2 ** 50], ['T', 2 ** 40], ['G', 2 ** 30], ['M', 2 ** 20], ['K', 2 ** 10]];

/**
 * Python's `'%.2f' % x`. An exact tie is only possible when x·8 is odd (x·100 then ends in .5); Python
 * rounds it to even, `toFixed` away from zero.
 */
function fixed2(x: number): string {
  if (Number.isInteger(x * 8) && (x * 8) % 2 === 1) {
    const k = Math.floor(x * 100);
    return ((k % 2 === 0 ? k : k + 1) / 100).toFixed(2);
  }
  return x.toFixed(2);
}

/**
 * Ansible's `bytes_to_human`: the largest binary unit the size reaches, two decimals.
 * @example
 * bytesToHuman(274877906944) // => '256.00 GB'
 * bytesToHuman(0)            // => '0.00 Bytes'
 */
export function bytesToHuman(bytes: number): string {
  const unit = UNITS.find(([, limit]) => bytes >= limit);
  return unit === undefined ? `${fixed2(bytes)} Bytes` : `${fixed2(bytes / unit[1])} ${unit[0]}B`;
}

/**
 * The mounts. Linux lists only what is mounted from a device path or a network path (`host:/export`),
 * as Ansible's `get_mount_facts` filters /etc/mtab; SunOS lists every /etc/mnttab entry.
 */
export function mountFacts(facts: Record<string, unknown>, system: string | undefined): Record<string, unknown> {
  const filesystems = records(facts['filesystems']);
  if (filesystems === undefined || (system !== 'Linux' && system !== 'SunOS')) return {};
  const mounts = [];
  for (const fs of filesystems) {
    const mount = nonEmpty(fs['mount']);
    const device = nonEmpty(fs['device']);
    const fstype = nonEmpty(fs['type']);
    if (mount === undefined || device === undefined) continue;
    if (system === 'Linux' && ((!device.startsWith('/') && !device.startsWith('\\') && !device.includes(':/')) || fstype === 'none')) continue;
    const size = count(fs['size_bytes']);
    const available = count(fs['available_bytes']);
    mounts.push({ mount, device, ...(fstype !== undefined && { fstype }), ...(size !== undefined && { size_total: size }), ...(available !== undefined && { size_available: available }) });
  }
  return { mounts };
}

/**
 * The block devices of a Linux host. SunOS is left out: Ansible names its disks by `sd` driver instance
 * (`sd0`) from kstat, plesio by device path (`c0t0d0`) from `iostat -En`, and nothing maps one to the other.
 */
export function deviceFacts(facts: Record<string, unknown>, system: string | undefined): Record<string, unknown> {
  const disks = record(facts['disks']);
  if (disks === undefined || system !== 'Linux') return {};
  const devices: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(disks)) {
    const disk = record(value);
    if (disk === undefined) continue;
    const size = count(disk['size_bytes']);
    const rotational = bool(disk['rotational']);
    const serial = nonEmpty(disk['serial']);
    const wwn = nonEmpty(disk['wwn']);
    put(devices, name, {
      // Ansible writes None where sysfs has no vendor or model file.
      vendor: nonEmpty(disk['vendor']) ?? null,
      model: nonEmpty(disk['model']) ?? null,
      ...(serial !== undefined && { serial }),
      ...(wwn !== undefined && { wwn }),
      ...(size !== undefined && { sectors: String(Math.floor(size / 512)), size: bytesToHuman(size) }),
      ...(rotational !== undefined && { rotational: rotational ? '1' : '0' }),
    });
  }
  return { devices };
}
