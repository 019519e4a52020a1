/**
 * `virtinfo` tells which virtual environment the system is. Solaris 11.2+ prints a table
 * (`NAME CLASS` / `kernel-zone current` / `logical-domain parent` / `non-global-zone supported`);
 * earlier SPARC releases print `Domain role: LDoms guest` style lines (as `virtinfo -a` still does).
 * It does not exist on x86 Solaris 10 nor on illumos (exit 127: no evidence, not an error).
 */
import type { ParserSpec } from '../fact.js';
import { ParseError } from '../parse-error.js';
import { splitLines, squeeze } from './text.js';

/** What virtinfo says about the current environment. */
export interface Virtinfo {
  /** Environments the system currently is: `logical-domain`, `kernel-zone`, `non-global-zone`. */
  readonly current: string[];
  /** Environments it runs inside (`logical-domain` under a kernel zone...). */
  readonly parents: string[];
  /** The LDoms domain role: `LDoms guest`, `LDoms control I/O service root`...; null if not printed. */
  readonly domain_role: string | null;
}

const NAME = 'sunos.virtinfo';
const ROW = /^([a-z][a-z0-9-]{0,63})\s+(current|parent|supported)$/;
const ROLE = /^Domain role:\s*(.+)$/;

function parse(stdout: string): Virtinfo {
  const current: string[] = [];
  const parents: string[] = [];
  let role: string | null = null;
  let recognised = 0;
  for (const raw of splitLines(NAME, stdout)) {
    const line = raw.trim();
    if (line === '') continue;
    const row = ROW.exec(line);
    const domainRole = ROLE.exec(line);
    // Other lines (the NAME CLASS header, Domain name/UUID, Control domain, Chassis serial#) carry
    // nothing the virtualization fact needs.
    if (row) {
      recognised++;
      if (row[2] === 'current') current.push(row[1]!);
      else if (row[2] === 'parent') parents.push(row[1]!);
    } else if (domainRole) {
      recognised++;
      role ??= squeeze(domainRole[1]!);
    }
  }
  if (recognised === 0) throw new ParseError(NAME, 'no NAME/CLASS row and no "Domain role:" line', stdout.trim().split('\n')[0]);
  return { current, parents, domain_role: role };
}

/** Reads the current virtual environment (LDoms domain, kernel zone, zone) from `virtinfo`. */
export const virtinfoSpec: ParserSpec<Virtinfo> = {
  name: NAME,
  command: '/usr/sbin/virtinfo',
  parse,
  description: 'virtinfo: current and parent virtual environments and the LDoms domain role (SPARC, Solaris 11)',
};
