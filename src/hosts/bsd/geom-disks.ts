/**
 * `geom disk list` (FreeBSD) describes each disk as a block:
 *
 *     Geom name: ada0
 *     Providers:
 *     1. Name: ada0
 *        Mediasize: 500107862016 (466G)
 *        Sectorsize: 512
 *        Mode: r2w2e5
 *        descr: Samsung SSD 860 EVO 500GB
 *        ident: S3Z2NB0K123456A
 *        rotationrate: 0
 *
 * `ident` is the serial number (`(null)` when the disk gives none), `descr` the model.
 */
import type { ParserSpec } from '../fact.js';
import { addDisk, type Disk, type Disks } from '../common/disks.js';
import { parseError, splitLines, splitOnce } from '../common/text.js';

const NAME = 'freebsd.geom-disks';

function orNull(value: string | undefined): string | null {
  const v = (value ?? '').trim();
  return v === '' || v === '(null)' ? null : v.slice(0, 200);
}

/** Parses `geom disk list` into the disks with size, model and serial. */
export function parseGeomDisks(stdout: string): Disks {
  const disks = new Map<string, Disk>();
  let name: string | undefined;
  let fields = new Map<string, string>();
  const flush = (): void => {
    if (name === undefined) return;
    const size = /^([0-9]{1,20})\b/.exec(fields.get('Mediasize') ?? '')?.[1];
    const bytes = size === undefined ? null : Number(size);
    addDisk(NAME, disks, name, {
      size_bytes: bytes !== null && Number.isSafeInteger(bytes) ? bytes : null,
      model: orNull(fields.get('descr')),
      serial: orNull(fields.get('ident')),
    });
  };
  for (const line of splitLines(stdout)) {
    if (line.trim() === '') continue;
    const kv = splitOnce(line.trim().replace(/^[0-9]{1,4}\. /, ''), ':');
    if (kv === undefined) throw parseError(NAME, 'not a "key: value" line', line);
    const [key, value] = [kv[0].trim(), kv[1].trim()];
    if (key === 'Geom name') {
      flush();
      name = value;
      fields = new Map();
    } else if (name === undefined) {
      throw parseError(NAME, 'a line before the first "Geom name:"', line);
    } else if (!fields.has(key)) {
      fields.set(key, value);
    }
  }
  flush();
  if (disks.size === 0) throw parseError(NAME, 'no "Geom name:" block');
  return Object.fromEntries(disks);
}

/** Every disk with its size in bytes, model (descr) and serial (ident), from GEOM. */
export const freebsdGeomDisks: ParserSpec<Disks> = {
  name: NAME,
  command: 'geom disk list',
  parse: parseGeomDisks,
  description: 'Reads geom disk list (FreeBSD) and returns each disk with size_bytes, model (descr) and serial (ident).',
};
