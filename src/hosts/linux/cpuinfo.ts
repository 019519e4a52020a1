/**
 * `/proc/cpuinfo`: CPU model and topology. Its layout depends on the architecture:
 * - x86: one block per logical CPU with `model name`, `physical id` (socket), `core id`, `cpu cores`;
 * - ARM: `processor` blocks without topology; the model is `model name`, `Processor` (32-bit kernels
 *   before 3.8) or only the `CPU implementer`/`CPU part` codes;
 * - POWER: `processor` blocks with `cpu : POWER9 ...` and a machine `model` trailer;
 * - s390x: `# processors : 4` and `processor 0: version = ..., machine = 8561` lines.
 * Sockets and cores are `null` where the file does not tell them (they are not guessed).
 */
import type { ParserSpec } from '../fact.js';
import { parseCount, parseError, splitLines } from '../common/text.js';
import { armCpuName } from './arm-cpu-parts.js';

/** The `cpu` fact. */
export interface CpuInfo {
  readonly model: string | null;
  readonly sockets: number | null;
  readonly cores: number | null;
  /** Logical CPUs (hardware threads). */
  readonly threads: number;
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

/** Parses `/proc/cpuinfo` into model, sockets, cores and threads. */
export function parseCpuinfo(stdout: string): CpuInfo {
  const blocks: Block[] = [{ fields: new Map() }];
  let threads = 0;
  let declared = 0; // s390x: "# processors : 4"
  let s390Lines = 0; // s390x: "processor 0: version = ..."
  for (const line of splitLines(stdout)) {
    if (line.trim() === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) throw parseError(NAME, 'not a "key : value" line', line);
    const key = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (key === 'processor' && parseCount(value) !== undefined) {
      threads++;
      blocks.push({ fields: new Map() });
    } else if (key === '# processors') {
      declared = parseCount(value) ?? 0;
    } else if (/^processor [0-9]+$/.test(key)) {
      s390Lines++;
    }
    const fields = blocks[blocks.length - 1]!.fields;
    if (!fields.has(key)) fields.set(key, value);
  }
  threads = Math.max(threads, declared, s390Lines);
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
  return { model: modelOf(blocks), sockets: sockets.size > 0 ? sockets.size : null, cores: coreCount, threads };
}

/** CPU model, sockets, cores and threads from `/proc/cpuinfo`. */
export const linuxCpuinfo: ParserSpec<CpuInfo> = {
  name: NAME,
  command: 'cat /proc/cpuinfo',
  parse: parseCpuinfo,
  description: 'Reads /proc/cpuinfo (x86, ARM, POWER, s390x) and returns the CPU model, sockets, cores and threads.',
};
