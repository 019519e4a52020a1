/**
 * The `device` and `bios` facts as one smbios or prtdiag run yields them. The fact shapes and the
 * placeholder clean-up are shared with Linux (common/dmi.ts).
 */
import type { Bios, Device } from '../common/dmi.js';

export type { Bios, Device } from '../common/dmi.js';

/** Both hardware facts; on SPARC `bios` is all null (OpenBoot PROM is not a BIOS). */
export interface Hardware {
  readonly device: Device;
  readonly bios: Bios;
}
