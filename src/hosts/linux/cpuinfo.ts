/**
 * `/proc/cpuinfo`: CPU model and topology. Its layout depends on the architecture:
 * - x86: one block per logical CPU with `model name`, `physical id` (socket), `core id`, `cpu cores`;
 * - ARM: `processor` blocks without topology; the model is `model name`, `Processor` (32-bit kernels
 *   before 3.8) or only the `CPU implementer`/`CPU part` codes;
 * - POWER: `processor` blocks with `cpu : POWER9 ...` and a machine `model` trailer;
 * - s390x: `# processors : 4` and `processor 0: version = ..., machine = 8561` lines;
 * - SPARC: no `processor` lines at all: `ncpus active : 4`, `cpu : TI UltraSparc IIIi`, the clock as
 *   hexadecimal Hz in `Cpu0ClkTck`, and on some kernels `CPU0 : online` lines.
 * Sockets and cores are `null` where the file does not tell them (they are not guessed).
 */
import type { ParserSpec } from '../fact.js';
import { parseCount, parseError, splitLines } from '../common/text.js';
import { enforceCap, LIMITS } from '../common/limits.js';
import { armCpuName, armVendor } from './arm-cpu-parts.js';

/** The `cpu` fact. */
export interface CpuInfo {
  readonly model: string | null;
  readonly sockets: number | null;
  readonly cores: number | null;
  /** Logical CPUs (hardware threads). */
  readonly threads: number;
  /** `GenuineIntel`, `AuthenticAMD`, `IBM/S390`, an ARM implementer's name; `null` where not printed (SPARC). */
  readonly vendor: string | null;
  /** The first CPU's clock in MHz, rounded: the current one on x86 (`cpu MHz`), where the file tells one. */
  readonly speed_mhz: number | null;
  /** The feature flags (x86 `flags`, ARM `Features`); `null` on architectures that print none. */
  readonly flags: string[] | null;
}

const NAME = 'linux.cpuinfo';

interface Block {
  readonly fields: Map<string, string>;
}

/** The first value of `key` over all blocks. */
function first(blocks: Block[], key: string): string | undefined {
  for (const b of blocks) {
    const v = b.fields.get(key);
    if (v !== undefined && v !== '') return v;
  }
  return undefined;
}

/** The CPU model by architecture, see the module comment. */
function modelOf(blocks: Block[]): string | null {
  const named = first(blocks, 'model name') ?? first(blocks, 'Processor') ?? first(blocks, 'cpu model') ?? first(blocks, 'cpu') ?? first(blocks, 'uarch');
  if (named !== undefined) return named;
  const vendor = first(blocks, 'vendor_id');
  const s390 = /machine = ([0-9A-Za-z]+)/.exec(first(blocks, 'processor 0') ?? '');
  if (vendor !== undefined && s390 !== null) return `${vendor} ${s390[1]}`;
  return armCpuName(first(blocks, 'CPU implementer'), first(blocks, 'CPU part'));
}

/** The vendor by architecture; POWER prints none but is IBM's. */
function vendorOf(blocks: Block[], model: string | null): string | null {
  const vendor = first(blocks, 'vendor_id') ?? armVendor(first(blocks, 'CPU implementer'));
  if (vendor !== null && vendor !== undefined) return vendor;
  return model !== null && /^POWER/.test(model) ? 'IBM' : null;
}

/** The clock in MHz: `cpu MHz` (x86), `clock` (POWER, `2900.000000MHz`), `cpu MHz static` (s390x), `Cpu0ClkTck` (SPARC, Hz in hex). */
function speedOf(blocks: Block[]): number | null {
  const mhz = first(blocks, 'cpu MHz') ?? first(blocks, 'cpu MHz static') ?? first(blocks, 'clock')?.replace(/\s*MHz$/i, '');
  if (mhz !== undefined && /^[0-9]{1,6}(?:\.[0-9]{1,9})?$/.test(mhz)) return Math.round(Number(mhz));
  const tick = first(blocks, 'Cpu0ClkTck');
  return tick !== undefined && /^[0-9a-fA-F]{1,16}$/.test(tick) ? Math.round(parseInt(tick, 16) / 1e6) : null;
}

/** Parses `/proc/cpuinfo` into model, sockets, cores, threads, vendor, speed and flags. */
export function parseCpuinfo(stdout: string): CpuInfo {
  const blocks: Block[] = [{ fields: new Map() }];
  let threads = 0;
  let declared = 0; // s390x: "# processors : 4"
  let s390Lines = 0; // s390x: "processor 0: version = ..."
  let sparcActive = 0; // SPARC: "ncpus active : 4"
  for (const line of splitLines(stdout)) {
    if (line.trim() === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) throw parseError(NAME, 'not a "key : value" line', line);
    const key = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (key === 'processor' && parseCount(value) !== undefined) {
      threads++;
      enforceCap(NAME, 'processors', threads, LIMITS.items);
      blocks.push({ fields: new Map() });
    } else if (key === '# processors') {
      declared = parseCount(value) ?? 0;
    } else if (/^processor [0-9]+$/.test(key)) {
      s390Lines++;
    } else if (key === 'ncpus active') {
      sparcActive = parseCount(value) ?? 0;
    }
    const fields = blocks[blocks.length - 1]!.fields;
    if (!fields.has(key)) fields.set(key, value);
  }
  threads = Math.max(threads, declared, s390Lines, sparcActive);
  if (threads === 0) throw parseError(NAME, 'no processor entry', splitLines(stdout)[0]);
  // Blocks after the first are the per-CPU ones; the first holds lines before any "processor".
  const cpus = blocks.slice(1);
  const sockets = new Set<string>();
  const cores = new Set<string>();
  const coresPerSocket = new Map<string, number>();
  let topologyComplete = cpus.length > 0;
  for (const cpu of cpus) {
    const socket = cpu.fields.get('physical id');
    const core = cpu.fields.get('core id');
    if (socket === undefined) {
      topologyComplete = false;
      continue;
    }
    sockets.add(socket);
    if (core === undefined) topologyComplete = false;
    else cores.add(`${socket}/${core}`);
    const perSocket = parseCount(cpu.fields.get('cpu cores') ?? '');
    if (perSocket !== undefined) coresPerSocket.set(socket, perSocket);
  }
  let coreCount: number | null = null;
  if (topologyComplete) coreCount = cores.size;
  else if (sockets.size > 0 && coresPerSocket.size === sockets.size) coreCount = [...coresPerSocket.values()].reduce((a, b) => a + b, 0);
  const model = modelOf(blocks);
  const flagText = first(blocks, 'flags') ?? first(blocks, 'Features');
  const flags = flagText === undefined ? null : flagText.split(/\s+/).filter((f) => f !== '');
  enforceCap(NAME, 'CPU flags', flags?.length ?? 0, LIMITS.items);
  return { model, sockets: sockets.size > 0 ? sockets.size : null, cores: coreCount, threads, vendor: vendorOf(blocks, model), speed_mhz: speedOf(blocks), flags };
}

/** CPU model, sockets, cores and threads from `/proc/cpuinfo`. */
export const linuxCpuinfo: ParserSpec<CpuInfo> = {
  name: NAME,
  command: 'cat /proc/cpuinfo',
  parse: parseCpuinfo,
  description: 'Reads /proc/cpuinfo (x86, ARM, POWER, s390x, SPARC) and returns the CPU model, sockets, cores, threads, vendor, speed in MHz and flags.',
};
