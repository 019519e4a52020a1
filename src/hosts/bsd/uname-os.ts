/**
 * OpenBSD, NetBSD and DragonFly ship no /etc/os-release: their release is the kernel's, which the scan
 * already has from `uname` (`OpenBSD` `7.5`, `NetBSD` `10.0`, `DragonFly` `6.4-RELEASE`). No command:
 * the `os` fact's saga selects the uname facts and calls `osFromUname`. Also FreeBSD's last fallback.
 */
import type { OsRelease } from '../common/os-release.js';

const SYSTEMS: Readonly<Record<string, string>> = { OpenBSD: 'openbsd', NetBSD: 'netbsd', DragonFly: 'dragonfly', FreeBSD: 'freebsd' };

/** The `os` fact from the kernel name and release. */
export function osFromUname(kernelName: string, release: string): OsRelease | undefined {
  const id = Object.hasOwn(SYSTEMS, kernelName) ? SYSTEMS[kernelName] : undefined;
  // `7.5`, `10.0`, `9.3_STABLE`, `6.4-RELEASE`, `13.2-RELEASE-p4`: the leading number is the version.
  const version = /^([0-9]{1,3}(?:\.[0-9]{1,3}){0,2})(?:[-_][A-Za-z0-9_.-]{0,40})?$/.exec(release)?.[1];
  if (id === undefined || version === undefined) return undefined;
  return { family: id, name: kernelName, version, id };
}
