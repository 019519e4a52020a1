/**
 * Interface names in `ip addr` / `ip link` text headers. iproute2 prints `name@link` for a link with a
 * parent (`vlan10@eth0`, `bond0.5@bond0`) or a peer in another namespace (`veth0@if5`, `gre0@NONE`).
 * The kernel allows `@` inside a name too (only `/`, `:` and blanks are refused), so `a@b@if5` is the
 * interface `a@b` whose peer is `if5`: the split is where the part after `@` is a link reference
 * (`ifN`, `NONE`) or the name of another interface of the same listing (see `resolveLinkNames`).
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

/** The names a token may stand for: itself without `@`, else each part before one of its `@`. */
function candidates(token: string): string[] {
  const out: string[] = [];
  for (let at = token.indexOf('@'); at > 0; at = token.indexOf('@', at + 1)) out.push(token.slice(0, at));
  return out.length === 0 ? [token] : out;
}

/**
 * Maps each printed header token to its interface name. A token with `@` is split at the rightmost
 * `@` whose suffix is a link reference (`ifN`, `NONE`) or a name another header of the listing may
 * stand for: so `veth1@veth0` and `veth0@veth1` name each other, and the peers `uplink@tap@guest` and
 * `tap@guest@uplink` are `uplink` and `tap@guest`. A suffix matching nothing (a parent outside the
 * listing) splits at the rightmost `@`. Tokens are at most 64 characters, so this is linear.
 */
export function resolveLinkNames(tokens: readonly string[]): Map<string, string> {
  const offered = new Map<string, number>();
  for (const token of new Set(tokens)) for (const name of candidates(token)) offered.set(name, (offered.get(name) ?? 0) + 1);
  const names = new Map<string, string>();
  for (const token of tokens) {
    if (names.has(token)) continue;
    if (!token.includes('@')) {
      names.set(token, token);
      continue;
    }
    const own = new Set(candidates(token));
    const byOthers = (name: string): boolean => (offered.get(name) ?? 0) - (own.has(name) ? 1 : 0) > 0;
    let name: string | undefined;
    for (let at = token.lastIndexOf('@'); at > 0 && name === undefined; at = token.lastIndexOf('@', at - 1)) {
      const link = token.slice(at + 1);
      if (LINK_REFERENCE.test(link) || byOthers(link)) name = token.slice(0, at);
    }
    names.set(token, name ?? (token.slice(0, token.lastIndexOf('@')) || token));
  }
  return names;
}
