/**
 * Uptime from one command printing the kernel's boot time and the host's own clock, so the clock of
 * the machine running plesio never enters the sum:
 * `unix:0:system_misc:boot_time	1236919980` (kstat -p) then `now	1236923580`.
 * Solaris 10 has no `date +%s`; nawk's srand() returns the previous seed, which the first srand()
 * call set to the time of day, so the second call prints the current epoch everywhere.
 */
import type { ParserSpec } from '../fact.js';
import { ParseError } from '../parse-error.js';
import { splitLines } from './text.js';

/** Seconds since the kernel booted. */
export type UptimeSeconds = number;

const NAME = 'sunos.uptime';
const BOOT = /^unix:\d+:system_misc:boot_time\s+(\d{1,12})$/;
const NOW = /^now\s+(\d{1,12})$/;

function parse(stdout: string): UptimeSeconds {
  let boot: number | undefined;
  let now: number | undefined;
  for (const raw of splitLines(NAME, stdout)) {
    const line = raw.trim();
    if (line === '') continue;
    const b = BOOT.exec(line);
    const n = NOW.exec(line);
    if (b) boot = Number(b[1]);
    else if (n) now = Number(n[1]);
    else throw new ParseError(NAME, 'expected a boot_time or a now line', line);
  }
  if (boot === undefined || now === undefined) throw new ParseError(NAME, `missing the ${boot === undefined ? 'boot_time' : 'now'} line`);
  if (now < boot) throw new ParseError(NAME, `boot time ${boot} is after the host clock ${now}`);
  return now - boot;
}

/** Computes uptime in seconds from kstat's boot_time and the host's current epoch. */
export const uptimeSpec: ParserSpec<UptimeSeconds> = {
  name: NAME,
  command:
    "/usr/bin/kstat -p unix:0:system_misc:boot_time && " +
    "{ /usr/bin/nawk 'BEGIN { srand(); print \"now\\t\" srand() }' 2>/dev/null || /usr/bin/perl -e 'print \"now\\t\", time, \"\\n\"'; }",
  parse,
  description: 'kstat boot_time + host epoch: uptime_seconds (host clock minus boot time)',
};
