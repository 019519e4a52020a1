/**
 * `smbios` prints every SMBIOS structure as a `ID SIZE TYPE` header, a `SMB_TYPE_*` line and indented
 * `Key: value` lines. Only x86 has SMBIOS; SPARC and non-global zones get nothing (use prtdiag there).
 */
import type { ParserSpec } from '../fact.js';
import { ParseError } from '../parse-error.js';
import type { Hardware } from './hardware.js';
import { cleanDmiUuid, cleanDmiValue } from '../common/dmi.js';
import { splitLines } from './text.js';

const NAME = 'sunos.smbios';
// `0     64   SMB_TYPE_BIOS (type 0) (BIOS information)`; Solaris 10 omits the `(type N)` part.
const STRUCTURE = /^\s*\d+\s+\d+\s+(SMB_TYPE_[A-Z0-9_]+)/;
const FIELD = /^\s+([A-Za-z][A-Za-z0-9 #()\-./]*?):[ \t]*(.*)$/;

type Section = Map<string, string>;

function sections(stdout: string): Map<string, Section> {
  const found = new Map<string, Section>();
  let current: Section | undefined;
  for (const line of splitLines(NAME, stdout)) {
    const structure = STRUCTURE.exec(line);
    if (structure) {
      const type = structure[1]!;
      // Only the first structure of a type describes the system (later BIOS/SYSTEM copies are rare).
      current = found.has(type) ? undefined : new Map();
      if (current) found.set(type, current);
      continue;
    }
    const field = current ? FIELD.exec(line) : null;
    if (field && current && !current.has(field[1]!)) current.set(field[1]!, field[2]!);
  }
  return found;
}

function uuid(system: Section | undefined): string | null {
  // Newer illumos prints the raw bytes as `UUID` and the SMBIOS 2.6 byte order as `UUID
  // (Endian-corrected)`; the corrected one is what dmidecode on the same machine shows.
  return cleanDmiUuid(system?.get('UUID (Endian-corrected)') ?? system?.get('UUID'));
}

function parse(stdout: string): Hardware {
  const found = sections(stdout);
  const bios = found.get('SMB_TYPE_BIOS');
  const system = found.get('SMB_TYPE_SYSTEM');
  if (!bios && !system) throw new ParseError(NAME, 'no SMB_TYPE_BIOS nor SMB_TYPE_SYSTEM structure', stdout.trim().split('\n')[0]);
  return {
    device: {
      system_product: cleanDmiValue(system?.get('Product')),
      system_serial: cleanDmiValue(system?.get('Serial Number')),
      system_uuid: uuid(system),
      system_vendor: cleanDmiValue(system?.get('Manufacturer')),
      system_version: cleanDmiValue(system?.get('Version')),
    },
    bios: {
      bios_date: cleanDmiValue(bios?.get('Release Date')),
      bios_vendor: cleanDmiValue(bios?.get('Vendor')),
      bios_version: cleanDmiValue(bios?.get('Version String') ?? bios?.get('Version')),
    },
  };
}

/** Reads `device` and `bios` from the SMBIOS BIOS (type 0) and SYSTEM (type 1) structures. */
export const smbiosSpec: ParserSpec<Hardware> = {
  name: NAME,
  command: '/usr/sbin/smbios',
  parse,
  description: 'smbios: device (vendor, product, version, serial, uuid) and bios (vendor, version, date); placeholders become null',
};
