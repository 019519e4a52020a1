/**
 * The short host name and the fully qualified name, in one round trip. Linux asks `hostname -f`
 * (GNU and BusyBox); SunOS has no `-f`, and a root `hostname -f` there would try to *rename* the
 * host, so on SunOS the name is looked up with `getent hosts` and the first dotted alias is kept.
 */
import type { ParserSpec } from '../fact.js';
import { parseError, splitLines } from './text.js';

/** The `hostname` and `fqdn` facts. */
export interface HostNames {
  readonly hostname: string;
  /**
   * `null` when the resolver knows no fully qualified name, and when the name it gives has no dot
   * (`hostname -f` prints the short name back when /etc/hosts and DNS know no domain): a dotless name
   * is not fully qualified, and reporting it as one made `fqdn` look like an identifier (issue 14).
   */
  readonly fqdn: string | null;
}

const NAME = 'common.hostname';

/** Parses line 1 (the host name) and the optional line 2 (the fully qualified name). */
export function parseHostname(stdout: string): HostNames {
  const lines = splitLines(stdout).map((l) => l.trim());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length < 1 || lines.length > 2) throw parseError(NAME, `expected 1 or 2 lines, got ${lines.length}`, lines[0]);
  const [hostname, fqdn = ''] = lines as [string, string?];
  if (hostname.length === 0 || /\s/.test(hostname)) throw parseError(NAME, 'not a host name', hostname);
  if (/\s/.test(fqdn)) throw parseError(NAME, 'not a fully qualified name', fqdn);
  return { hostname, fqdn: fqdn.includes('.') ? fqdn : null };
}

/** The host name and the fully qualified name; tolerant of an unresolvable name (fqdn `null`). */
export const commonHostname: ParserSpec<HostNames> = {
  name: NAME,
  command:
    'h=$(hostname 2>/dev/null || uname -n); echo "$h"; ' +
    'if [ "$(uname -s)" = Linux ]; then hostname -f 2>/dev/null; ' +
    "else getent hosts \"$h\" 2>/dev/null | awk '{ for (i = 2; i <= NF; i++) if (index($i, \".\") > 0) { print $i; exit } }'; fi; true",
  parse: parseHostname,
  description: 'Reads the host name and the fully qualified name and returns both; fqdn is null when unknown or without a dot.',
};
