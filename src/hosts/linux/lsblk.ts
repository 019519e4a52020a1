/**
 * `lsblk -J -b -d` (util-linux 2.27 and later): whole disks as JSON. util-linux before 2.33 prints
 * every value as a string (`"size": "8589934592"`, `"rota": "0"`); later versions print numbers and
 * booleans; both are read. Older util-linux rejects `-J` and BusyBox has no lsblk: both exit non-zero
 * without output, and the saga falls back to `linux.sys-block`. With `-p` names are paths
 * (`/dev/sda`); the name is what follows `/dev/`.
 */
import type { ParserSpec } from '../fact.js';
import { DiskTable, LINUX_VIRTUAL_BLOCK, linuxDiskType, textOrNull, type Disks } from '../common/disks.js';
import { parseError, parseJson } from '../common/text.js';

const NAME = 'linux.lsblk';
/** lsblk TYPE values that are not whole disks. */
const NOT_DISKS = new Set(['loop', 'part', 'lvm', 'crypt', 'dm', 'md', 'mpath', 'raid0', 'raid1', 'raid4', 'raid5', 'raid6', 'raid10', 'linear', 'multipath']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function bool(value: unknown): boolean | null {
  if (value === true || value === '1') return true;
  if (value === false || value === '0') return false;
  return null;
}

function bytes(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : null;
  return typeof value === 'string' && /^[0-9]{1,16}$/.test(value) && Number.isSafeInteger(Number(value)) ? Number(value) : null;
}

/** Parses lsblk's JSON into the `disks` fact. */
export function parseLsblk(stdout: string): Disks {
  const doc = parseJson(NAME, stdout);
  const devices = isObject(doc) ? doc['blockdevices'] : undefined;
  if (!Array.isArray(devices)) throw parseError(NAME, 'no "blockdevices" array', stdout.trimStart().slice(0, 80));
  const table = new DiskTable(NAME);
  for (const device of devices as unknown[]) {
    if (!isObject(device)) throw parseError(NAME, 'a blockdevices entry is not an object');
    const printed = device['name'];
    if (typeof printed !== 'string' || printed === '') throw parseError(NAME, 'a device has no name');
    const name = printed.startsWith('/dev/') ? printed.slice(5) : printed;
    const type = typeof device['type'] === 'string' ? device['type'] : 'disk';
    if (NOT_DISKS.has(type) || LINUX_VIRTUAL_BLOCK.test(name)) continue;
    const rotational = bool(device['rota']);
    table.set(name, {
      size_bytes: bytes(device['size']),
      type: linuxDiskType(name, rotational, type === 'rom'),
      vendor: textOrNull(device['vendor']),
      model: textOrNull(device['model']),
      serial: textOrNull(device['serial']),
      wwn: textOrNull(device['wwn']),
      rotational,
    });
  }
  return table.toRecord();
}

/** Whole disks with size, type, vendor, model, serial, WWN and rotation from lsblk. */
export const linuxLsblk: ParserSpec<Disks> = {
  name: NAME,
  command: 'lsblk -J -b -d -o NAME,SIZE,TYPE,VENDOR,MODEL,SERIAL,WWN,ROTA',
  parse: parseLsblk,
  description: 'Reads lsblk -J -b -d and returns each whole disk with size in bytes, type (disk, ssd, cdrom, ram), vendor, model, serial, WWN and rotational.',
};
