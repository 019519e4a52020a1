/**
 * The `device` and `bios` facts and the clean-up of SMBIOS strings. Firmware vendors leave template
 * text in unused fields; a value from the list below, or a serial or UUID made only of zeros or `f`s,
 * carries no information and becomes `null`.
 */

/** The `device` fact. */
export interface Device {
  readonly system_product: string | null;
  readonly system_serial: string | null;
  readonly system_uuid: string | null;
  readonly system_vendor: string | null;
  readonly system_version: string | null;
}

/** The `bios` fact. */
export interface Bios {
  readonly bios_date: string | null;
  readonly bios_vendor: string | null;
  readonly bios_version: string | null;
}

/**
 * Placeholders seen in SMBIOS tables, compared case-insensitively after trimming. Sources: the values
 * that dmidecode prints for unset strings (`Not Specified`, `<BAD INDEX>`, `<OUT OF SPEC>`), and the
 * AMI/Insyde/Phoenix template strings found in real dumps.
 */
export const DMI_PLACEHOLDERS: ReadonlySet<string> = new Set([
  'to be filled by o.e.m.', 'to be filled by oem', 'not specified', 'none', 'default string',
  'system product name', 'system manufacturer', 'system version', 'system serial number',
  '0123456789', '123456789', 'not applicable', 'n/a', 'na', 'oem', 'o.e.m.', 'not available',
  'not present', 'not settable', 'unknown', 'undefined', 'invalid', 'type1productconfigid',
  '<bad index>', '<out of spec>', 'chassis serial number', 'base board serial number', 'x.x',
  'chassis manufacture', 'chassis manufacturer', 'chassis version', 'base board asset tag', 'no asset tag',
  'asset-1234567890', 'no enclosure', 'base board manufacturer', 'base board product name',
]);

/** The `chassis` fact. */
export interface Chassis {
  /** The SMBIOS enclosure type as dmidecode names it: `Rack Mount Chassis`, `Notebook`, `Desktop`... */
  readonly type: string | null;
  readonly vendor: string | null;
  /** Root only on Linux (sysfs and dmidecode alike). */
  readonly serial: string | null;
  readonly asset_tag: string | null;
}

/** The `baseboard` fact. */
export interface Baseboard {
  readonly vendor: string | null;
  readonly product: string | null;
  readonly version: string | null;
  /** Root only on Linux. */
  readonly serial: string | null;
}

/** SMBIOS (DSP0134) system enclosure types 1-36, as dmidecode prints them. */
const CHASSIS_TYPES: readonly string[] = [
  'Other', 'Unknown', 'Desktop', 'Low Profile Desktop', 'Pizza Box', 'Mini Tower', 'Tower', 'Portable', 'Laptop',
  'Notebook', 'Hand Held', 'Docking Station', 'All In One', 'Sub Notebook', 'Space-saving', 'Lunch Box',
  'Main Server Chassis', 'Expansion Chassis', 'Sub Chassis', 'Bus Expansion Chassis', 'Peripheral Chassis',
  'RAID Chassis', 'Rack Mount Chassis', 'Sealed-case PC', 'Multi-system', 'CompactPCI', 'AdvancedTCA', 'Blade',
  'Blade Enclosure', 'Tablet', 'Convertible', 'Detachable', 'IoT Gateway', 'Embedded PC', 'Mini PC', 'Stick PC',
];

/**
 * Names an enclosure type code (sysfs `chassis_type` 23, smbios `0x17`); the top bit is the lock flag.
 * `Unknown` and codes outside the table give `null`.
 * @example
 * chassisTypeName('23') // => 'Rack Mount Chassis'
 */
export function chassisTypeName(code: string | undefined): string | null {
  const text = code?.trim() ?? '';
  const value = /^0x[0-9a-fA-F]{1,2}$/.test(text) ? parseInt(text, 16) : /^[0-9]{1,3}$/.test(text) ? Number(text) : NaN;
  const name = CHASSIS_TYPES[(value & 0x7f) - 1];
  return name === undefined || name === 'Unknown' ? null : name;
}

/** Turns a raw SMBIOS string into a value, or `null` when it is empty or a placeholder. */
export function cleanDmiValue(raw: string | undefined | null): string | null {
  if (raw === undefined || raw === null) return null;
  const value = raw.trim();
  if (value.length === 0 || DMI_PLACEHOLDERS.has(value.toLowerCase())) return null;
  // Serials and UUIDs that are all zeros or all ones (0xff) are unset fields, e.g. 00000000-0000-...
  if (/^[0\s.:-]+$/.test(value) || /^[fF\s.:-]+$/.test(value)) return null;
  return value;
}

/** Cleans a UUID and writes it in lowercase, the form `/sys/class/dmi/id/product_uuid` uses. */
export function cleanDmiUuid(raw: string | undefined | null): string | null {
  return cleanDmiValue(raw)?.toLowerCase() ?? null;
}

/** A `device` whose fields are all unknown. */
export const UNKNOWN_DEVICE: Device = {
  system_product: null, system_serial: null, system_uuid: null, system_vendor: null, system_version: null,
};

/** A `chassis` whose fields are all unknown. */
export const UNKNOWN_CHASSIS: Chassis = { type: null, vendor: null, serial: null, asset_tag: null };

/** A `baseboard` whose fields are all unknown. */
export const UNKNOWN_BASEBOARD: Baseboard = { vendor: null, product: null, version: null, serial: null };

/** A `bios` whose fields are all unknown. */
export const UNKNOWN_BIOS: Bios = { bios_date: null, bios_vendor: null, bios_version: null };

/** The `device`, `bios`, `chassis` and `baseboard` facts of one SMBIOS table. */
export interface DmiFacts {
  readonly device: Device;
  readonly bios: Bios;
  readonly chassis: Chassis;
  readonly baseboard: Baseboard;
}

/** Where a source keeps each DMI string: a sysfs file name, or a dmidecode `type/Field`. */
export type DmiNames = Readonly<Record<
  | 'system_product' | 'system_serial' | 'system_uuid' | 'system_vendor' | 'system_version'
  | 'bios_date' | 'bios_vendor' | 'bios_version'
  | 'chassis_vendor' | 'chassis_serial' | 'chassis_asset_tag'
  | 'board_vendor' | 'board_product' | 'board_version' | 'board_serial',
  string
>>;

/**
 * The DMI facts from a source that reads a string by its name, placeholders cleaned. The chassis
 * type comes decoded, since each source spells it its own way (a code in sysfs, a name in dmidecode).
 */
export function dmiFacts(read: (name: string) => string | undefined, names: DmiNames, chassisType: string | null): DmiFacts {
  const value = (key: keyof DmiNames): string | null => cleanDmiValue(read(names[key]));
  return {
    device: {
      system_product: value('system_product'),
      system_serial: value('system_serial'),
      system_uuid: cleanDmiUuid(read(names.system_uuid)),
      system_vendor: value('system_vendor'),
      system_version: value('system_version'),
    },
    bios: { bios_date: value('bios_date'), bios_vendor: value('bios_vendor'), bios_version: value('bios_version') },
    chassis: { type: chassisType, vendor: value('chassis_vendor'), serial: value('chassis_serial'), asset_tag: value('chassis_asset_tag') },
    baseboard: { vendor: value('board_vendor'), product: value('board_product'), version: value('board_version'), serial: value('board_serial') },
  };
}
