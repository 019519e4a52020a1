/**
 * `device` and `bios` from the shared sysctl output: OpenBSD's `hw.vendor`, `hw.product`,
 * `hw.version`, `hw.serialno`, `hw.uuid` (no BIOS names), NetBSD's `machdep.dmi.*` (system and BIOS).
 * FreeBSD and DragonFly keep SMBIOS in the kernel environment instead (freebsd.kenv).
 */
import type { ParserSpec } from '../fact.js';
import { cleanDmiUuid, cleanDmiValue, type Bios, type Device } from '../common/dmi.js';
import { parseError } from '../common/text.js';
import { parseSysctl } from '../common/sysctl.js';
import { BSD_SYSCTL_COMMAND } from './sysctl-command.js';

/** Both hardware facts. */
export interface Hardware {
  readonly device: Device;
  readonly bios: Bios;
}

const NAME = 'bsd.device';

/** Parses the BSD sysctl output into device and BIOS; fails when no SMBIOS name is there at all. */
export function parseBsdDevice(stdout: string): Hardware {
  const v = parseSysctl(NAME, stdout);
  const get = (openbsd: string | null, netbsd: string): string | undefined => (openbsd === null ? undefined : v.get(openbsd)) ?? v.get(`machdep.dmi.${netbsd}`);
  const names = ['hw.vendor', 'hw.product', 'machdep.dmi.system-vendor', 'machdep.dmi.system-product', 'machdep.dmi.bios-vendor'];
  if (!names.some((n) => v.has(n))) throw parseError(NAME, 'no SMBIOS name (hw.vendor, hw.product, machdep.dmi.*)');
  return {
    device: {
      system_product: cleanDmiValue(get('hw.product', 'system-product')),
      system_serial: cleanDmiValue(get('hw.serialno', 'system-serial')),
      system_uuid: cleanDmiUuid(get('hw.uuid', 'system-uuid')),
      system_vendor: cleanDmiValue(get('hw.vendor', 'system-vendor')),
      system_version: cleanDmiValue(get('hw.version', 'system-version')),
    },
    bios: {
      bios_date: cleanDmiValue(get(null, 'bios-date')),
      bios_vendor: cleanDmiValue(get(null, 'bios-vendor')),
      bios_version: cleanDmiValue(get(null, 'bios-version')),
    },
  };
}

/** Device and BIOS names from OpenBSD hw.* or NetBSD machdep.dmi.*; shares the BSD sysctl command. */
export const bsdDevice: ParserSpec<Hardware> = {
  name: NAME,
  command: BSD_SYSCTL_COMMAND,
  parse: parseBsdDevice,
  description: 'Reads OpenBSD hw.vendor/product/version/serialno/uuid or NetBSD machdep.dmi.*; returns device and bios.',
};
