/**
 * `ansible_distribution`, `_version`, `_major_version` and `ansible_os_family`, as Ansible's
 * distribution collector (module_utils/facts/system/distribution.py) names them, from plesio's `os`
 * fact: Linux by the os-release `ID`, SunOS by the `/etc/release` banner.
 */
import { nonEmpty, record } from './read.js';
import type { UnameParts } from './platform.js';

/** Ansible's names of Linux distributions, by os-release `ID`, where Ansible does not just capitalize it. */
const LINUX_NAMES: Readonly<Record<string, string>> = {
  rhel: 'RedHat', redhat: 'RedHat', centos: 'CentOS', almalinux: 'AlmaLinux', ol: 'OracleLinux', amzn: 'Amazon',
  cloudlinux: 'CloudLinux', xenenterprise: 'XenServer', euleros: 'EulerOS', openeuler: 'openEuler',
  kylin: 'Kylin Linux Advanced Server', tencentos: 'TencentOS', eurolinux: 'EuroLinux', alinux: 'Alibaba',
  raspbian: 'Debian', linuxmint: 'Linux Mint', pop: 'Pop!_OS', neon: 'KDE neon', steamos: 'SteamOS',
  'cumulus-linux': 'Cumulus Linux', pardus: 'Pardus GNU/Linux', osmc: 'OSMC',
  sles: 'SLES', sled: 'SLED', sles_sap: 'SLES_SAP', opensuse: 'openSUSE', 'opensuse-leap': 'openSUSE Leap',
  'opensuse-tumbleweed': 'openSUSE Tumbleweed', arch: 'Archlinux', archarm: 'Archlinux',
  'clear-linux-os': 'Clear Linux OS', altlinux: 'Altlinux',
};

/** Ansible's `OS_FAMILY_MAP`: the family of each distribution name; a name not listed is its own family. */
const FAMILY_MEMBERS: Readonly<Record<string, readonly string[]>> = {
  RedHat: ['RedHat', 'RHEL', 'Fedora', 'CentOS', 'Scientific', 'SLC', 'Ascendos', 'CloudLinux', 'PSBM', 'OracleLinux', 'OVS', 'OEL', 'Amazon',
    'Virtuozzo', 'XenServer', 'Alibaba', 'EulerOS', 'openEuler', 'AlmaLinux', 'Rocky', 'TencentOS', 'EuroLinux', 'Kylin Linux Advanced Server'],
  Debian: ['Debian', 'Ubuntu', 'Raspbian', 'Neon', 'KDE neon', 'Linux Mint', 'SteamOS', 'Devuan', 'Kali', 'Cumulus Linux', 'Pop!_OS', 'Parrot',
    'Pardus GNU/Linux', 'Uos', 'Deepin', 'OSMC'],
  Suse: ['SuSE', 'SLES', 'SLED', 'openSUSE', 'openSUSE Tumbleweed', 'SLES_SAP', 'SUSE_LINUX', 'openSUSE Leap'],
  Archlinux: ['Archlinux', 'Antergos', 'Manjaro'],
  Mandrake: ['Mandrake', 'Mandriva'],
  Solaris: ['Solaris', 'Nexenta', 'OmniOS', 'OpenIndiana', 'SmartOS'],
  Slackware: ['Slackware'], Altlinux: ['Altlinux'], Gentoo: ['Gentoo', 'Funtoo'], Alpine: ['Alpine'], ClearLinux: ['Clear Linux OS', 'Clear Linux Mix'],
};
const FAMILY: ReadonlyMap<string, string> = new Map(Object.entries(FAMILY_MEMBERS).flatMap(([family, names]) => names.map((n) => [n, family] as [string, string])));

/** SunOS distributions Ansible names, by plesio's `os.id`. */
const SUNOS_NAMES: Readonly<Record<string, string>> = { solaris: 'Solaris', omnios: 'OmniOS', openindiana: 'OpenIndiana', smartos: 'SmartOS', nexenta: 'Nexenta' };

/** Python's `str.capitalize()`: the first character upper case, the rest lower case. */
const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();

/** The distribution keys (without the `ansible_` prefix) of a Linux or SunOS host; `{}` without an `os` fact. */
export function distributionFacts(facts: Record<string, unknown>, uname: UnameParts): Record<string, unknown> {
  const os = record(facts['os']);
  if (os === undefined) return {};
  const id = nonEmpty(os['id'])?.toLowerCase();
  const version = nonEmpty(os['version']);
  if (uname.system === 'Linux') {
    const name = linuxName(id, nonEmpty(os['name']));
    const v = version ?? 'NA';
    return { distribution: name, distribution_version: v, distribution_major_version: v.split('.')[0] || 'NA', os_family: FAMILY.get(name) ?? name };
  }
  if (uname.system === 'SunOS') return sunos(id, version, uname);
  return {};
}

/**
 * Ansible's name of a Linux distribution: its own spelling, or the ID capitalized where its distribution
 * files or the `distro` library's guess give that; for any other, its last resort, os-release's `NAME`.
 */
function linuxName(id: string | undefined, osName: string | undefined): string {
  if (id !== undefined && Object.hasOwn(LINUX_NAMES, id)) return LINUX_NAMES[id]!;
  if (id !== undefined && KNOWN_IDS.has(id)) return capitalize(id);
  return osName ?? (id === undefined ? 'OtherLinux' : capitalize(id));
}

/** IDs whose Ansible name is the ID capitalized. */
const KNOWN_IDS: ReadonlySet<string> = new Set(['debian', 'ubuntu', 'fedora', 'rocky', 'scientific', 'virtuozzo', 'devuan', 'kali', 'parrot',
  'uos', 'deepin', 'manjaro', 'antergos', 'mandriva', 'slackware', 'gentoo', 'funtoo', 'alpine', 'flatcar', 'coreos']);

/**
 * SunOS as `get_distribution_SunOS` reads it: Solaris's version is the banner's second word and its
 * major version the minor number of `uname -r` (5.11 → 11); OmniOS and Nexenta take the banner's last
 * word, OpenIndiana and SmartOS `uname -v` (a SmartOS zone's /etc/product names its image version,
 * which plesio does not read); any other illumos distribution stays `SunOS`, versioned by `uname -v`.
 */
function sunos(id: string | undefined, version: string | undefined, uname: UnameParts): Record<string, unknown> {
  const name = id !== undefined && Object.hasOwn(SUNOS_NAMES, id) ? SUNOS_NAMES[id]! : 'SunOS';
  if (name === 'Solaris') {
    const major = uname.release?.split('.')[1];
    return { distribution: name, ...(version !== undefined && { distribution_version: version.split(' ')[0] }), ...(major !== undefined && { distribution_major_version: major }), os_family: 'Solaris' };
  }
  const v = name === 'OpenIndiana' || name === 'SmartOS' || name === 'SunOS' ? uname.version : version;
  return { distribution: name, ...(v !== undefined && { distribution_version: v }), os_family: FAMILY.get(name) ?? name };
}
