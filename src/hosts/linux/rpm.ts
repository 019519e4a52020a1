/**
 * RPM packages from `rpm -qa --qf` with Ohai's query format: `NAME EPOCH VERSION RELEASE INSTALLTIME
 * ARCH` separated by tabs, the epoch `0` when the package has none (`%|EPOCH?{...}:{0}|`). Plain
 * `rpm -qa` lines (`bash-4.2.46-35.el7_9.x86_64`, name-version-release.arch) read too. The version
 * reads as rpm prints it, `[epoch:]version-release`, the epoch only when it is not 0. `gpg-pubkey`
 * entries are the signing keys rpm keeps in its database, not software, and are left out.
 */
import type { ParserSpec } from '../fact.js';
import { pushPackage, type Package } from '../common/packages.js';
import { parseError, splitLines } from '../common/text.js';

const NAME = 'linux.rpm';
const WORD = /^[A-Za-z0-9_+.~^:()-]{1,256}$/;

function arch(word: string): string | null {
  return word === '(none)' ? null : word;
}

/** Splits `name-version-release.arch` at its last dot and its last two dashes. */
function nevra(text: string): Package | undefined {
  const dot = text.lastIndexOf('.');
  const rest = dot < 0 ? '' : text.slice(0, dot);
  const release = rest.lastIndexOf('-');
  const version = release <= 0 ? -1 : rest.lastIndexOf('-', release - 1);
  if (version <= 0 || dot === text.length - 1) return undefined;
  return { name: rest.slice(0, version), version: rest.slice(version + 1), arch: arch(text.slice(dot + 1)), manager: 'rpm' };
}

function queried(fields: string[]): Package | undefined {
  const [name, epoch, version, release, installed, archWord] = fields as [string, string, string, string, string, string];
  if (!/^(?:[0-9]{1,10}|\(none\))$/.test(epoch) || !/^[0-9]{1,12}$/.test(installed)) return undefined;
  const prefix = epoch === '0' || epoch === '(none)' ? '' : `${epoch}:`;
  return { name, version: `${prefix}${version}-${release}`, arch: arch(archWord), manager: 'rpm' };
}

/** Parses rpm query lines into installed packages. */
export function parseRpm(stdout: string): Package[] {
  const packages: Package[] = [];
  for (const line of splitLines(stdout)) {
    const fields = line.trim().split(/\s+/);
    if (fields[0] === '') continue;
    const pkg = !fields.every((f) => WORD.test(f)) ? undefined : fields.length === 6 ? queried(fields) : fields.length === 1 ? nevra(fields[0]!) : undefined;
    if (pkg === undefined) throw parseError(NAME, 'expected "name epoch version release installtime arch" or name-version-release.arch', line);
    if (pkg.name !== 'gpg-pubkey') pushPackage(NAME, packages, pkg);
  }
  return packages;
}

/** Installed RPM packages. */
export const linuxRpm: ParserSpec<Package[]> = {
  name: NAME,
  command: "rpm -qa --qf '%{NAME}\\t%|EPOCH?{%{EPOCH}}:{0}|\\t%{VERSION}\\t%{RELEASE}\\t%{INSTALLTIME}\\t%{ARCH}\\n'",
  parse: parseRpm,
  description: 'Reads rpm -qa and returns the installed RPM packages with [epoch:]version-release and architecture.',
};
