/**
 * DMI strings from sysfs, readable without root. `grep . /sys/class/dmi/id/*` prints every non-empty
 * file as `path:value`; files that are missing (no DMI on most ARM boards) or root-only
 * (`product_serial`, `product_uuid` on most kernels) simply do not appear, and `-s` hides the errors.
 * The same command is what people post when asked for their DMI data, so real outputs are plentiful.
 */
import type { ParserSpec } from '../fact.js';
import { chassisTypeName, dmiFacts, type DmiFacts, type DmiNames } from '../common/dmi.js';
import { parseError, splitLines, splitOnce } from '../common/text.js';

/** The `device`, `bios`, `chassis` and `baseboard` facts as far as sysfs shows them. */
export type SysfsDmi = DmiFacts;

const NAME = 'linux.dmi-sysfs';
const SYSFS_NAMES: DmiNames = {
  system_product: 'product_name', system_serial: 'product_serial', system_uuid: 'product_uuid', system_vendor: 'sys_vendor', system_version: 'product_version',
  bios_date: 'bios_date', bios_vendor: 'bios_vendor', bios_version: 'bios_version',
  chassis_vendor: 'chassis_vendor', chassis_serial: 'chassis_serial', chassis_asset_tag: 'chassis_asset_tag',
  board_vendor: 'board_vendor', board_product: 'board_name', board_version: 'board_version', board_serial: 'board_serial',
};
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
  return dmiFacts((file) => files.get(file), SYSFS_NAMES, chassisTypeName(files.get('chassis_type')));
}

/** Device, BIOS, chassis and baseboard strings from `/sys/class/dmi/id`; serials and UUID are usually `null` without root. */
export const linuxDmiSysfs: ParserSpec<SysfsDmi> = {
  name: NAME,
  command: 'grep -s . /sys/class/dmi/id/* || true',
  parse: parseDmiSysfs,
  description: 'Reads /sys/class/dmi/id and returns device, BIOS, chassis and baseboard strings, placeholders and unreadable files as null.',
};
