/**
 * `/etc/resolv.conf` (the same file on Linux and SunOS): `nameserver ADDRESS` lines, a `domain` or a
 * `search` list, `options`. Read as the resolver reads it (resolv.conf(5)): `#` and `;` start
 * comments, only the first word after `nameserver` counts, an unknown keyword or a name server that
 * is not an address is skipped, and a later `domain`/`search` line replaces an earlier one.
 */
import type { ParserSpec } from '../fact.js';
import { isIpv4, isIpv6 } from './interfaces.js';
import { enforceCap, LIMITS } from './limits.js';
import { splitLines, words } from './text.js';

/** The `dns` fact. */
export interface Dns {
  /** In file order; the C library uses the first three (MAXNS), later ones are listed all the same. */
  readonly nameservers: string[];
  /** The search list; systemd-resolved's `search .` (no search domain) gives `[]`. */
  readonly search: string[];
  /** The `domain` line, `null` without one. */
  readonly domain: string | null;
  readonly options: string[];
}

const NAME = 'common.resolv-conf';

/** A name server address: IPv4, or IPv6 with an optional `%zone` (`fe80::1%eth0`). */
function nameserver(word: string | undefined): string | null {
  if (word === undefined) return null;
  const percent = word.indexOf('%');
  const address = percent < 0 ? word : word.slice(0, percent);
  return isIpv4(address) || (isIpv6(address) && /^[A-Za-z0-9_.-]{0,32}$/.test(percent < 0 ? '' : word.slice(percent + 1))) ? word : null;
}

const isComment = (word: string): boolean => word.startsWith('#') || word.startsWith(';');

/** Parses resolv.conf into name servers, search list, domain and options. */
export function parseResolvConf(stdout: string): Dns {
  const nameservers: string[] = [];
  let search: string[] = [];
  let domain: string | null = null;
  const options: string[] = [];
  for (const line of splitLines(stdout)) {
    const [keyword, ...rest] = words(line);
    if (keyword === undefined || isComment(keyword)) continue;
    // The resolver stops at a word starting a comment (`nameserver 127.0.0.1 # our cache`).
    const end = rest.findIndex(isComment);
    const args = end < 0 ? rest : rest.slice(0, end);
    if (keyword === 'nameserver') {
      const address = nameserver(args[0]);
      if (address !== null) nameservers.push(address);
      enforceCap(NAME, 'name servers', nameservers.length, LIMITS.items);
    } else if (keyword === 'search') {
      enforceCap(NAME, 'search domains', args.length, LIMITS.items);
      search = args.filter((d) => d !== '.');
    } else if (keyword === 'domain') {
      domain = args[0] ?? null;
    } else if (keyword === 'options') {
      options.push(...args);
      enforceCap(NAME, 'options', options.length, LIMITS.items);
    }
  }
  return { nameservers, search, domain, options };
}

/** The resolver's name servers, search list and domain. */
export const commonResolvConf: ParserSpec<Dns> = {
  name: NAME,
  command: 'cat /etc/resolv.conf',
  parse: parseResolvConf,
  description: 'Reads /etc/resolv.conf and returns the name servers, search list, domain and options as the resolver reads them.',
};
