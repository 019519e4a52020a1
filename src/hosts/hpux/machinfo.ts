/**
 * `machinfo` (HP-UX 11.23 and later on Integrity; 11.31 on PA-RISC too). Two layouts:
 * 11.23 writes `key = value` (`Memory = 20468 MB (19.99 GB)`, `model string = "ia64 hp server
 * rx2620"`, `Number of enabled CPUs = 2`); 11.31 writes `Key: value` (`Memory: 24542 MB (23.97 GB)`,
 * `Model: "ia64 hp server rx6600"`) and counts processors in sentences (`4 Intel(R) Itanium 2 9100
 * series processors (1.59 GHz, 18 MB)`, `8 logical processors (2 per socket)`, `6 cores (3 per
 * socket)`). The serial number is shown to root only on some releases, hence `needsRoot`.
 */
import type { ParserSpec } from '../fact.js';
import { cleanDmiValue, type Bios, type Device } from '../common/dmi.js';
import { parseCount, parseError, splitLines } from '../common/text.js';

/** What the facts use from `machinfo`. */
export interface Machinfo {
  readonly device: Device;
  readonly bios: Bios;
  readonly installed_memory_in_MB: number | null;
  readonly cpu: { readonly model: string | null; readonly sockets: number | null; readonly cores: number | null; readonly threads: number | null };
  /** `B.11.31`, from the OS section. */
  readonly release: string | null;
}

const NAME = 'hpux.machinfo';
const MAX_LINES = 10_000;

/** A value after `key = ` or `Key: ` (case-insensitive key), from the first line that has it. */
function field(lines: readonly string[], key: string): string | undefined {
  const lower = key.toLowerCase();
  for (const line of lines) {
    const t = line.trim();
    if (!t.toLowerCase().startsWith(lower)) continue;
    const rest = t.slice(key.length);
    const m = /^\s*[=:]\s*(.*)$/.exec(rest);
    if (m !== null) return m[1]!.trim();
  }
  return undefined;
}

/** The first match of `re` on any trimmed line. */
function first(lines: readonly string[], re: RegExp): RegExpExecArray | undefined {
  for (const line of lines) {
    const m = re.exec(line.trim());
    if (m !== null) return m;
  }
  return undefined;
}

const count = (m: RegExpExecArray | undefined): number | null => (m === undefined ? null : parseCount(m[1]!) ?? null);
// A contributor's mask (`XXXXXXXXXX`, `xxxxxxxx-xxxx-...`) is no value.
const unmasked = (v: string | undefined): string | null => (v === undefined || /^[xX-]+$/.test(v) ? null : cleanDmiValue(v));

/** Parses either layout of `machinfo`. */
export function parseMachinfo(stdout: string): Machinfo {
  const lines = splitLines(stdout);
  if (lines.length > MAX_LINES) throw parseError(NAME, `more than ${MAX_LINES} lines`);
  const model = /^"(.*)"$/.exec(field(lines, 'model string') ?? field(lines, 'Model') ?? '')?.[1]?.trim();
  const memory = /^([0-9]{1,9}) MB/.exec(field(lines, 'Memory') ?? '');
  if (model === undefined && memory === null) throw parseError(NAME, 'neither a model nor a memory line', lines.find((l) => l.trim() !== ''));
  const uuid = field(lines, 'machine id number');
  // 11.31: "4 Intel(R) Itanium 2 9100 series processors (1.59 GHz, 18 MB)" or "Intel(R)  Itanium(R)  Processor 9340 (1.6 GHz, 15 MB)".
  const sentence = first(lines, /^([0-9]{1,4} )?(.{1,120}?) ?\([0-9.]{1,8} [MG]Hz, [0-9]{1,6} MB\)$/);
  const family = /^[0-9]{1,3}\s+(.{1,120})$/.exec(field(lines, 'processor family') ?? '')?.[1];
  const rawModel = (sentence?.[2]?.replace(/ processors?$/, '') ?? family)?.replace(/\s+/g, ' ').trim();
  const sockets = count(first(lines, /^([0-9]{1,5}) sockets$/)) ?? parseCount(field(lines, 'Number of enabled sockets') ?? '') ?? (sentence?.[1] !== undefined ? parseCount(sentence[1].trim()) : undefined) ?? null;
  const perSocket = parseCount(field(lines, 'Cores per socket') ?? '');
  const cores = count(first(lines, /^([0-9]{1,5}) cores \(/)) ?? (perSocket !== undefined && sockets !== null ? perSocket * sockets : null);
  const threads = count(first(lines, /^([0-9]{1,5}) logical processors \(/)) ?? parseCount(field(lines, 'Number of enabled CPUs') ?? '') ?? null;
  const release = /(B\.[0-9]{2}\.[0-9]{2})$/.exec(field(lines, 'release') ?? field(lines, 'Release') ?? '')?.[1] ?? null;
  const firmware = field(lines, 'Firmware revision');
  return {
    device: {
      system_product: cleanDmiValue(model),
      system_serial: unmasked(field(lines, 'machine serial number')),
      system_uuid: uuid !== undefined && /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(uuid) ? uuid.toLowerCase() : null,
      system_vendor: model === undefined ? null : 'HP',
      system_version: null,
    },
    bios: { bios_date: null, bios_vendor: firmware === undefined ? null : 'HP', bios_version: cleanDmiValue(firmware) },
    installed_memory_in_MB: memory === null ? null : Number(memory[1]),
    cpu: { model: rawModel === undefined || rawModel === '' ? null : rawModel, sockets, cores, threads },
    release,
  };
}

/** Model, serial, machine id, firmware, memory and processors of an HP-UX machine. */
export const hpuxMachinfo: ParserSpec<Machinfo> = {
  name: NAME,
  command: '/usr/contrib/bin/machinfo',
  parse: parseMachinfo,
  needsRoot: true,
  description: 'Reads machinfo (11.23 "key = value" and 11.31 "Key: value" layouts); returns device, bios, memory, cpu and the release.',
};
