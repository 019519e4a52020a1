/**
 * Ansible host patterns for `--limit`: `web`, `web*`, `~web\d+`, `all`, joined by `:` or `,`, with
 * `&group` (and also in) and `!group` (but not in), subscripts (`web[0]`, `web[-1]`, `web[1:3]`,
 * inclusive as in Ansible) and `@file` (one pattern per line, as Ansible's retry files). As in
 * Ansible, plain terms are unioned first, then intersections apply, then exclusions, whatever order
 * they were written in.
 */
import { UsageError } from '../usage-error.js';
import type { Inventory } from './model.js';
import { readInventoryTextSync } from './limits.js';

/**
 * The inventory hosts `pattern` selects, in inventory order; a pattern selecting no host is an error.
 * @example
 * selectHosts(inventory, 'web*:&prod:!web3'); // => ['web1', 'web2']
 */
export function selectHosts(inventory: Inventory, pattern: string): string[] {
  const terms = splitPattern(pattern);
  if (terms.length === 0) throw new UsageError(`--limit ${JSON.stringify(pattern)} is empty; give a group or host pattern such as web* or dbservers:!db3`);
  const ordered = [...terms.filter((t) => !/^[&!]/.test(t)), ...terms.filter((t) => t.startsWith('&')), ...terms.filter((t) => t.startsWith('!'))];
  // Starting from everything when the pattern has only & and ! terms, as `--limit '!web3'` means.
  let selected = new Set<string>(/^[&!]/.test(ordered[0]!) ? inventory.hostsOf('all') : []);
  for (const term of ordered) {
    const hosts = matchTerm(inventory, term.replace(/^[&!]/, ''));
    if (term.startsWith('&')) selected = new Set([...selected].filter((h) => hosts.has(h)));
    else if (term.startsWith('!')) for (const h of hosts) selected.delete(h);
    else for (const h of hosts) selected.add(h);
  }
  const result = inventory.hostsOf('all').filter((host) => selected.has(host));
  if (result.length === 0) {
    const groups = [...inventory.groups.keys()].slice(0, 12).join(', ');
    throw new UsageError(`--limit ${JSON.stringify(pattern)} matches no host; the inventory's groups are ${groups}${inventory.groups.size > 12 ? ', …' : ''}`);
  }
  return result;
}

/**
 * Ansible splits on commas when there are any, otherwise on colons (but not inside a subscript's
 * brackets); an `@file` term stands for the patterns on the file's lines.
 */
function splitPattern(pattern: string): string[] {
  const parts = pattern.includes(',') ? pattern.split(',') : pattern.split(/:(?![^[]*\])/);
  return parts
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .flatMap((part) => (part.startsWith('@') ? readPatternFile(part.slice(1)) : [part]));
}

function readPatternFile(file: string): string[] {
  const text = readInventoryTextSync(file, 'the --limit file');
  return text.split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
}

/** `web[0]`, `web[-1]`, `web[1:3]`, `web[2:]`, `web[:1]`: a digits-only bracket is a subscript, as in Ansible. */
const SUBSCRIPT = /^(.+)\[(?:(-?\d+)|(\d*):(\d*))\]$/;

/** The hosts one term names: through a group (with its children) or a host name, by name, glob or `~regex`, then its subscript. */
function matchTerm(inventory: Inventory, term: string): Set<string> {
  // As in Ansible, a `~regex` has no subscript: `~web0[12]` is a character class, not host 12.
  const subscript = term.startsWith('~') ? null : SUBSCRIPT.exec(term);
  if (subscript !== null) {
    const [, base, index, from, to] = subscript;
    const ordered = inventory.hostsOf('all').filter((host) => matchPlain(inventory, base!).has(host));
    if (index !== undefined) {
      const at = Number(index) < 0 ? ordered.length + Number(index) : Number(index);
      return new Set(ordered[at] === undefined ? [] : [ordered[at]!]);
    }
    // Inclusive of the end, as Ansible's subscripts are.
    return new Set(ordered.slice(from === '' ? 0 : Number(from), to === '' ? undefined : Number(to) + 1));
  }
  return matchPlain(inventory, term);
}

function matchPlain(inventory: Inventory, term: string): Set<string> {
  if (term === 'all' || term === '*') return new Set(inventory.hostsOf('all'));
  const test = matcher(term);
  const hosts = new Set<string>();
  for (const group of inventory.groups.keys()) if (test(group)) for (const host of inventory.hostsOf(group)) hosts.add(host);
  for (const host of inventory.hosts.keys()) if (test(host)) hosts.add(host);
  return hosts;
}

function matcher(term: string): (name: string) => boolean {
  if (term.startsWith('~')) {
    let regex: RegExp;
    try {
      // Sticky: anchored at the start only, as Ansible's Python re.match is.
      regex = new RegExp(term.slice(1), 'y');
    } catch (error) {
      throw new UsageError(`--limit: ${JSON.stringify(term)} is not a valid regular expression: ${(error as Error).message}`);
    }
    return (name) => {
      regex.lastIndex = 0;
      return regex.test(name);
    };
  }
  if (!/[*?[]/.test(term)) return (name) => name === term;
  const glob = globToRegExp(term);
  return (name) => glob.test(name);
}

/** fnmatch, as Ansible matches: `*`, `?`, `[abc]`, `[!abc]`; an unclosed `[` is literal. */
function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i]!;
    const close = char === '[' ? glob.indexOf(']', i + 2) : -1;
    if (char === '*') source += '.*';
    else if (char === '?') source += '.';
    else if (close !== -1) {
      const body = glob.slice(i + 1, close).replace(/\\/g, '\\\\');
      source += body.startsWith('!') ? `[^${body.slice(1)}]` : `[${body}]`;
      i = close;
    } else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}
