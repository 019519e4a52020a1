/**
 * The time zone of a SunOS host in one command printing tagged lines: `date=` what
 * `date '+%Z %z'` says (Solaris 10's date may print `%z` literally: no offset then), `init=` the TZ
 * line of /etc/default/init (Solaris 10, illumos), `smf=` the timezone/localtime property of
 * svc:/system/timezone:default (Solaris 11, which leaves /etc/default/init to SMF).
 */
import type { ParserSpec } from '../fact.js';
import { ParseError } from '../parse-error.js';
import { utcOffset, zoneName, type Timezone } from '../common/timezone.js';
import { splitLines } from './text.js';

const NAME = 'sunos.timezone';

function parse(stdout: string): Timezone {
  const tags = new Map<string, string>();
  for (const raw of splitLines(NAME, stdout)) {
    if (raw.trim() === '') continue;
    const m = /^(date|init|smf)=(.*)$/.exec(raw);
    if (m === null) throw new ParseError(NAME, 'not a date=, init= or smf= line', raw);
    if (!tags.has(m[1]!)) tags.set(m[1]!, m[2]!.trim());
  }
  if (!tags.has('date')) throw new ParseError(NAME, 'no date= line', stdout.trim().split('\n')[0]);
  const [abbreviation, offset] = tags.get('date')!.split(/\s+/);
  const init = /^TZ=(.*)$/.exec(tags.get('init') ?? '')?.[1];
  return {
    name: zoneName(tags.get('smf')) ?? zoneName(init),
    abbreviation: abbreviation !== undefined && /^[A-Za-z0-9+-]{1,10}$/.test(abbreviation) ? abbreviation : null,
    utc_offset: utcOffset(offset),
  };
}

/** The time zone's name, abbreviation and offset. */
export const timezoneSpec: ParserSpec<Timezone> = {
  name: NAME,
  // Backquotes, not $(...): Solaris 10's /bin/sh is a Bourne shell.
  command:
    "/usr/bin/echo \"date=`/usr/bin/date '+%Z %z'`\"; /usr/bin/echo \"init=`/usr/bin/grep '^TZ=' /etc/default/init 2>/dev/null`\"; " +
    '/usr/bin/echo "smf=`/usr/bin/svcprop -p timezone/localtime svc:/system/timezone:default 2>/dev/null`"',
  parse,
  description: 'date, /etc/default/init TZ and the SMF timezone property: the time zone name, abbreviation and UTC offset',
};
