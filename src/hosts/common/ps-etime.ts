/**
 * Uptime from the elapsed time of process 1 (init, launchd), as POSIX `ps -o etime=` prints it:
 * `[[days-]hours:]minutes:seconds`, e.g. `1148-20:54:50`, ` 2-20:54:50` or `44:35`. The one uptime
 * command every system without /proc or kstat answers alike (AIX, HP-UX, the BSDs, macOS); HP-UX
 * needs `UNIX95` set for `-o`, and `LC_ALL=POSIX` keeps the format plain. The host's own clock does
 * the sum, so the clock of the machine running plesio never enters it.
 */
import type { ParserSpec } from '../fact.js';
import { parseError, splitLines } from './text.js';

const NAME = 'common.ps-etime';
const ETIME = /^(?:([0-9]{1,6})-)?(?:([0-9]{1,2}):)?([0-9]{1,2}):([0-9]{2})$/;

/** Parses the one line of `ps -o etime= -p 1` into whole seconds. */
export function parsePsEtime(stdout: string): number {
  const lines = splitLines(stdout).map((l) => l.trim()).filter((l) => l !== '');
  if (lines.length !== 1) throw parseError(NAME, `expected one line, got ${lines.length}`, lines[0]);
  const m = ETIME.exec(lines[0]!);
  if (m === null) throw parseError(NAME, 'not an elapsed time like [[dd-]hh:]mm:ss', lines[0]);
  const [days, hours, minutes, seconds] = [m[1], m[2], m[3], m[4]].map((v) => Number(v ?? 0)) as [number, number, number, number];
  if (hours > 23 || minutes > 59 || seconds > 59) throw parseError(NAME, 'an hour, minute or second out of range', lines[0]);
  return ((days * 24 + hours) * 60 + minutes) * 60 + seconds;
}

/** Seconds since boot, from the elapsed time of process 1. */
export const commonPsEtime: ParserSpec<number> = {
  name: NAME,
  command: 'LC_ALL=POSIX UNIX95=1 ps -o etime= -p 1',
  parse: parsePsEtime,
  description: 'Reads the elapsed time of process 1 (ps -o etime= -p 1) and returns whole seconds since boot.',
};

/** The same with `/usr/bin/ps`: the non-interactive PATH of AIX and HP-UX is short. */
export const absolutePsEtime: ParserSpec<number> = { ...commonPsEtime, command: 'LC_ALL=POSIX UNIX95=1 /usr/bin/ps -o etime= -p 1' };
