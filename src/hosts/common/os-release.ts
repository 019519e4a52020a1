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
 * The families, first match wins over `ID` then each word of `ID_LIKE`. Derivatives name their parent
 * in `ID_LIKE` (Rocky: `rhel fedora`, Mint: `ubuntu debian`), so only the roots are listed.
 */
const FAMILIES: ReadonlyMap<string, string> = new Map([
  ['debian', 'debian'], ['ubuntu', 'debian'],
  ['rhel', 'rhel'], ['centos', 'rhel'], ['fedora', 'rhel'], ['amzn', 'rhel'],
  ['suse', 'suse'], ['opensuse', 'suse'], ['sles', 'suse'], ['sled', 'suse'],
  ['alpine', 'alpine'], ['arch', 'arch'], ['gentoo', 'gentoo'],
  ['solaris', 'solaris'], ['illumos', 'illumos'], ['omnios', 'illumos'], ['openindiana', 'illumos'],
]);

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
