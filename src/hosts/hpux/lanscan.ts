/**
 * `lanscan -iap` lists every LAN interface of HP-UX with its station address, one per line:
 * `0x0016353EAC5C lan0 snap0     0`. An APA aggregate not configured yet shows the address
 * `0x000000000000` (no MAC).
 */
import type { ParserSpec } from '../fact.js';
import { normaliseMac } from '../common/interfaces.js';
import { parseError, splitLines, words } from '../common/text.js';

const NAME = 'hpux.lanscan';

/** Parses `lanscan -iap` into interface → MAC (in the order listed). */
export function parseLanscan(stdout: string): Record<string, string | null> {
  const lines = splitLines(stdout);
  if (lines.length > 100_000) throw parseError(NAME, 'more than 100000 lines');
  const macs = new Map<string, string | null>();
  for (const line of lines) {
    if (line.trim() === '') continue;
    const [address, name] = words(line);
    if (address === undefined || name === undefined || !/^0x[0-9A-Fa-f]{12}$/.test(address) || !/^[A-Za-z][A-Za-z0-9_.]{0,31}$/.test(name)) {
      throw parseError(NAME, 'expected "0x<12 hex digits> <interface> ..."', line);
    }
    macs.set(name, normaliseMac(address.slice(2).match(/../g)!.join(':')));
  }
  if (macs.size === 0) throw parseError(NAME, 'no interface');
  return Object.fromEntries(macs);
}

/** The LAN interfaces and their MAC addresses. */
export const hpuxLanscan: ParserSpec<Record<string, string | null>> = {
  name: NAME,
  command: '/usr/sbin/lanscan -iap',
  parse: parseLanscan,
  description: 'Reads lanscan -iap and returns each LAN interface with its MAC address.',
};
