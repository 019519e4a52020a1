/**
 * Installed memory without root, from sysfs memory blocks: the block size (hexadecimal bytes) and
 * the number of blocks whose state is `online`. Missing on kernels without memory hotplug support:
 * the first `cat` fails, nothing is printed, and the saga falls back to `/proc/meminfo`.
 */
import type { ParserSpec } from '../fact.js';
import { parseCount, parseError, splitLines } from '../common/text.js';
import type { InstalledMemory } from './installed-memory.js';

/** The memory-blocks reading, with its two inputs kept for the trace. */
export interface MemoryBlocks extends InstalledMemory {
  readonly source: 'memory-blocks';
  readonly block_size_bytes: number;
  readonly online_blocks: number;
}

const NAME = 'linux.memory-blocks';

/** Parses the block size line and the online block count line. */
export function parseMemoryBlocks(stdout: string): MemoryBlocks {
  const lines = splitLines(stdout).map((l) => l.trim()).filter((l) => l !== '');
  if (lines.length !== 2) throw parseError(NAME, `expected 2 lines, got ${lines.length}`, lines[0]);
  // 13 hex digits keep the size a safe integer; real block sizes are 2^27 to 2^31 bytes.
  const hex = /^(?:0x)?([0-9a-fA-F]{1,13})$/.exec(lines[0]!);
  const blockSize = hex === null ? 0 : parseInt(hex[1]!, 16);
  if (blockSize === 0) throw parseError(NAME, 'not a block size in hexadecimal', lines[0]);
  const online = parseCount(lines[1]!);
  if (online === undefined) throw parseError(NAME, 'not a count of online blocks', lines[1]);
  if (online === 0) throw parseError(NAME, 'no memory block is online', lines[1]);
  return {
    source: 'memory-blocks',
    installed_memory_in_MB: Math.round((blockSize / 1048576) * online),
    block_size_bytes: blockSize,
    online_blocks: online,
  };
}

/** Installed memory as the kernel's online memory blocks; no root needed. */
export const linuxMemoryBlocks: ParserSpec<MemoryBlocks> = {
  name: NAME,
  command:
    'cat /sys/devices/system/memory/block_size_bytes && ' +
    "cat /sys/devices/system/memory/memory*/state 2>/dev/null | grep -c '^online'",
  parse: parseMemoryBlocks,
  description: 'Reads the sysfs memory block size and online block count and returns the installed memory in MiB.',
};
