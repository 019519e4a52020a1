/**
 * `prtconf` starts with `System Configuration: ...` then `Memory size: 32768 Megabytes`. Newer Solaris
 * 11 releases print large sizes in Gigabytes. Inside a zone with a memory cap the line shows the cap.
 */
import type { ParserSpec } from '../fact.js';
import { ParseError } from '../parse-error.js';
import { splitLines } from './text.js';

/** Installed memory in MB (MiB, as prtconf counts). */
export type InstalledMemoryMB = number;

const NAME = 'sunos.prtconf-memory';
const MEMORY = /^Memory size:\s*(\d{1,15}(?:\.\d{1,6})?)\s*(Kilobytes|Megabytes|Gigabytes|Terabytes)\b/i;
const MB_PER_UNIT: Record<string, number> = { kilobytes: 1 / 1024, megabytes: 1, gigabytes: 1024, terabytes: 1024 * 1024 };

function parse(stdout: string): InstalledMemoryMB {
  for (const line of splitLines(NAME, stdout)) {
    const match = MEMORY.exec(line.trim());
    if (!match) continue;
    const mb = Number(match[1]) * MB_PER_UNIT[match[2]!.toLowerCase()]!;
    if (!Number.isFinite(mb) || mb <= 0) throw new ParseError(NAME, 'memory size is not a positive number', line);
    return Math.round(mb);
  }
  throw new ParseError(NAME, 'no "Memory size:" line', stdout.trim().split('\n')[0]);
}

/** Reads the installed memory from the `Memory size:` line of `prtconf`. */
export const prtconfMemorySpec: ParserSpec<InstalledMemoryMB> = {
  name: NAME,
  // grep keeps the transfer small: the device tree that follows can be thousands of lines.
  command: "/usr/sbin/prtconf 2>/dev/null | /usr/bin/grep '^Memory size:'",
  parse,
  description: 'prtconf: installed_memory_in_MB from the "Memory size:" line (Megabytes or Gigabytes)',
};
