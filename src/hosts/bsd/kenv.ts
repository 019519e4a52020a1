/**
 * FreeBSD and DragonFly keep the SMBIOS strings the loader read in the kernel environment:
 * `smbios.system.maker="QEMU"`, `smbios.system.product=...`, `smbios.system.serial`,
 * `smbios.system.uuid`, `smbios.system.version`, `smbios.bios.vendor`, `smbios.bios.version`,
 * `smbios.bios.reldate`. Only those lines are asked for (the environment may hold loader secrets).
 * Dumping the environment may be refused to non-root users (`security.bsd.unprivileged_kenv`), hence
 * `needsRoot`. A machine without SMBIOS (most ARM boards) prints no line: grep then exits 1.
 */
import type { ParserSpec } from '../fact.js';
import { cleanDmiUuid, cleanDmiValue } from '../common/dmi.js';
import { parseError, splitLines } from '../common/text.js';
import type { Hardware } from './device.js';

const NAME = 'freebsd.kenv';
const LINE = /^(smbios\.[a-z0-9_.]{1,64})="(.*)"$/;

/** Parses the `smbios.*="value"` lines of `kenv` into device and BIOS. */
export function parseKenv(stdout: string): Hardware {
  const values = new Map<string, string>();
  for (const line of splitLines(stdout)) {
    if (line.trim() === '') continue;
    const m = LINE.exec(line.trim());
    if (m === null) throw parseError(NAME, 'not a smbios.<name>="<value>" line', line);
    if (!values.has(m[1]!)) values.set(m[1]!, m[2]!);
  }
  if (values.size === 0) throw parseError(NAME, 'no smbios.* variable');
  const get = (key: string): string | undefined => values.get(`smbios.${key}`);
  return {
    device: {
      system_product: cleanDmiValue(get('system.product')),
      system_serial: cleanDmiValue(get('system.serial')),
      system_uuid: cleanDmiUuid(get('system.uuid')),
      system_vendor: cleanDmiValue(get('system.maker')),
      system_version: cleanDmiValue(get('system.version')),
    },
    bios: {
      bios_date: cleanDmiValue(get('bios.reldate')),
      bios_vendor: cleanDmiValue(get('bios.vendor')),
      bios_version: cleanDmiValue(get('bios.version')),
    },
  };
}

/** Device and BIOS from the SMBIOS variables of the kernel environment (FreeBSD, DragonFly). */
export const freebsdKenv: ParserSpec<Hardware> = {
  name: NAME,
  command: "kenv | grep '^smbios\\.'",
  parse: parseKenv,
  needsRoot: true,
  description: 'Reads the smbios.* kernel environment variables (kenv) and returns device and bios; placeholders become null.',
};
