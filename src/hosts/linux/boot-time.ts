/**
 * The boot time from the `btime` line of /proc/stat (seconds since the epoch), which the kernel keeps
 * fixed, unlike now minus /proc/uptime which drifts with the clocks of both ends. The command prints
 * only that line; the parser also reads a whole /proc/stat.
 */
import type { ParserSpec } from '../fact.js';
import { isoFromEpoch } from '../common/boot-time.js';
import { parseError, splitLines } from '../common/text.js';

const NAME = 'linux.boot-time';
/** A /proc/stat line: a key and numbers (`cpu0 1 2 3`, `btime 1700000000`, `ctxt 123`). */
const STAT_LINE = /^[a-z_]{1,20}[0-9]{0,5}(?:[ \t]+-?[0-9]{1,20})*[ \t]*$/;

/** Parses the btime line into the ISO 8601 boot time. */
export function parseBootTime(stdout: string): string {
  let boot: string | undefined;
  for (const line of splitLines(stdout)) {
    if (line.trim() === '') continue;
    if (!STAT_LINE.test(line)) throw parseError(NAME, 'not a /proc/stat line', line);
    const m = /^btime[ \t]+([0-9]{1,12})[ \t]*$/.exec(line);
    if (m !== null && boot === undefined) boot = isoFromEpoch(Number(m[1]));
  }
  if (boot === undefined) throw parseError(NAME, 'no btime line', splitLines(stdout)[0]);
  return boot;
}

/** When the kernel booted. */
export const linuxBootTime: ParserSpec<string> = {
  name: NAME,
  command: "grep '^btime' /proc/stat",
  parse: parseBootTime,
  description: 'Reads the btime line of /proc/stat and returns the boot time as ISO 8601 in UTC.',
};

