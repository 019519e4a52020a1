/**
 * Uptime from `kern.boottime` and the host's own clock, read in one command so that the clock of the
 * machine running plesio never enters the sum. The boot time comes in three forms:
 * `{ sec = 1711644864, usec = 393940 } Thu Mar 28 09:54:24 2024` (FreeBSD, DragonFly, macOS),
 * a ctime date `Thu Mar 28 09:54:24 2024` (NetBSD, OpenBSD when names are printed), or bare epoch
 * seconds (OpenBSD `sysctl -n`). ctime prints local time, so the commands run sysctl with `TZ=UTC`
 * and the date is read as UTC. The clock line is `now=<epoch>` from `date +now=%s`.
 */
import { parseError } from './text.js';
import { parseSysctl, sysctlInteger } from './sysctl.js';
import { isoFromEpoch } from './boot-time.js';

const STRUCT = /^\{ ?sec = ([0-9]{1,12}), ?usec = [0-9]{1,7} ?\}/;
const CTIME = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) {1,2}([0-9]{1,2}) ([0-9]{2}):([0-9]{2}):([0-9]{2}) ([0-9]{4})$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The boot time in epoch seconds from any of the three forms; `undefined` when it is none of them. */
export function parseBoottime(value: string): number | undefined {
  const struct = STRUCT.exec(value);
  if (struct !== null) return Number(struct[1]);
  const epoch = sysctlInteger(value);
  if (epoch !== undefined) return epoch;
  const c = CTIME.exec(value);
  if (c === null) return undefined;
  const [, month, day, h, m, s, year] = c;
  return Date.UTC(Number(year), MONTHS.indexOf(month!), Number(day), Number(h), Number(m), Number(s)) / 1000;
}

/** Parses `kern.boottime` and `now=` lines into whole seconds since boot. */
export function parseUptimeFromBoottime(parser: string, stdout: string): number {
  const values = parseSysctl(parser, stdout);
  const raw = values.get('kern.boottime');
  if (raw === undefined) throw parseError(parser, 'no kern.boottime line');
  const boot = parseBoottime(raw);
  if (boot === undefined) throw parseError(parser, 'kern.boottime is neither { sec = ... }, epoch seconds nor a date', raw);
  const now = sysctlInteger(values.get('now'));
  if (now === undefined) throw parseError(parser, 'no "now=<epoch seconds>" line (the host clock)');
  if (now < boot) throw parseError(parser, `boot time ${boot} is after the host clock ${now}`);
  return now - boot;
}

/**
 * Parses the `kern.boottime` line into the `boot_time` fact (ISO 8601 in UTC), for the families whose
 * sysctl command already asks for it: no command of its own.
 */
export function parseBootTimeFromSysctl(parser: string, stdout: string): string {
  const raw = parseSysctl(parser, stdout).get('kern.boottime');
  if (raw === undefined) throw parseError(parser, 'no kern.boottime line');
  const boot = parseBoottime(raw);
  const iso = boot === undefined ? undefined : isoFromEpoch(boot);
  if (iso === undefined) throw parseError(parser, 'kern.boottime is neither { sec = ... }, epoch seconds nor a date', raw);
  return iso;
}
