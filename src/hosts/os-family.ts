/**
 * Operating system families: what a fact's `os` names, and how the scan maps `uname -s` to one. The
 * scan branches on the family, as the 2009 scanner branched on the first word of `uname -a`.
 */

/** A family of operating systems a fact can be written for. */
export type OsFamily = 'linux' | 'sunos' | 'freebsd' | 'openbsd' | 'netbsd' | 'dragonfly' | 'darwin' | 'aix' | 'hpux';

/** What a fact's `os` may name: a family, `bsd` (the four BSDs), or `any` family. */
export type OsSelector = OsFamily | 'bsd' | 'any';

/** Every family, in the order listings show them. */
export const OS_FAMILIES: readonly OsFamily[] = Object.freeze(['linux', 'sunos', 'freebsd', 'openbsd', 'netbsd', 'dragonfly', 'darwin', 'aix', 'hpux']);

const BSD: readonly OsFamily[] = ['freebsd', 'openbsd', 'netbsd', 'dragonfly'];

// `uname -s` as each system prints it.
const BY_UNAME: Readonly<Record<string, OsFamily>> = {
  Linux: 'linux', SunOS: 'sunos', FreeBSD: 'freebsd', OpenBSD: 'openbsd', NetBSD: 'netbsd',
  DragonFly: 'dragonfly', Darwin: 'darwin', AIX: 'aix', 'HP-UX': 'hpux',
};

/**
 * The family of a host from its `uname -s`, or `undefined` for a system plesio does not know.
 * @example
 * familyOf('SunOS')   // => 'sunos'
 * familyOf('Plan9')   // => undefined
 */
export function familyOf(unameS: string | undefined): OsFamily | undefined {
  return unameS === undefined || !Object.hasOwn(BY_UNAME, unameS) ? undefined : BY_UNAME[unameS];
}

/** Tells whether a value is an `OsSelector`. */
export function isOsSelector(value: unknown): value is OsSelector {
  return value === 'any' || value === 'bsd' || (typeof value === 'string' && (OS_FAMILIES as readonly string[]).includes(value));
}

/**
 * The families an `os` selection covers, in `OS_FAMILIES` order, without repeats.
 * @example
 * expandOs(['bsd', 'linux']) // => ['linux', 'freebsd', 'openbsd', 'netbsd', 'dragonfly']
 */
export function expandOs(os: OsSelector | readonly OsSelector[]): OsFamily[] {
  const picked = new Set<OsFamily>();
  for (const s of typeof os === 'string' ? [os] : os) {
    if (s === 'any') OS_FAMILIES.forEach((f) => picked.add(f));
    else if (s === 'bsd') BSD.forEach((f) => picked.add(f));
    else picked.add(s);
  }
  return OS_FAMILIES.filter((f) => picked.has(f));
}
