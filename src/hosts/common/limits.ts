/**
 * Caps on the lists a parser builds from a host's output. A host decides what it prints, so a list is
 * only as long as it says; past these caps the output is not a real machine's (or not one plesio can
 * report usefully) and the parser throws a `ParseError` naming the cap: one fact fails, the host's
 * other facts stay. Each cap sits well above the largest real system we know of: a router's full
 * IPv4 table is ~1M routes, but no host sends that through `ip route` under the 16 MiB output cap;
 * distribution installs hold 1,000-10,000 packages; a large hypervisor a few thousand interfaces.
 */
import { ParseError } from '../parse-error.js';

/** The caps, by what is counted. */
export const LIMITS = {
  /** Network interfaces (links) of one host. */
  interfaces: 16_384,
  /** Addresses of one interface (issue 13: 150,000 of them on one interface is an attack). */
  addressesPerInterface: 65_536,
  /** Routes of one address family. */
  routes: 200_000,
  /** Mounted filesystems. */
  filesystems: 100_000,
  /** Block devices (disks). */
  disks: 65_536,
  /** Installed packages. */
  packages: 200_000,
  /** Services (units, init scripts, SMF instances). */
  services: 100_000,
  /** Any other list of small items: zones, pools, keys, name servers, search domains. */
  items: 65_536,
} as const;

/**
 * Throws a `ParseError` when `count` is past `cap`; call it as a list grows, so a hostile output stops
 * at the cap instead of after building the whole list.
 * @example
 * enforceCap('linux.lsblk', 'disks', disks.size, LIMITS.disks);
 */
export function enforceCap(parser: string, what: string, count: number, cap: number): void {
  if (count > cap) throw new ParseError(parser, `more than ${cap} ${what} (plesio's cap on this list)`);
}
