/**
 * POSIX `df -Pk` on the BSDs, macOS and AIX: `Filesystem 1024-blocks Used Avail Capacity Mounted on`, one
 * line per mount, never wrapped. The format is the one `linux.df` reads (without `-T`), so its parser
 * is reused; the type comes from `mount` (common.bsd-mount) and `withFsTypes` joins the two.
 * Like on Linux, a stale NFS mount can make `df` hang: the fact should bound it with a timeout.
 */
import type { ParserSpec } from '../fact.js';
import { ParseError } from '../parse-error.js';
import { parseDf, type Filesystem } from '../linux/df.js';

export type { Filesystem } from '../linux/df.js';

const NAME = 'common.df-posix';

/** Parses `df -Pk` output into the `filesystems` fact (type null until joined with `mount`). */
export function parseDfPosix(stdout: string): Filesystem[] {
  try {
    // The BSDs pad `Capacity  Mounted on` with several blanks; Linux with one, which parseDf expects.
    return parseDf(stdout).map((fs) => (fs.mount.startsWith(' ') ? { ...fs, mount: fs.mount.replace(/^ +/, '') } : fs));
  } catch (error) {
    // Same format, same checks; only the parser's name in the message is this one.
    if (error instanceof ParseError) throw new ParseError(NAME, error.message.slice(error.parser.length + 2));
    throw error;
  }
}

/** Fills each filesystem's `type` from a mount point → type map; the types `df` knew are kept. */
export function withFsTypes(filesystems: readonly Filesystem[], types: Readonly<Record<string, string>>): Filesystem[] {
  return filesystems.map((fs) => (fs.type === null && Object.hasOwn(types, fs.mount) ? { ...fs, type: types[fs.mount]! } : fs));
}

/** Mounted filesystems with device, size and used bytes from POSIX df. */
export const commonDfPosix: ParserSpec<Filesystem[]> = {
  name: NAME,
  command: 'df -Pk',
  parse: parseDfPosix,
  description: 'Reads POSIX df -Pk (BSDs, macOS) and returns each mount with device, size and used bytes; type null.',
};

/** The same by absolute path: a non-interactive ssh session on AIX gets the short PATH of /etc/environment. */
export const absoluteDfPosix: ParserSpec<Filesystem[]> = { ...commonDfPosix, command: '/usr/bin/df -Pk' };
