/**
 * `kern.hostid`: the 32-bit host identifier. FreeBSD derives it from `kern.hostuuid` at boot; OpenBSD,
 * NetBSD and macOS leave it 0 unless an administrator sets it, and 0 means "none".
 */
import type { ParserSpec } from '../fact.js';
import { parseError } from '../common/text.js';
import { parseSysctl } from '../common/sysctl.js';
import { BSD_SYSCTL_COMMAND } from './sysctl-command.js';

const NAME = 'bsd.hostid';

/** The host id as 8 lowercase hex digits (the form `hostid` prints on Linux and SunOS), or `null` when unset. */
export function parseBsdHostid(stdout: string): string | null {
  const raw = parseSysctl(NAME, stdout).get('kern.hostid');
  if (raw === undefined) throw parseError(NAME, 'no kern.hostid line');
  // Printed as unsigned decimal, as a negative int on some old 32-bit kernels, or in hex after -x.
  const m = /^(-?[0-9]{1,10}|0x[0-9a-fA-F]{1,8})$/.exec(raw);
  if (m === null) throw parseError(NAME, 'kern.hostid is not a 32-bit number', raw);
  const n = raw.startsWith('0x') ? Number.parseInt(raw.slice(2), 16) : Number(raw);
  if (n < -0x80000000 || n > 0xffffffff) throw parseError(NAME, 'kern.hostid is not a 32-bit number', raw);
  return n === 0 ? null : (n >>> 0).toString(16).padStart(8, '0');
}

/** The host identifier from `kern.hostid`; shares the BSD sysctl command. */
export const bsdHostid: ParserSpec<string | null> = {
  name: NAME,
  command: BSD_SYSCTL_COMMAND,
  parse: parseBsdHostid,
  description: 'Reads kern.hostid and returns it as 8 lowercase hex digits, or null when it is 0 (unset).',
};
