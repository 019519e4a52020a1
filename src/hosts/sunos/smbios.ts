/**
 * `smbios` prints every SMBIOS structure as a `ID SIZE TYPE` header, a `SMB_TYPE_*` line and indented
 * `Key: value` lines. Only x86 has SMBIOS; SPARC and non-global zones get nothing (use prtdiag there).
 */
import type { ParserSpec } from '../fact.js';
import { ParseError } from '../parse-error.js';
import type { Hardware } from './hardware.js';
import { chassisTypeName, cleanDmiUuid, cleanDmiValue, type Baseboard, type Chassis } from '../common/dmi.js';
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

/** What smbios adds to the hardware facts prtdiag also gives: the enclosure and the base board. */
export interface SmbiosHardware extends Hardware {
  readonly chassis: Chassis;
  readonly baseboard: Baseboard;
}

/** `Chassis Type: 0x17 (rack mount chassis)`: the code names the type in dmidecode's words. */
function chassisType(value: string | undefined): string | null {
  const code = /^(0x[0-9a-fA-F]{1,2})\b/.exec(value?.trim() ?? '');
  return code === null ? null : chassisTypeName(code[1]);
}

function parse(stdout: string): SmbiosHardware {
  const found = sections(stdout);
  const bios = found.get('SMB_TYPE_BIOS');
  const system = found.get('SMB_TYPE_SYSTEM');
  const chassis = found.get('SMB_TYPE_CHASSIS');
  const board = found.get('SMB_TYPE_BASEBOARD');
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
    chassis: {
      type: chassisType(chassis?.get('Chassis Type')),
      vendor: cleanDmiValue(chassis?.get('Manufacturer')),
      serial: cleanDmiValue(chassis?.get('Serial Number')),
      asset_tag: cleanDmiValue(chassis?.get('Asset Tag')),
    },
    baseboard: {
      vendor: cleanDmiValue(board?.get('Manufacturer')),
      product: cleanDmiValue(board?.get('Product')),
      version: cleanDmiValue(board?.get('Version')),
      serial: cleanDmiValue(board?.get('Serial Number')),
    },
  };
}

/** Reads `device`, `bios`, `chassis` and `baseboard` from the SMBIOS structures of types 0-3. */
export const smbiosSpec: ParserSpec<SmbiosHardware> = {
  name: NAME,
  command: '/usr/sbin/smbios',
  parse,
  description: 'smbios: device (vendor, product, version, serial, uuid), bios (vendor, version, date), chassis and baseboard; placeholders become null',
};
