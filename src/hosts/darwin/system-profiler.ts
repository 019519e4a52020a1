/**
 * `system_profiler SPHardwareDataType -json` (macOS 10.15 and later): one `hardware_overview` object
 * with `machine_model` (`MacBookPro18,3`, the identifier DMI would call the product), `serial_number`,
 * `platform_UUID`, `boot_rom_version` and `physical_memory` (`"16 GB"`). It can take seconds on a busy
 * Mac (it starts a helper per data type): the fact running it must bound it with a timeout, and fall
 * back to `ioreg` (darwin.ioreg) for the serial and UUID.
 */
import type { ParserSpec } from '../fact.js';
import { cleanDmiUuid, cleanDmiValue } from '../common/dmi.js';
import { parseError } from '../common/text.js';
import type { Hardware } from '../bsd/device.js';

/** Device, firmware and installed memory as the hardware overview gives them. */
export interface SystemProfilerHardware extends Hardware {
  /** From `physical_memory`; `null` when absent or not in MB/GB/TB. */
  readonly installed_memory_in_MB: number | null;
}

const NAME = 'darwin.system-profiler';
const UNITS: Readonly<Record<string, number>> = { MB: 1, GB: 1024, TB: 1048576 };

function str(entry: Record<string, unknown>, key: string): string | undefined {
  const v = entry[key];
  return typeof v === 'string' ? v : undefined;
}

/** Parses the JSON into device, bios and installed memory. */
export function parseSystemProfiler(stdout: string): SystemProfilerHardware {
  let doc: unknown;
  try {
    doc = JSON.parse(stdout);
  } catch {
    throw parseError(NAME, 'not JSON', stdout.trim().split('\n')[0]);
  }
  const items = (doc as { SPHardwareDataType?: unknown } | null)?.SPHardwareDataType;
  const entry = Array.isArray(items) ? (items[0] as unknown) : undefined;
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw parseError(NAME, 'no "SPHardwareDataType": [{...}]');
  const e = entry as Record<string, unknown>;
  const memory = /^([0-9]{1,6}) (MB|GB|TB)$/.exec(str(e, 'physical_memory') ?? '');
  return {
    device: {
      system_product: cleanDmiValue(str(e, 'machine_model')),
      system_serial: cleanDmiValue(str(e, 'serial_number')),
      system_uuid: cleanDmiUuid(str(e, 'platform_UUID')),
      system_vendor: 'Apple Inc.',
      system_version: null,
    },
    bios: { bios_date: null, bios_vendor: 'Apple Inc.', bios_version: cleanDmiValue(str(e, 'boot_rom_version')) },
    installed_memory_in_MB: memory === null ? null : Number(memory[1]) * UNITS[memory[2]!]!,
  };
}

/** Model, serial, UUID, boot ROM and memory from the hardware overview; slow, run under a timeout. */
export const darwinSystemProfiler: ParserSpec<SystemProfilerHardware> = {
  name: NAME,
  command: 'system_profiler SPHardwareDataType -json',
  parse: parseSystemProfiler,
  description: 'Reads system_profiler SPHardwareDataType -json and returns device, bios (boot ROM) and installed memory.',
};
