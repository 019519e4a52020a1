/**
 * `/etc/os-release` (with the `/usr/lib/os-release` fallback the specification asks for): a list of
 * shell-style `KEY=value` assignments. Linux distributions and Solaris 11.4 / illumos ship it.
 */
import type { ParserSpec } from '../fact.js';
import { parseError, splitLines } from './text.js';

/** The `os` fact. */
export interface OsRelease {
  /** The distribution family, e.g. `debian`, `rhel`, `suse`, `alpine`; the `ID` when no family is known. */
  readonly family: string | null;
  /** `NAME`, e.g. `Debian GNU/Linux`. */
  readonly name: string | null;
  /** `VERSION_ID`, else `VERSION`; `null` on rolling releases such as Arch. */
  readonly version: string | null;
  /** `ID`, e.g. `debian`, `rocky`, `solaris`. */
  readonly id: string | null;
}

const NAME = 'common.os-release';

/**
 * The family of each distribution `ID`, first match wins over `ID` then each word of `ID_LIKE`. Most
 * derivatives name their parent in `ID_LIKE` (Rocky: `rhel fedora`, Mint: `ubuntu debian`), but many
 * do not (Kylin, openEuler, Deepin, UOS, Devuan, SLES for SAP on old releases), so the table lists
 * every distribution the established fact gatherers know, by its os-release `ID` (lowercased).
 */
const FAMILY_MEMBERS: Readonly<Record<string, readonly string[]>> = {
  debian: [
    'debian', 'ubuntu', 'raspbian', 'linuxmint', 'lmde', 'neon', 'devuan', 'deepin', 'uos', 'kali', 'parrot', 'pop',
    'elementary', 'zorin', 'trisquel', 'pureos', 'osmc', 'cumulus-linux', 'pardus', 'mx', 'univention',
    'astra', 'tails', 'siduction', 'bunsenlabs',
  ],
  rhel: [
    'rhel', 'redhat', 'centos', 'fedora', 'amzn', 'ol', 'oracle', 'almalinux', 'rocky', 'scientific', 'cloudlinux',
    'virtuozzo', 'xenenterprise', 'xcp-ng', 'euleros', 'openeuler', 'kylin', 'anolis', 'opencloudos', 'tencentos',
    'alinux', 'circle', 'navylinux', 'miraclelinux', 'eurolinux', 'ascendos', 'psbm', 'ovs', 'oel', 'nobara',
  ],
  suse: [
    'suse', 'sles', 'sled', 'sles_sap', 'sle_hpc', 'sle-micro', 'sl-micro', 'opensuse', 'opensuse-leap',
    'opensuse-tumbleweed', 'opensuse-microos', 'opensuse-slowroll', 'alp',
  ],
  alpine: ['alpine', 'postmarketos'],
  arch: ['arch', 'archarm', 'manjaro', 'manjaro-arm', 'endeavouros', 'artix', 'garuda', 'arcolinux'],
  gentoo: ['gentoo', 'funtoo', 'calculate'],
  mandrake: ['mandriva', 'mageia', 'altlinux', 'openmandriva'],
  slackware: ['slackware'],
  solaris: ['solaris'],
  illumos: ['illumos', 'omnios', 'openindiana', 'smartos', 'tribblix', 'helios'],
};

const FAMILIES: ReadonlyMap<string, string> = new Map(
  Object.entries(FAMILY_MEMBERS).flatMap(([family, ids]) => ids.map((id) => [id, family] as [string, string])),
);

/** Undoes shell quoting of one value: `"a \"b\""`, `'a b'` or a bare word with backslash escapes. */
function unquote(raw: string): string {
  let out = '';
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (quote === "'") {
      if (c === "'") quote = null;
      else out += c;
    } else if (c === '\\' && i + 1 < raw.length && (quote === null || '"\\$`'.includes(raw[i + 1]!))) {
      out += raw[++i];
    } else if (c === '"' || (c === "'" && quote === null)) {
      quote = quote === c ? null : c;
    } else if (quote === null && c === '#') {
      break; // an unquoted comment after the value
    } else {
      out += c;
    }
  }
  return out.trim();
}

/** Parses the assignments into a map; lines that are not assignments are skipped as the spec says. */
export function parseOsReleaseFields(stdout: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of splitLines(stdout)) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (m !== null && !fields.has(m[1]!)) fields.set(m[1]!, unquote(m[2]!));
  }
  return fields;
}

/** Parses os-release text into the `os` fact. */
export function parseOsRelease(stdout: string): OsRelease {
  const fields = parseOsReleaseFields(stdout);
  if (!fields.has('ID') && !fields.has('NAME')) {
    throw parseError(NAME, 'neither ID nor NAME is set', splitLines(stdout).find((l) => l.trim() !== ''));
  }
  const nonEmpty = (key: string): string | null => {
    const v = fields.get(key);
    return v === undefined || v === '' ? null : v;
  };
  const id = nonEmpty('ID')?.toLowerCase() ?? null;
  const candidates = [id ?? '', ...(nonEmpty('ID_LIKE') ?? '').toLowerCase().split(/\s+/)];
  const family = candidates.map((c) => FAMILIES.get(c)).find((f) => f !== undefined) ?? id;
  return { family, name: nonEmpty('NAME') ?? nonEmpty('PRETTY_NAME'), version: nonEmpty('VERSION_ID') ?? nonEmpty('VERSION'), id };
}

/** The operating system name, version, id and family, from os-release. */
export const commonOsRelease: ParserSpec<OsRelease> = {
  name: NAME,
  command: 'cat /etc/os-release 2>/dev/null || cat /usr/lib/os-release',
  parse: parseOsRelease,
  description: 'Reads os-release and returns the OS family, name, version and id (null where absent).',
};
