/** OpenSSH's wildcards, as in known_hosts names and Include paths: `*` any run of characters, `?` exactly one. */

/**
 * A regular expression matching the whole of a name against `pattern`; every other character literal.
 * @example
 * wildcardRegExp('*.example.com').test('db.example.com'); // => true
 */
export function wildcardRegExp(pattern: string): RegExp {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`);
}
