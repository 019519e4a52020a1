/**
 * The `disks` fact, shared by the Linux (lsblk, /sys/block), SunOS (iostat -En) and BSD (kern.disks,
 * hw.disknames) parsers: whole block devices by name, never partitions, device-mapper volumes, RAID
 * arrays or loop devices. What a source does not tell is `null` (the BSD sysctls give only names).
 */
import { enforceCap, LIMITS } from './limits.js';
import { parseError } from './text.js';

/** What kind of device: a spinning or unknown `disk`, an `ssd`, a `cdrom`, a `tape`, a `ram` disk (zram). */
export type DiskType = 'disk' | 'ssd' | 'cdrom' | 'tape' | 'ram';

/** One whole block device; `null` where the source does not tell. */
export interface Disk {
  readonly size_bytes: number | null;
  readonly type: DiskType | null;
  readonly vendor: string | null;
  readonly model: string | null;
  readonly serial: string | null;
  readonly wwn: string | null;
  /** Whether the kernel says the medium spins; `null` where the OS does not say (SunOS). */
  readonly rotational: boolean | null;
}

/** The `disks` fact, by device name (`sda`, `nvme0n1`, `c0t0d0`, `ada0`). */
export type Disks = Record<string, Disk>;

/** A disk of which only the name is known. */
export const UNKNOWN_DISK: Disk = { size_bytes: null, type: null, vendor: null, model: null, serial: null, wwn: null, rotational: null };

// BSD device names: `ada0`, `nvd0`, `sd0`, `wd0`, `da12`, `mfid0`, `dk3`, `cd0`; also `mmcsd0`, `nda0`.
const DISK_NAME = /^[a-z][a-z0-9_.-]{0,31}$/;

/** Adds `name` to `disks` (a Map, so no name can be a prototype key), enforcing the cap and the name shape. */
export function addDisk(parser: string, disks: Map<string, Disk>, name: string, disk: Disk): void {
  if (!DISK_NAME.test(name)) throw parseError(parser, 'not a disk device name', name);
  disks.set(name, disk);
  enforceCap(parser, 'disks', disks.size, LIMITS.disks);
}

/** A trimmed text value, `null` when empty. */
export function textOrNull(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  return text === '' ? null : text;
}

/**
 * Collects disks in the order first seen; a `Map` keeps hostile names ordinary keys, and the count
 * stops at `LIMITS.disks`.
 */
export class DiskTable {
  private readonly byName = new Map<string, Disk>();

  constructor(private readonly parser: string) {}

  /** Adds or replaces `name`. */
  set(name: string, disk: Disk): void {
    this.byName.set(name, disk);
    enforceCap(this.parser, 'disks', this.byName.size, LIMITS.disks);
  }

  /** The `disks` fact. */
  toRecord(): Disks {
    return Object.fromEntries(this.byName);
  }
}

/** Linux names of block devices that are not disks: loop, classic RAM disks, device-mapper, md RAID. */
export const LINUX_VIRTUAL_BLOCK = /^(?:loop[0-9]+|ram[0-9]+|dm-[0-9]+|md[0-9]+|md_[A-Za-z0-9_]+)$/;

/** The type of a Linux disk from what is known of it. */
export function linuxDiskType(name: string, rotational: boolean | null, cdrom: boolean): DiskType {
  if (cdrom || /^sr[0-9]+$/.test(name)) return 'cdrom';
  if (/^(?:zram|ram)[0-9]+$/.test(name)) return 'ram';
  return rotational === false ? 'ssd' : 'disk';
}
