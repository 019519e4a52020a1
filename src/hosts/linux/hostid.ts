/**
 * `hostid` with where its value came from. On Linux the number is only an identifier when
 * `/etc/hostid` holds one: glibc's gethostid() reads its first 4 bytes, and without the file (most
 * distributions ship none) derives the number from the IPv4 address the host name resolves to, with
 * its 16-bit halves swapped. Debian maps the host name to 127.0.1.1, so countless Debian hosts share
 * `007f0101`; musl's gethostid() is a stub that always returns 0, file or not (issue 14 item 17).
 */
import type { ParserSpec } from '../fact.js';
import { parseHostid } from '../common/hostid.js';
import { parseError, splitLines } from '../common/text.js';

/** Where a Linux hostid came from. */
export type HostidSource =
  /** `/etc/hostid` holds 4 or more bytes: the number was set on purpose (zgenhostid, genhostid). */
  | 'etc-hostid'
  /** No usable `/etc/hostid`: glibc derived the number from an address of the host name. */
  | 'ip-address'
  /** `00000000`: musl's stub, or glibc could not resolve the host name. Not an identifier. */
  | 'none';

/** The `hostid` and `hostid_source` facts. */
export interface LinuxHostid {
  readonly hostid: string;
  readonly hostid_source: HostidSource;
}

const NAME = 'linux.hostid';
const BYTES = /^etc_hostid_bytes=\s*(none|[0-9]{1,15})\s*$/;

/** Parses the hostid line and the `etc_hostid_bytes=N|none` line. */
export function parseLinuxHostid(stdout: string): LinuxHostid {
  const lines = splitLines(stdout).filter((l) => l.trim() !== '');
  const marker = lines.length === 2 ? BYTES.exec(lines[1]!) : null;
  if (marker === null) throw parseError(NAME, 'expected the hostid line then "etc_hostid_bytes=N|none"', lines[1] ?? lines[0]);
  const hostid = parseHostid(lines[0]!);
  const fileBytes = marker[1] === 'none' ? 0 : Number(marker[1]);
  // gethostid() uses the file only when it can read 4 bytes from it; else it derives the number.
  const hostidSource: HostidSource = hostid === '00000000' ? 'none' : fileBytes >= 4 ? 'etc-hostid' : 'ip-address';
  return { hostid, hostid_source: hostidSource };
}

/** The host identifier and whether it is a real one. */
export const linuxHostid: ParserSpec<LinuxHostid> = {
  name: NAME,
  // `&&`: a host without hostid fails the command (exit 127, no output) rather than half-answer it.
  command: 'hostid && if [ -r /etc/hostid ]; then echo "etc_hostid_bytes=$(wc -c < /etc/hostid)"; else echo etc_hostid_bytes=none; fi',
  parse: parseLinuxHostid,
  description: 'Reads hostid and the size of /etc/hostid; returns the id and its source (etc-hostid, ip-address derived by glibc, none).',
};
