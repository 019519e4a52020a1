/**
 * `dmidecode` as root: the BIOS (type 0), system (type 1), base board (type 2), chassis (type 3) and
 * memory device (type 17) records. Root sees what sysfs hides (serial numbers, UUID) and the installed
 * memory, summed over the DIMMs.
 */
import type { ParserSpec } from '../fact.js';
import { chassisTypeName, cleanDmiValue, dmiFacts, type DmiFacts, type DmiNames } from '../common/dmi.js';
import { parseError, splitLines, splitOnce } from '../common/text.js';

/** What the SMBIOS tables say; every field `null` when there is no table (containers, most ARM). */
export interface Dmidecode extends DmiFacts {
  /** The sum of the memory device sizes, in MiB; `null` without memory device records or with an unreadable size. */
  readonly installed_memory_in_MB: number | null;
}

const NAME = 'linux.dmidecode';
// `type/Field`: BIOS (0), system (1), baseboard (2) and chassis (3) records.
const DMIDECODE_NAMES: DmiNames = {
  system_product: '1/Product Name', system_serial: '1/Serial Number', system_uuid: '1/UUID', system_vendor: '1/Manufacturer', system_version: '1/Version',
  bios_date: '0/Release Date', bios_vendor: '0/Vendor', bios_version: '0/Version',
  chassis_vendor: '3/Manufacturer', chassis_serial: '3/Serial Number', chassis_asset_tag: '3/Asset Tag',
  board_vendor: '2/Manufacturer', board_product: '2/Product Name', board_version: '2/Version', board_serial: '2/Serial Number',
};

/** MiB per unit dmidecode prints for a memory size. */
const UNIT_MB: Readonly<Record<string, number>> = { bytes: 1 / 1048576, kB: 1 / 1024, KB: 1 / 1024, MB: 1, GB: 1024, TB: 1048576 };

interface DmiRecord {
  readonly type: number;
  readonly fields: Map<string, string>;
}

/**
 * Splits the output into records. A record starts at `Handle 0x..., DMI type N, ...` (or, in
 * dmidecode 2.0-2.6, `Handle 0x...` then `DMI type N, ...` on the next line); its fields are the
 * indented `Key: value` lines, whether indented by tabs or, in pasted output, by spaces.
 */
function records(stdout: string): DmiRecord[] {
  const out: DmiRecord[] = [];
  let current: { type: number | null; fields: Map<string, string> } | null = null;
  for (const line of splitLines(stdout)) {
    if (/^\s*Handle 0x[0-9A-Fa-f]+/.test(line)) {
      current = { type: null, fields: new Map() };
      out.push(current as DmiRecord);
    }
    if (current === null) continue;
    const type = /DMI type ([0-9]{1,3})\b/.exec(line);
    if (type !== null && current.type === null) {
      current.type = Number(type[1]);
      continue;
    }
    if (!/^\s/.test(line)) continue;
    const kv = splitOnce(line.trim(), ':');
    if (kv !== undefined && !current.fields.has(kv[0])) current.fields.set(kv[0], kv[1].trim());
  }
  return out.filter((r) => r.type !== null);
}

/** The size of one memory device in MiB; `0` for an empty slot; `undefined` when unreadable. */
function memorySizeMb(size: string): number | undefined {
  const m = /^([0-9]{1,12})\s+(bytes|kB|KB|MB|GB|TB)$/.exec(size);
  if (m !== null) return Number(m[1]) * UNIT_MB[m[2]!]!;
  // "No Module Installed" (3.x), "Not Installed" (2.x), "Unknown", "Disabled": nothing there.
  return /^(No Module Installed|Not Installed|Unknown|Disabled|Not Populated|None)$/i.test(size) ? 0 : undefined;
}

/** dmidecode prints the enclosure type by name (`Rack Mount Chassis`), or `<OUT OF SPEC>`; older ones the code. */
function chassisType(value: string | undefined): string | null {
  const name = cleanDmiValue(value);
  if (name === null) return null;
  return /^(?:0x[0-9a-fA-F]{1,2}|[0-9]{1,3})$/.test(name) ? chassisTypeName(name) : name;
}

/** Parses `dmidecode` output into device, BIOS, chassis, baseboard and installed memory. */
export function parseDmidecode(stdout: string): Dmidecode {
  const all = records(stdout);
  // Without a record, only dmidecode's own banner ("# dmidecode 3.4", "No SMBIOS nor DMI entry point
  // found") is an acceptable answer: it means "no table", anything else is not dmidecode talking.
  if (all.length === 0 && stdout.trim() !== '' && !/dmidecode|SMBIOS|DMI|entry point/.test(stdout)) {
    throw parseError(NAME, 'no DMI record and no dmidecode banner', splitLines(stdout).find((l) => l.trim() !== ''));
  }
  const byType = new Map<number, Map<string, string>>();
  for (const r of all) if (r.type !== null && !byType.has(r.type)) byType.set(r.type, r.fields);
  const read = (name: string): string | undefined => {
    const slash = name.indexOf('/');
    return byType.get(Number(name.slice(0, slash)))?.get(name.slice(slash + 1));
  };
  const sizes = all.filter((r) => r.type === 17).map((r) => memorySizeMb(r.fields.get('Size') ?? ''));
  // One unreadable size makes the sum a guess: report no memory rather than a wrong one.
  const known = sizes.every((mb): mb is number => mb !== undefined);
  return {
    ...dmiFacts(read, DMIDECODE_NAMES, chassisType(read('3/Type'))),
    installed_memory_in_MB: sizes.length === 0 || !known ? null : Math.round((sizes as number[]).reduce((a, b) => a + b, 0)),
  };
}


/** Device, BIOS and installed memory from the SMBIOS tables; needs root to read them. */
export const linuxDmidecode: ParserSpec<Dmidecode> = {
  name: NAME,
  command: 'dmidecode -t 0 -t 1 -t 2 -t 3 -t 17',
  parse: parseDmidecode,
  needsRoot: true,
  description: 'Reads dmidecode types 0-3 and 17 and returns device, BIOS, chassis, baseboard and the summed DIMM sizes in MiB.',
};
