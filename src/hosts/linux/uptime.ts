/**
 * `/proc/uptime`: two numbers, the seconds since boot and the idle seconds summed over CPUs.
 */
import type { ParserSpec } from '../fact.js';
import { parseError, splitLines } from '../common/text.js';

const NAME = 'linux.uptime';

/** Parses `/proc/uptime` into whole seconds since boot. */
export function parseUptime(stdout: string): number {
  const lines = splitLines(stdout).filter((l) => l.trim() !== '');
  const m = lines.length === 1 ? /^\s*([0-9]{1,12})(?:\.[0-9]+)?(?:\s+[0-9]{1,15}(?:\.[0-9]+)?)?\s*$/.exec(lines[0]!) : null;
  if (m === null) throw parseError(NAME, 'expected one line "<uptime> <idle>"', lines[0]);
  return Number(m[1]);
}

/** Seconds since boot (the `uptime_seconds` fact). */
export const linuxUptime: ParserSpec<number> = {
  name: NAME,
  command: 'cat /proc/uptime',
  parse: parseUptime,
  description: 'Reads /proc/uptime and returns the whole seconds since boot.',
};
