/**
 * `geom disk list` (FreeBSD, DragonFly; no root needed): one block per disk, `Geom name: ada0`, then
 * its provider's `key: value` lines (Mediasize in bytes, descr, ident, lunid, rotationrate). This is
 * what the disks fact reads first; the names alone (kern.disks, bsd.disks) are the fallback.
 */
import type { ParserSpec } from '../fact.js';
import { DiskTable, type Disk, type DiskType, type Disks } from '../common/disks.js';
import { parseError, splitLines, splitOnce } from '../common/text.js';

const NAME = 'freebsd.geom-disks';

/** A value geom prints where it has none. */
const text = (value: string | undefined): string | null => {
  const v = value?.trim() ?? '';
  return v === '' || v === '(null)' || v === 'unknown' ? null : v;
};

/** One disk from its provider's keys: rotationrate 0 is a solid-state disk, a number its RPM. */
function toDisk(name: string, keys: ReadonlyMap<string, string>): Disk {
  // `Mediasize: 250059350016 (233G)`: the bytes, then the size for people.
  const size = /^([0-9]{1,20})(?: |$)/.exec(keys.get('Mediasize') ?? '')?.[1];
  const rpm = keys.get('rotationrate')?.trim();
  const rotational = rpm === undefined || !/^[0-9]{1,6}$/.test(rpm) ? null : rpm !== '0';
  const lunid = text(keys.get('lunid'));
  const type: DiskType = /^cd[0-9]+$/.test(name) ? 'cdrom' : rotational === false ? 'ssd' : 'disk';
  const bytes = size === undefined ? null : Number(size);
  return {
    size_bytes: bytes !== null && Number.isSafeInteger(bytes) ? bytes : null,
    type,
    // descr is the drive's identify string, vendor and model together ("WDC WD2500AAKX-753CA1").
    vendor: null,
    model: text(keys.get('descr')),
    serial: text(keys.get('ident')),
    // lunid is the NAA world wide name, printed as lsblk prints a WWN.
    wwn: lunid !== null && /^(?:[0-9a-fA-F]{16}){1,2}$/.test(lunid) ? `0x${lunid.toLowerCase()}` : null,
    rotational,
  };
}

/** Parses `geom disk list` into the disks fact, in the order geom lists them. */
export function parseGeomDisks(stdout: string): Disks {
  const table = new DiskTable(NAME);
  let name: string | undefined;
  let keys = new Map<string, string>();
  const flush = () => {
    if (name !== undefined) table.set(name, toDisk(name, keys));
  };
  for (const line of splitLines(stdout)) {
    if (line.startsWith('Geom name: ')) {
      flush();
      name = line.slice('Geom name: '.length).trim();
      if (!/^[a-z][a-z0-9_.-]{0,31}$/.test(name)) throw parseError(NAME, 'not a disk device name', line);
      keys = new Map();
      continue;
    }
    if (line.trim() === '' || line === 'Providers:' || /^[0-9]{1,3}\. Name: /.test(line)) continue;
    const kv = /^ {2,}[A-Za-z][A-Za-z0-9_-]{0,31}: /.test(line) ? splitOnce(line.trim(), ': ') : undefined;
    if (kv === undefined || name === undefined) throw parseError(NAME, 'not a "key: value" line of a disk', line);
    // Each disk has one provider: its first value of a key is the disk's.
    if (!keys.has(kv[0])) keys.set(kv[0], kv[1]);
  }
  flush();
  if (name === undefined) throw parseError(NAME, 'no "Geom name:" line', stdout.trim().split('\n')[0]);
  return table.toRecord();
}

/** Disks with size, model, serial, WWN and whether they spin, from the GEOM disk class. */
export const freebsdGeomDisks: ParserSpec<Disks> = {
  name: NAME,
  command: 'geom disk list',
  parse: parseGeomDisks,
  description: 'Reads geom disk list (FreeBSD, DragonFly) and returns each disk with size, model, serial, WWN and rotation.',
};
