/**
 * IPS packages from `pkg list -H` (Solaris 11, illumos): `NAME [(PUBLISHER)] VERSION IFO`, the
 * publisher only when it is not the preferred one (`ooce/database/lmdb (extra.omnios) 0.9.28-151038.0
 * i--`). IFO flags `i` installed, `f` frozen, `o` obsolete or `r` renamed.
 */
import type { ParserSpec } from '../fact.js';
import { ParseError } from '../parse-error.js';
import { pushPackage, type Package } from '../common/packages.js';
import { splitLines } from './text.js';

const NAME = 'sunos.pkg-list';
const PKG_NAME = /^[A-Za-z0-9][A-Za-z0-9_.+/-]{0,255}$/;
const FLAGS = /^[i-][f-][or-]$/;

function parse(stdout: string): Package[] {
  const packages: Package[] = [];
  for (const raw of splitLines(NAME, stdout)) {
    const line = raw.trim();
    if (line === '' || /^NAME \(PUBLISHER\)/.test(line)) continue;
    const cells = line.split(/\s+/);
    const publisher = cells.length === 4 && /^\([^()]{1,128}\)$/.test(cells[1]!);
    const [name, version, flags] = publisher ? [cells[0], cells[2], cells[3]] : [cells[0], cells[1], cells[2]];
    if (cells.length !== (publisher ? 4 : 3) || !PKG_NAME.test(name ?? '') || !/^[0-9][0-9A-Za-z.,:-]{0,127}$/.test(version ?? '') || !FLAGS.test(flags ?? '')) {
      throw new ParseError(NAME, 'expected "name [(publisher)] version ifo"', line);
    }
    pushPackage(NAME, packages, { name: name!, version: version!, arch: null, manager: 'pkg' });
  }
  return packages;
}

/** Installed IPS packages. */
export const pkgListSpec: ParserSpec<Package[]> = {
  name: NAME,
  command: '/usr/bin/pkg list -H',
  parse,
  description: 'pkg list -H: installed IPS packages with their version (Solaris 11, illumos)',
};
