/**
 * The boot time from `kstat -p unix:0:system_misc:boot_time` (`unix:0:system_misc:boot_time<TAB>1236919980`),
 * the same statistic sunos.uptime reads, without the host clock it needs.
 */
import type { ParserSpec } from '../fact.js';
import { ParseError } from '../parse-error.js';
import { isoFromEpoch } from '../common/boot-time.js';
import { splitLines } from './text.js';

const NAME = 'sunos.boot-time';
const BOOT = /^unix:\d{1,5}:system_misc:boot_time\s+(\d{1,12})$/;

function parse(stdout: string): string {
  const lines = splitLines(NAME, stdout).map((l) => l.trim()).filter((l) => l !== '');
  const m = lines.length === 1 ? BOOT.exec(lines[0]!) : null;
  const iso = m === null ? undefined : isoFromEpoch(Number(m[1]));
  if (iso === undefined) throw new ParseError(NAME, 'expected one "unix:0:system_misc:boot_time <seconds>" line', lines[0]);
  return iso;
}

/** When the kernel booted, as ISO 8601 in UTC. */
export const bootTimeSpec: ParserSpec<string> = {
  name: NAME,
  command: '/usr/bin/kstat -p unix:0:system_misc:boot_time',
  parse,
  description: 'kstat boot_time: the boot time as ISO 8601 in UTC',
};
