/**
 * `lsconf` (AIX 5.3 and later; `prtconf` prints the same summary) opens with one `Key: Value` line
 * per system property, then indented sections and the installed-resource list:
 *
 *     System Model: IBM,9080-M9S
 *     Machine Serial Number: 45XY777
 *     Processor Type: PowerPC_POWER9
 *     Number Of Processors: 1
 *     Processor Clock Speed: 3400 MHz
 *     LPAR Info: 7 aix45
 *     Memory Size: 8192 MB
 *     Platform Firmware level: VH950_099
 *     Firmware Version: IBM,FW950.40 (VH950_099)
 *
 * Only the unindented summary lines are read. Listing every device makes the command slow on big
 * partitions: the fact running it is bounded by a timeout.
 */
import type { ParserSpec } from '../fact.js';
import { cleanDmiValue, type Bios, type Device } from '../common/dmi.js';
import { parseCount, parseError, splitLines } from '../common/text.js';

/** The system summary, as the facts use it. */
export interface AixSystem {
  readonly device: Device;
  readonly bios: Bios;
  /** `Memory Size` in MB; `null` when not printed. */
  readonly installed_memory_in_MB: number | null;
  /** `Processor Type` (e.g. `PowerPC_POWER9`) and `Number Of Processors` (virtual processors, i.e. cores). */
  readonly cpu: { readonly model: string | null; readonly cores: number | null };
}

const NAME = 'aix.lsconf';
const MAX_LINES = 200_000;
const LINE = /^([A-Za-z][A-Za-z0-9 /-]{0,60}): ?(.*)$/;

/** `IBM,9080-M9S` → vendor IBM, product 9080-M9S. */
function vendorAndProduct(model: string | undefined): [string | null, string | null] {
  const value = cleanDmiValue(model);
  if (value === null) return [null, null];
  const comma = value.indexOf(',');
  return comma < 0 ? [null, value] : [cleanDmiValue(value.slice(0, comma)), cleanDmiValue(value.slice(comma + 1))];
}

/** Parses the summary lines of `lsconf` or `prtconf`. */
export function parseLsconf(stdout: string): AixSystem {
  const lines = splitLines(stdout);
  if (lines.length > MAX_LINES) throw parseError(NAME, `more than ${MAX_LINES} lines`);
  const fields = new Map<string, string>();
  for (const line of lines) {
    if (line.startsWith('INSTALLED RESOURCE LIST')) break;
    const m = LINE.exec(line);
    if (m !== null && !fields.has(m[1]!)) fields.set(m[1]!, m[2]!.trim());
  }
  if (!fields.has('System Model') && !fields.has('Machine Serial Number')) {
    throw parseError(NAME, 'no "System Model:" nor "Machine Serial Number:" line', lines.find((l) => l.trim() !== ''));
  }
  const [vendor, product] = vendorAndProduct(fields.get('System Model'));
  const firmware = fields.get('Firmware Version')?.replace(/^IBM,/, '') ?? fields.get('Platform Firmware level');
  const memory = /^([0-9]{1,9}) MB$/.exec(fields.get('Memory Size') ?? '');
  const cores = parseCount(fields.get('Number Of Processors') ?? '');
  return {
    device: { system_product: product, system_serial: cleanDmiValue(fields.get('Machine Serial Number')), system_uuid: null, system_vendor: vendor, system_version: null },
    bios: { bios_date: null, bios_vendor: firmware === undefined ? null : vendor, bios_version: cleanDmiValue(firmware) },
    installed_memory_in_MB: memory === null ? null : Number(memory[1]),
    cpu: { model: cleanDmiValue(fields.get('Processor Type'))?.slice(0, 200) ?? null, cores: cores !== undefined && cores > 0 ? cores : null },
  };
}

/** Model, serial, firmware, memory and processors from the AIX system summary. */
export const aixLsconf: ParserSpec<AixSystem> = {
  name: NAME,
  command: '/usr/sbin/lsconf',
  parse: parseLsconf,
  description: 'Reads the summary lines of lsconf (model, serial, firmware, memory, processors); returns device, bios, memory and cpu.',
};
