/**
 * `zoneadm list -cp` prints one colon-separated line per zone, in every state:
 * `zoneid:zonename:state:zonepath:uuid:brand:ip-type[:r/w:file-mac-profile]` (Solaris 11) or
 * `...:ip-type:debugid` (illumos). Solaris 10 3/05 stops after the zonepath; uuid came with 11/06,
 * brand and ip-type with 8/07. Solaris 11 escapes a `:` inside a field as `\:` and `\` as `\\`.
 */
import type { ParserSpec } from '../fact.js';
import { enforceCap, LIMITS } from '../common/limits.js';
import { ParseError } from '../parse-error.js';
import { splitLines } from './text.js';

/** One zone, with the keys of the 2009 scanner. */
export interface Zone {
  readonly brand: string | null;
  /** `shared` or `exclusive` (zonecfg's words; zoneadm abbreviates the latter to `excl`). */
  readonly ip_mode: string | null;
  /** The zonepath. */
  readonly root: string | null;
  /** configured, incomplete, unavailable, installed, ready, running, shutting_down or down. */
  readonly state: string;
  readonly uuid: string | null;
  readonly zonename: string;
}

/** Every zone by name, `global` included where the listing shows it (from the global zone), as Facter lists it. */
export type Zones = Record<string, Zone>;

const NAME = 'sunos.zoneadm-list';
const ZONE_ID = /^(?:-|\d{1,10})$/;
const STATE = /^[a-z][a-z_]{0,31}$/;
// zonecfg(1M): alphanumerics, '-', '_' and '.', starting with an alphanumeric, at most 64 bytes.
const ZONE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** Splits one line on unescaped colons, undoing the `\:` and `\\` escapes. */
function fields(line: string): string[] {
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '\\' && i + 1 < line.length) {
      current += line[i + 1];
      i++;
    } else if (c === ':') {
      out.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  out.push(current);
  return out;
}

function ipMode(value: string | undefined): string | null {
  if (value === undefined || value === '') return null;
  return value === 'excl' ? 'exclusive' : value;
}

function orNull(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value;
}

function parse(stdout: string): Zones {
  const zones: Zones = {};
  let seen = 0;
  for (const raw of splitLines(NAME, stdout)) {
    const line = raw.trim();
    if (line === '') continue;
    const [id, name, state, path, uuid, brand, ip] = fields(line);
    if (id === undefined || !ZONE_ID.test(id) || name === undefined || !ZONE_NAME.test(name) || state === undefined || !STATE.test(state) || path === undefined) {
      throw new ParseError(NAME, 'expected zoneid:zonename:state:zonepath[:uuid:brand:ip-type...]', line);
    }
    seen++;
    enforceCap(NAME, 'zones', seen, LIMITS.items);
    zones[name] = { brand: orNull(brand), ip_mode: ipMode(ip), root: orNull(path), state, uuid: orNull(uuid), zonename: name };
  }
  // Even inside a non-global zone the listing shows that zone, so an empty output is a failure.
  if (seen === 0) throw new ParseError(NAME, 'no zone listed (not even global)');
  return zones;
}

/** Lists the zones in every state, the global zone included, from `zoneadm list -cp`. */
export const zoneadmListSpec: ParserSpec<Zones> = {
  name: NAME,
  command: '/usr/sbin/zoneadm list -cp',
  parse,
  description: 'zoneadm list -cp: every zone by name (global included), with brand, ip_mode, zonepath, state and uuid',
};
