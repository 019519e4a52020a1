/**
 * The session shell's marker lines as typed messages. Everything a host sends is untrusted: a marker is
 * only what the script in script.ts writes, field for field, and anything else is a reason to give the
 * session up (see `parseMarker`). Whether a well-formed marker fits the session's state — an id the
 * client sent, a start before the end — is the session's to check.
 */

/** Who runs the commands, and how each gets a process group of its own: perl (mux.ts), or the shell through setsid, perl or nothing. */
export type Grouping = 'mux' | 'setsid' | 'perl' | 'none';

/** One marker, as the session shell writes it after the boundary. */
export type Marker =
  /** The login shell's family, first thing: the session shell is alive. */
  | { kind: 'L'; family: 'sh' | 'csh' }
  /** The session shell is ready for requests. */
  | { kind: 'R'; grouping: Grouping }
  /** Command `id` started. */
  | { kind: 'S'; id: number }
  /** The bytes up to the next marker are output of command `id`, on `stream`. */
  | { kind: 'D'; id: number; stream: 'stdout' | 'stderr' }
  /** Command `id` ended (after all its output), with an exit code or a signal. */
  | { kind: 'E'; id: number; code: number | null; signal: string | null }
  /** The stop request for command `id` was read (the kill follows). */
  | { kind: 'X'; id: number }
  /** The session shell is gone (its commands are being killed): whatever ends after this ended with it. */
  | { kind: 'Q' };

/** The longest id the client ever sends: ids count up from 1 per session. */
const ID = /^[1-9][0-9]{0,14}$/;
/** What `kill -l` prints for a signal number: `TERM`, `RTMIN+3`. */
const SIGNAL = /^[A-Z][A-Z0-9+-]{0,15}$/;
const GROUPINGS: readonly string[] = ['mux', 'setsid', 'perl', 'none'];

/**
 * Reads one marker's fields; a string says what is wrong with them.
 * @example
 * parseMarker(['E', '3', 'c', '0']); // => { kind: 'E', id: 3, code: 0, signal: null }
 * parseMarker(['E', '3', 'c', '256']); // => 'an exit code out of range in "E 3 c 256"'
 */
export function parseMarker(fields: readonly string[]): Marker | string {
  const [kind, a, b, c] = fields;
  const wrong = (what: string): string => `${what} in ${describeMarker(fields)}`;
  const count = (n: number): boolean => fields.length === n;
  switch (kind) {
    case 'L':
      return count(2) && (a === 'sh' || a === 'csh') ? { kind, family: a } : wrong('an unknown login shell family');
    case 'R':
      return count(2) && GROUPINGS.includes(a!) ? { kind, grouping: a as Grouping } : wrong('a malformed ready line');
    case 'Q':
      return count(1) ? { kind } : wrong('a malformed quit marker');
    case 'S':
    case 'X':
      return count(2) && ID.test(a!) ? { kind, id: Number(a) } : wrong('a malformed command id');
    case 'D':
      if (!count(3) || !ID.test(a!)) return wrong('a malformed command id');
      return b === 'o' || b === 'e' ? { kind, id: Number(a), stream: b === 'o' ? 'stdout' : 'stderr' } : wrong('an unknown stream');
    case 'E': {
      if (!count(4) || !ID.test(a!)) return wrong('a malformed end marker');
      if (b === 'c') return /^(?:0|[1-9][0-9]{0,2})$/.test(c!) && Number(c) <= 255 ? { kind, id: Number(a), code: Number(c), signal: null } : wrong('an exit code out of range');
      if (b === 's') return SIGNAL.test(c!) ? { kind, id: Number(a), code: null, signal: c! } : wrong('a malformed signal name');
      return wrong('an unknown status kind');
    }
    default:
      return wrong('an unknown marker');
  }
}

/** A marker's fields for a message: quoted, and cut short (they hold only safe characters, see markers.ts). */
export function describeMarker(fields: readonly string[]): string {
  const text = fields.join(' ');
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}
