/**
 * The `jails` fact: FreeBSD jails play the part Solaris zones play in `zones`, keyed by jail name
 * (by JID where the listing has no name), with the same role for `root` and `state`.
 */
import { isIpv4, isIpv6 } from '../common/interfaces.js';
import { parseError } from '../common/text.js';

/** One running jail. */
export interface Jail {
  /** `null` when the listing was asked for named parameters without `jid`. */
  readonly jid: number | null;
  readonly name: string;
  readonly hostname: string | null;
  /** The jail's root directory (`path`), as `root` is a zone's zonepath. */
  readonly root: string | null;
  /** `running` for an active jail (the word zones use), `dying` for one being torn down. */
  readonly state: string;
  readonly ipv4_addresses: string[];
  readonly ipv6_addresses: string[];
}

/** Every jail, by name. */
export type Jails = Record<string, Jail>;

/** The most jails a listing may hold: hosts run hundreds, not tens of thousands. */
export const MAX_JAILS = 10_000;

/** `ACTIVE` / `DYING` (jls -v) as the zone-like state; a plain listing shows active jails only. */
export function jailState(raw: string | undefined): string {
  if (raw === undefined || raw === '' || raw.toUpperCase() === 'ACTIVE') return 'running';
  return raw.toLowerCase().slice(0, 32);
}

/** Keeps the addresses of the right family from a list or a comma-separated string. */
export function jailAddresses(raw: unknown, family: 'inet' | 'inet6'): string[] {
  const items = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : [];
  const ok = family === 'inet' ? isIpv4 : isIpv6;
  return items.filter((a): a is string => typeof a === 'string').map((a) => a.trim()).filter((a) => a !== '' && ok(a));
}

/** Adds a jail under its name, refusing duplicates beyond the cap. */
export function addJail(parser: string, jails: Map<string, Jail>, jail: Jail): void {
  if (!jails.has(jail.name) && jails.size >= MAX_JAILS) throw parseError(parser, `more than ${MAX_JAILS} jails`);
  jails.set(jail.name, jail);
}
