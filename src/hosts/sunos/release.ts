/**
 * `/etc/release` starts with a centred banner line naming the distribution, e.g.
 * `Oracle Solaris 11.4 SPARC`, `Oracle Solaris 10 1/13 s10x_u11wos_24a X86`, `OmniOS v11 r151046`,
 * `OpenIndiana Hipster 2023.10 (powered by illumos)`, `SmartOS 20230101T000000Z x86_64` (a SmartOS
 * zone prints just `SmartOS x86_64`). illumos distributions also ship /etc/os-release (common parser).
 */
import type { ParserSpec } from '../fact.js';
import { ParseError } from '../parse-error.js';
import { splitLines, squeeze } from './text.js';

/** The operating system as /etc/release names it. */
export interface SunosRelease {
  readonly family: 'solaris';
  /** Distribution name: `Oracle Solaris`, `Solaris`, `OmniOS`, `OpenIndiana`, `SmartOS`... */
  readonly name: string;
  /** Release as the distribution counts: `11.4`, `10 1/13`, `r151046`, `2023.10`, `20230101T000000Z`. */
  readonly version: string | null;
  /** Lowercase identifier, as os-release `ID` would say: `solaris`, `omnios`, `openindiana`, `smartos`. */
  readonly id: string;
}

const NAME = 'sunos.release';
const ARCH = /\s+(?:SPARC|X86|x86|x86_64|i386|amd64)\b.*$/;

interface Rule {
  readonly pattern: RegExp;
  readonly build: (m: RegExpExecArray) => Omit<SunosRelease, 'family'>;
}

const RULES: readonly Rule[] = [
  // `Solaris 10 10/09 s10x_u8wos_08a X86`: the update's month/year belongs to the version.
  { pattern: /^((?:Oracle )?Solaris) (\d+(?:\.\d+)*)(?: (\d{1,2}\/\d{2}))?/, build: (m) => ({ name: m[1]!, version: m[3] ? `${m[2]} ${m[3]}` : m[2]!, id: 'solaris' }) },
  { pattern: /^OmniOS(?: v\d+)? (r\d+\w*)/, build: (m) => ({ name: 'OmniOS', version: m[1]!, id: 'omnios' }) },
  { pattern: /^OpenIndiana (?:Hipster|Development) (\S+)/, build: (m) => ({ name: 'OpenIndiana', version: m[1]!, id: 'openindiana' }) },
  { pattern: /^SmartOS(?: (\d{8}T\d{6}Z))?/, build: (m) => ({ name: 'SmartOS', version: m[1] ?? null, id: 'smartos' }) },
  { pattern: /^OpenSolaris (\S+)/, build: (m) => ({ name: 'OpenSolaris', version: m[1]!, id: 'opensolaris' }) },
  // NexentaStor names itself by the product: `Open Storage Appliance v3.1.6`, `... 4.0.3-FP2`.
  { pattern: /^Open Storage Appliance v?([0-9][0-9A-Za-z.-]{0,30})/, build: (m) => ({ name: 'Nexenta', version: m[1]!, id: 'nexenta' }) },
];

function generic(line: string): Omit<SunosRelease, 'family'> {
  // `Oxide Helios 1`: the words before the first one holding a digit name the distribution.
  const words = line.replace(/\(.*\)/, '').replace(ARCH, '').trim().split(' ');
  const at = words.findIndex((w) => /\d/.test(w));
  // Every distribution banner names a release; words without one (`test test`) are not a banner.
  if (at < 1) throw new ParseError(NAME, 'no distribution name followed by a release in the banner', line);
  const nameWords = words.slice(0, at).slice(0, 4);
  const name = nameWords.join(' ');
  const version = at > nameWords.length ? null : words[at]!;
  return { name, version, id: nameWords.join('-').toLowerCase().replace(/[^a-z0-9-]+/g, '') || 'unknown' };
}

function parse(stdout: string): SunosRelease {
  const first = splitLines(NAME, stdout).find((line) => line.trim() !== '');
  const line = first === undefined ? '' : squeeze(first);
  // A banner never holds a colon; an error message (`cat: cannot open ...`) does.
  if (!/^[A-Za-z]/.test(line) || line.includes(':') || line.length > 200) throw new ParseError(NAME, 'expected a release banner line', line);
  for (const rule of RULES) {
    const m = rule.pattern.exec(line);
    if (m) return { family: 'solaris', ...rule.build(m) };
  }
  return { family: 'solaris', ...generic(line) };
}

/** Names the distribution and its release from the first line of /etc/release. */
export const releaseSpec: ParserSpec<SunosRelease> = {
  name: NAME,
  command: '/usr/bin/cat /etc/release',
  parse,
  description: '/etc/release: os {family: solaris, name, version, id} from the banner line',
};
