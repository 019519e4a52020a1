/**
 * The distribution's own release files, for the point release os-release leaves out: CentOS 8 says
 * `VERSION_ID="8"` where `/etc/centos-release` says `CentOS Linux release 8.1.1911 (Core)`, Debian 7
 * `VERSION_ID="7"` where `/etc/debian_version` says `7.9`. One `grep -s -H .` prints every readable
 * file as `PATH:LINE`; missing files are simply absent. `withPointRelease` refines the `os` fact.
 */
import type { ParserSpec } from '../fact.js';
import type { OsRelease } from '../common/os-release.js';
import { parseError, splitLines } from '../common/text.js';

/** The most specific release file's first line and the version read from it. */
export interface DistroRelease {
  /** The file it came from, e.g. `/etc/centos-release`; `null` when no release file is readable. */
  readonly file: string | null;
  /** Its first line, e.g. `CentOS Linux release 8.1.1911 (Core)`. */
  readonly description: string | null;
  /** The dotted version in it (`8.1.1911`, `7.9`, `3.19.1`); `null` when it has none (`bookworm/sid`, `V10`). */
  readonly version: string | null;
}

const NAME = 'linux.release-files';

/** Most specific first: a derivative's own file before the redhat/system-release it also ships. */
export const RELEASE_FILES: readonly string[] = [
  '/etc/centos-release', '/etc/rocky-release', '/etc/almalinux-release', '/etc/oracle-release', '/etc/fedora-release',
  '/etc/cloudlinux-release', '/etc/openEuler-release', '/etc/redhat-release', '/etc/SuSE-release', '/etc/debian_version',
  '/etc/alpine-release', '/etc/gentoo-release', '/etc/slackware-version', '/etc/system-release',
];
const LINE = /^(\/etc\/[A-Za-z_-]{1,40}(?:-release|_version|-version)):(.*)$/;

/** The version in a release file's text. */
function versionOf(file: string, lines: readonly string[]): string | null {
  if (file === '/etc/SuSE-release') {
    // VERSION = 11 / PATCHLEVEL = 3
    const major = lines.map((l) => /^VERSION\s*=\s*([0-9]{1,4})\s*$/.exec(l)?.[1]).find(Boolean);
    const patch = lines.map((l) => /^PATCHLEVEL\s*=\s*([0-9]{1,4})\s*$/.exec(l)?.[1]).find(Boolean);
    return major === undefined ? null : patch === undefined ? major : `${major}.${patch}`;
  }
  const m = /(?:^|[\s(])v?([0-9]{1,5}(?:\.[0-9]{1,9}){0,3})(?=$|[\s)])/.exec(lines[0] ?? '');
  return m === null ? null : m[1]!;
}

/** Parses the `PATH:LINE` output into the most specific release file's description and version. */
export function parseReleaseFiles(stdout: string): DistroRelease {
  const files = new Map<string, string[]>();
  for (const line of splitLines(stdout)) {
    if (line.trim() === '') continue;
    const m = LINE.exec(line);
    if (m === null) throw parseError(NAME, 'not a "/etc/FILE:line" line', line);
    const lines = files.get(m[1]!) ?? [];
    if (lines.length < 16) lines.push(m[2]!.trim());
    files.set(m[1]!, lines);
  }
  const file = RELEASE_FILES.find((f) => files.has(f)) ?? [...files.keys()][0];
  if (file === undefined) return { file: null, description: null, version: null };
  const lines = files.get(file)!;
  return { file, description: lines[0] ?? null, version: versionOf(file, lines) };
}

/**
 * The `os` fact with its point release: when os-release gives only a major version (`8`) and the
 * release file a longer one starting with it (`8.1.1911`), the version becomes major.minor (`8.1`),
 * as Ansible and Facter report it. Anything else is left as os-release says.
 * @example
 * withPointRelease({ family: 'rhel', name: 'CentOS Linux', version: '8', id: 'centos' }, release) // version '8.1'
 */
export function withPointRelease(os: OsRelease, release: DistroRelease): OsRelease {
  if (os.version === null || !/^[0-9]{1,5}$/.test(os.version) || release.version === null) return os;
  const [major, minor] = release.version.split('.');
  return major === os.version && minor !== undefined ? { ...os, version: `${major}.${minor}` } : os;
}

/** The distribution's release files, for point releases. */
export const linuxReleaseFiles: ParserSpec<DistroRelease> = {
  name: NAME,
  command: 'grep -s -H . ' + RELEASE_FILES.join(' ') + ' || true',
  parse: parseReleaseFiles,
  description: 'Reads the distribution release files (/etc/centos-release, /etc/debian_version...) and returns the most specific one, its first line and its dotted version.',
};
