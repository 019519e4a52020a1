/**
 * Interface names in `ip addr` / `ip link` text headers. iproute2 prints `name@link` for a link with a
 * parent (`vlan10@eth0`, `bond0.5@bond0`) or a peer in another namespace (`veth0@if5`, `gre0@NONE`).
 * The kernel allows `@` inside a name too (only `/`, `:` and blanks are refused), so `a@b@if5` is the
 * interface `a@b` whose peer is `if5`: the split is where the part after `@` is a link reference
 * (`ifN`, `NONE`) or the name of another interface of the same listing.
 */
import { parseError } from '../common/text.js';

/** A header line: `4: eth0.101@eth0: <BROADCAST,...> mtu 1500 ...`. */
export interface IpHeader {
  /** The printed name, maybe with its `@link` suffix. */
  readonly token: string;
  /** Everything after the name's colon. */
  readonly rest: string;
}

/** A name and its suffix cannot be longer (IFNAMSIZ is 16 with the NUL; `@if` + a 10-digit index). */
const MAX_TOKEN = 64;

/** Reads a header line, or `undefined` when the line is not one. */
export function ipHeader(parser: string, line: string): IpHeader | undefined {
  const m = /^[0-9]{1,10}:[ \t]+(\S+)(.*)$/.exec(line);
  if (m === null) return undefined;
  let token = m[1]!;
  if (token.endsWith(':')) token = token.slice(0, -1);
  if (token === '') return undefined;
  if (token.length > MAX_TOKEN) throw parseError(parser, 'an interface name longer than any the kernel allows', line);
  return { token, rest: m[2]! };
}

const LINK_REFERENCE = /^(?:if[0-9]{1,10}|NONE)$/;

/**
 * Maps each printed header token to its interface name. Plain names are known first; a token with `@`
 * is split at the rightmost `@` whose suffix is a link reference or a known name, in a few rounds so a
 * child whose parent's own name holds `@` is resolved once the parent is; what is left is split at the
 * rightmost `@` (a parent outside the listing). Tokens are at most 64 characters, so this is linear.
 */
export function resolveLinkNames(tokens: readonly string[]): Map<string, string> {
  const names = new Map<string, string>();
  const known = new Set<string>();
  let pending: string[] = [];
  for (const token of tokens) {
    if (names.has(token)) continue;
    if (token.includes('@')) {
      pending.push(token);
    } else {
      names.set(token, token);
      known.add(token);
    }
  }
  for (let round = 0; round < 4 && pending.length > 0; round++) {
    const left: string[] = [];
    for (const token of pending) {
      const name = splitAtKnownLink(token, known);
      if (name === undefined) left.push(token);
      else {
        names.set(token, name);
        known.add(name);
      }
    }
    if (left.length === pending.length) break;
    pending = left;
  }
  for (const token of pending) if (!names.has(token)) names.set(token, token.slice(0, token.lastIndexOf('@')) || token);
  return names;
}

function splitAtKnownLink(token: string, known: ReadonlySet<string>): string | undefined {
  for (let at = token.lastIndexOf('@'); at > 0; at = token.lastIndexOf('@', at - 1)) {
    const link = token.slice(at + 1);
    if (LINK_REFERENCE.test(link) || known.has(link)) return token.slice(0, at);
  }
  return undefined;
}
