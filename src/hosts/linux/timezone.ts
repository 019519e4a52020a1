/**
 * The time zone of a Linux host in one command printing tagged lines: `date=` what `date '+%Z %z'`
 * says now, `localtime=` where /etc/localtime points (systemd, most distributions), `timezone=` the
 * Debian /etc/timezone file, `clock=` the ZONE of RHEL 6's /etc/sysconfig/clock. The name is taken in
 * that order; `date` gives the abbreviation and offset.
 */
import type { ParserSpec } from '../fact.js';
import { utcOffset, zoneName, type Timezone } from '../common/timezone.js';
import { parseError, splitLines, splitOnce } from '../common/text.js';

const NAME = 'linux.timezone';
const TAGS = new Set(['date', 'localtime', 'timezone', 'clock']);

/** Parses the tagged lines into the `timezone` fact. */
export function parseLinuxTimezone(stdout: string): Timezone {
  const tags = new Map<string, string>();
  for (const line of splitLines(stdout)) {
    if (line.trim() === '') continue;
    const kv = splitOnce(line, '=');
    if (kv === undefined || !TAGS.has(kv[0])) throw parseError(NAME, 'not a date=, localtime=, timezone= or clock= line', line);
    if (!tags.has(kv[0])) tags.set(kv[0], kv[1].trim());
  }
  if (!tags.has('date')) throw parseError(NAME, 'no date= line', splitLines(stdout)[0]);
  const [abbreviation, offset] = tags.get('date')!.split(/\s+/);
  const clock = /^ZONE=(.*)$/.exec(tags.get('clock') ?? '')?.[1];
  return {
    name: zoneName(tags.get('localtime')) ?? zoneName(tags.get('timezone')) ?? zoneName(clock),
    abbreviation: abbreviation !== undefined && /^[A-Za-z0-9+-]{1,10}$/.test(abbreviation) ? abbreviation : null,
    utc_offset: utcOffset(offset),
  };
}

/** The time zone's name, abbreviation and offset. */
export const linuxTimezone: ParserSpec<Timezone> = {
  name: NAME,
  command:
    "echo \"date=$(date '+%Z %z')\"; echo \"localtime=$(readlink /etc/localtime 2>/dev/null)\"; " +
    'echo "timezone=$(cat /etc/timezone 2>/dev/null)"; echo "clock=$(grep -s \'^ZONE=\' /etc/sysconfig/clock)"',
  parse: parseLinuxTimezone,
  description: 'Reads date, /etc/localtime, /etc/timezone and /etc/sysconfig/clock and returns the time zone name, abbreviation and UTC offset.',
};
