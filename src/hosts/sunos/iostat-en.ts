/**
 * `iostat -En`: one block per disk, without root and without touching the disks (unlike `format`,
 * which reads labels and waits on stdin):
 *
 *     c5t0d0           Soft Errors: 0 Hard Errors: 0 Transport Errors: 0
 *     Vendor: ATA      Product: VBOX HARDDISK    Revision: 1.0  Serial No: VBe174c9f2-fe68
 *     Size: 34.36GB <34359738368 bytes>
 *     Media Error: 0 Device Not Ready: 0 No Device: 0 Recoverable: 0
 *     Illegal Request: 0 Predictive Failure Analysis: 0
 *
 * Values hold blanks (`VBOX HARDDISK`), so the Vendor line is cut at its labels, not at blanks. SunOS
 * does not say whether a disk spins, nor its WWN here: `rotational` and `wwn` are `null`.
 */
import type { ParserSpec } from '../fact.js';
import { ParseError } from '../parse-error.js';
import { DiskTable, textOrNull, type Disk, type Disks } from '../common/disks.js';
import { splitLines } from './text.js';

const NAME = 'sunos.iostat-en';
const HEADER = /^([A-Za-z][A-Za-z0-9_.,@-]{0,63})\s+Soft Errors:/;
const LABELS = ['Vendor:', 'Product:', 'Model:', 'Revision:', 'Serial No:'] as const;
const OPTICAL = /\b(?:CD|DVD|BD)(?:[-/ ]?(?:ROM|RW|R|W|RAM))*\b/i;

/** The values after each label of a `Vendor: ... Product: ... Revision: ... Serial No: ...` line. */
function labelled(line: string): Map<string, string> {
  const found = LABELS.map((label) => ({ label, at: line.indexOf(label) })).filter((l) => l.at >= 0).sort((a, b) => a.at - b.at);
  const out = new Map<string, string>();
  found.forEach(({ label, at }, i) => out.set(label, line.slice(at + label.length, found[i + 1]?.at ?? line.length).trim()));
  return out;
}

interface Draft {
  vendor: string | null;
  product: string | null;
  serial: string | null;
  size: number | null;
}

function toDisk(draft: Draft): Disk {
  return {
    size_bytes: draft.size,
    type: draft.product !== null && OPTICAL.test(draft.product) ? 'cdrom' : 'disk',
    vendor: draft.vendor,
    model: draft.product,
    serial: draft.serial,
    wwn: null,
    rotational: null,
  };
}

function parse(stdout: string): Disks {
  const table = new DiskTable(NAME);
  let name: string | undefined;
  let draft: Draft | undefined;
  const flush = (): void => {
    if (name !== undefined && draft !== undefined) table.set(name, toDisk(draft));
  };
  for (const raw of splitLines(NAME, stdout)) {
    const line = raw.trim();
    if (line === '') continue;
    const header = HEADER.exec(line);
    if (header) {
      flush();
      name = header[1]!;
      draft = { vendor: null, product: null, serial: null, size: null };
      continue;
    }
    if (draft === undefined) throw new ParseError(NAME, 'expected "<disk> Soft Errors: ..." before the details', line);
    if (line.startsWith('Vendor:') || line.startsWith('Model:')) {
      const values = labelled(line);
      draft.vendor = textOrNull(values.get('Vendor:'));
      draft.product = textOrNull(values.get('Product:') ?? values.get('Model:'));
      draft.serial = textOrNull(values.get('Serial No:'));
    } else if (line.startsWith('Size:')) {
      const bytes = /<([0-9]{1,20}) bytes>/.exec(line);
      draft.size = bytes !== null && Number.isSafeInteger(Number(bytes[1])) ? Number(bytes[1]) : null;
    }
  }
  flush();
  return table.toRecord();
}

/** Disks with size, vendor, model and serial from `iostat -En`. */
export const iostatEnSpec: ParserSpec<Disks> = {
  name: NAME,
  command: '/usr/bin/iostat -En',
  parse,
  description: 'iostat -En: each disk with size in bytes, type (disk or cdrom), vendor, model and serial (no rotation or WWN on SunOS)',
};
