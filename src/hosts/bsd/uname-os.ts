/**
 * OpenBSD, NetBSD and DragonFly ship no /etc/os-release: their release is the kernel's, as `uname -sr`
 * prints it (`OpenBSD 7.5`, `NetBSD 10.0`, `DragonFly 6.4-RELEASE`). Also the last fallback on FreeBSD.
 */
import type { ParserSpec } from '../fact.js';
import type { OsRelease } from '../common/os-release.js';
import { parseError, splitLines } from '../common/text.js';

const NAME = 'bsd.uname-os';
const SYSTEMS: Readonly<Record<string, string>> = { OpenBSD: 'openbsd', NetBSD: 'netbsd', DragonFly: 'dragonfly', FreeBSD: 'freebsd' };

/** The `os` fact from the kernel name and release. */
export function osFromUname(kernelName: string, release: string): OsRelease | undefined {
  const id = Object.hasOwn(SYSTEMS, kernelName) ? SYSTEMS[kernelName] : undefined;
  // `7.5`, `10.0`, `9.3_STABLE`, `6.4-RELEASE`, `13.2-RELEASE-p4`: the leading number is the version.
  const version = /^([0-9]{1,3}(?:\.[0-9]{1,3}){0,2})(?:[-_][A-Za-z0-9_.-]{0,40})?$/.exec(release)?.[1];
  if (id === undefined || version === undefined) return undefined;
  return { family: id, name: kernelName, version, id };
}

/** Parses the one line of `uname -sr`. */
export function parseUnameOs(stdout: string): OsRelease {
  const lines = splitLines(stdout).map((l) => l.trim()).filter((l) => l !== '');
  const [name, release, ...extra] = (lines[0] ?? '').split(/\s+/);
  const os = lines.length === 1 && extra.length === 0 ? osFromUname(name ?? '', release ?? '') : undefined;
  if (os === undefined) throw parseError(NAME, 'expected one line "<OpenBSD|NetBSD|DragonFly|FreeBSD> <release>"', lines[0]);
  return os;
}

/** The BSD release from uname, for the systems without os-release. */
export const bsdUnameOs: ParserSpec<OsRelease> = {
  name: NAME,
  command: 'uname -sr',
  parse: parseUnameOs,
  description: 'Reads uname -sr (OpenBSD 7.5, NetBSD 10.0, DragonFly 6.4-RELEASE) and returns os {family, name, version, id}.',
};
