/**
 * The host's clock in one command: how long it has been up (/proc/uptime), when it booted (the btime
 * line of /proc/stat) and its time zone (the tagged lines of linux.timezone). Each fact's parser reads
 * only its own lines, exactly those its own command prints: /proc/uptime's starts with a number, the
 * btime line with `btime`, the time zone's with `date=`, `localtime=`, `timezone=` or `clock=`. One
 * command instead of three keeps the default scan within two waves of eight channels, with room left
 * for a plugin's commands.
 */
import type { ParserSpec } from '../fact.js';
import { splitLines } from '../common/text.js';
import { linuxBootTime } from './boot-time.js';
import { linuxTimezone } from './timezone.js';
import { linuxUptime } from './uptime.js';

/** /proc/uptime, the btime line, then the time zone's lines; the time zone runs whatever came before. */
export const CLOCK_COMMAND = "cat /proc/uptime && grep '^btime' /proc/stat; " + linuxTimezone.command;

const isBtime = (line: string): boolean => line.startsWith('btime');
const isTimezone = (line: string): boolean => /^(?:date|localtime|timezone|clock)=/.test(line);

function linesWhere(stdout: string, keep: (line: string) => boolean): string {
  return splitLines(stdout).filter((l) => l.trim() !== '' && keep(l)).join('\n');
}

/** `uptime_seconds` from the clock command: linux.uptime's parser on the /proc/uptime line. */
export const uptimeOfClock: ParserSpec<number> = {
  ...linuxUptime,
  command: CLOCK_COMMAND,
  parse: (stdout) => linuxUptime.parse(linesWhere(stdout, (l) => !isBtime(l) && !isTimezone(l))),
};

/** `boot_time` from the clock command: linux.boot-time's parser on the btime line. */
export const bootTimeOfClock: ParserSpec<string> = {
  ...linuxBootTime,
  command: CLOCK_COMMAND,
  parse: (stdout) => linuxBootTime.parse(linesWhere(stdout, isBtime)),
};

/** `timezone` from the clock command: linux.timezone's parser on its tagged lines. */
export const timezoneOfClock: ParserSpec<ReturnType<typeof linuxTimezone.parse>> = {
  ...linuxTimezone,
  command: CLOCK_COMMAND,
  parse: (stdout) => linuxTimezone.parse(linesWhere(stdout, isTimezone)),
};
