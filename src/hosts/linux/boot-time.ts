/**
 * The boot time from the `btime` line of /proc/stat (seconds since the epoch), which the kernel keeps
 * fixed, unlike now minus /proc/uptime which drifts with the clocks of both ends. The command prints
 * only that line; the parser also reads a whole /proc/stat.
 */
import type { ParserSpec } from '../fact.js';
import { isoFromEpoch } from '../common/boot-time.js';
import { parseError, splitLines } from '../common/text.js';
import { linuxUptime } from './uptime.js';

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

/**
 * One command for `uptime_seconds` and `boot_time`: /proc/uptime, then the btime line of /proc/stat.
 * Each fact's parser reads its own line (the btime line starts with `btime`, /proc/uptime's with a
 * number), so the scan spends one command, not two, on the clock of the host.
 */
export const UPTIME_AND_BTIME = "cat /proc/uptime && grep '^btime' /proc/stat";

const isBtime = (line: string): boolean => line.startsWith('btime');

/** `uptime_seconds` from the shared command: linux.uptime's parser on the /proc/uptime line. */
export const uptimeOfClock: ParserSpec<number> = {
  ...linuxUptime,
  command: UPTIME_AND_BTIME,
  parse: (stdout) => linuxUptime.parse(splitLines(stdout).filter((l) => !isBtime(l)).join('\n')),
};

/** `boot_time` from the shared command: linux.boot-time's parser on the btime line. */
export const bootTimeOfClock: ParserSpec<string> = {
  ...linuxBootTime,
  command: UPTIME_AND_BTIME,
  parse: (stdout) => linuxBootTime.parse(splitLines(stdout).filter(isBtime).join('\n')),
};
