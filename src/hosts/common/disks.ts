/**
 * The `disks` fact: every whole disk the kernel knows, by device name, with what the source tells of
 * it. `sysctl kern.disks` / `hw.disknames` give only names; `geom disk list` gives size, model, serial.
 */
import { parseError } from './text.js';

/** One disk. */
export interface Disk {
  readonly size_bytes: number | null;
  readonly model: string | null;
  readonly serial: string | null;
}

/** The `disks` fact, by device name. */
export type Disks = Record<string, Disk>;

/** The most disks a parser accepts: far beyond a real host (a big JBOD has a few hundred). */
export const MAX_DISKS = 10_000;

// Device names: `ada0`, `nvd0`, `sd0`, `wd0`, `da12`, `mfid0`, `dk3`, `cd0`; also `mmcsd0`, `nda0`.
const DISK_NAME = /^[a-z][a-z0-9_.-]{0,31}$/;

/** Adds `name` to `disks` (a Map, so no name can be a prototype key), enforcing the cap and the name shape. */
export function addDisk(parser: string, disks: Map<string, Disk>, name: string, disk: Disk): void {
  if (!DISK_NAME.test(name)) throw parseError(parser, 'not a disk device name', name);
  if (!disks.has(name) && disks.size >= MAX_DISKS) throw parseError(parser, `more than ${MAX_DISKS} disks`);
  disks.set(name, disk);
}
