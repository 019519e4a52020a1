/**
 * DMI strings from sysfs, readable without root. `grep . /sys/class/dmi/id/*` prints every non-empty
 * file as `path:value`; files that are missing (no DMI on most ARM boards) or root-only
 * (`product_serial`, `product_uuid` on most kernels) simply do not appear, and `-s` hides the errors.
 * The same command is what people post when asked for their DMI data, so real outputs are plentiful.
 */
import type { ParserSpec } from '../fact.js';
import { chassisTypeName, cleanDmiUuid, cleanDmiValue, type Baseboard, type Bios, type Chassis, type Device } from '../common/dmi.js';
import { parseError, splitLines, splitOnce } from '../common/text.js';

/** The `device`, `bios`, `chassis` and `baseboard` facts as far as sysfs shows them. */
export interface SysfsDmi {
  readonly device: Device;
  readonly bios: Bios;
  readonly chassis: Chassis;
  readonly baseboard: Baseboard;
}

const NAME = 'linux.dmi-sysfs';
const DMI_FILE = /^(?:(?:bios|board|chassis|product|sys|ec)_[a-z0-9_]+|modalias|uevent)$/;

/** Parses `grep` output (`[dir/]file:value` lines) into device and BIOS facts. */
export function parseDmiSysfs(stdout: string): SysfsDmi {
  const files = new Map<string, string>();
  for (const line of splitLines(stdout)) {
    if (line.trim() === '') continue;
    const parts = splitOnce(line, ':');
    const file = parts === undefined ? '' : parts[0].slice(parts[0].lastIndexOf('/') + 1);
    // Every file of the directory belongs to one of these families; anything else is not grep's output.
    if (parts === undefined || !DMI_FILE.test(file) || !/^[A-Za-z0-9_./-]*$/.test(parts[0])) {
      throw parseError(NAME, 'not a "dmi-file:value" line', line);
    }
    if (!files.has(file)) files.set(file, parts[1]);
  }
  return {
    device: {
      system_product: cleanDmiValue(files.get('product_name')),
      system_serial: cleanDmiValue(files.get('product_serial')),
      system_uuid: cleanDmiUuid(files.get('product_uuid')),
      system_vendor: cleanDmiValue(files.get('sys_vendor')),
      system_version: cleanDmiValue(files.get('product_version')),
    },
    bios: {
      bios_date: cleanDmiValue(files.get('bios_date')),
      bios_vendor: cleanDmiValue(files.get('bios_vendor')),
      bios_version: cleanDmiValue(files.get('bios_version')),
    },
    chassis: {
      type: chassisTypeName(files.get('chassis_type')),
      vendor: cleanDmiValue(files.get('chassis_vendor')),
      serial: cleanDmiValue(files.get('chassis_serial')),
      asset_tag: cleanDmiValue(files.get('chassis_asset_tag')),
    },
    baseboard: {
      vendor: cleanDmiValue(files.get('board_vendor')),
      product: cleanDmiValue(files.get('board_name')),
      version: cleanDmiValue(files.get('board_version')),
      serial: cleanDmiValue(files.get('board_serial')),
    },
  };
}

/** Device, BIOS, chassis and baseboard strings from `/sys/class/dmi/id`; serials and UUID are usually `null` without root. */
export const linuxDmiSysfs: ParserSpec<SysfsDmi> = {
  name: NAME,
  command: 'grep -s . /sys/class/dmi/id/* || true',
  parse: parseDmiSysfs,
  description: 'Reads /sys/class/dmi/id and returns device, BIOS, chassis and baseboard strings, placeholders and unreadable files as null.',
};
