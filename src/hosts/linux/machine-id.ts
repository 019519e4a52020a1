/**
 * The machine ID systemd and D-Bus keep: `/etc/machine-id` (systemd's) and `/var/lib/dbus/machine-id`
 * (D-Bus's, usually a link to the first or a copy of it). Ansible's platform collector reads the D-Bus
 * file first and falls back to systemd's; plesio keeps that precedence so `ansible_machine_id` is the
 * value Ansible would gather. One `grep -s .` prints both as `PATH:LINE` (empty files print nothing).
 *
 * A machine ID is 32 lowercase hexadecimal digits, not all zero (machine-id(5)). What a host sends is
 * untrusted, so the value is checked rather than taken as is:
 * - a file holding a valid ID gives it, the D-Bus file before systemd's;
 * - a file holding something else (a dashed UUID `uuidgen` wrote, several lines, garbage) is passed
 *   over: D-Bus itself refuses such a file, and the other file may hold the real ID;
 * - `null` when neither file holds anything but systemd's `uninitialized` marker (an image not yet
 *   booted, or a read-only confext): no ID has been set, which is a state, not a fault;
 * - a `ParseError` when something was there but none of it is an ID: the operator should see what the
 *   host sent, not a silent "no ID".
 */
import type { ParserSpec } from '../fact.js';
import { parseError, splitLines } from '../common/text.js';

const NAME = 'linux.machine-id';
/** The files read, in Ansible's precedence, as the file sweep lists them. */
export const MACHINE_ID_FILES: readonly string[] = ['/var/lib/dbus/machine-id', '/etc/machine-id'];
/** systemd's marker for "no ID yet, generate one at the next boot" (machine-id(5), First Boot Semantics). */
const UNINITIALIZED = 'uninitialized';
const ID = /^[0-9a-f]{32}$/;
const ZERO = '0'.repeat(32);

/** The file's one line if it is a machine ID; `undefined` for anything else. */
function idOf(lines: readonly string[]): string | undefined {
  if (lines.length !== 1) return undefined;
  const id = lines[0]!;
  return ID.test(id) && id !== ZERO ? id : undefined;
}

/** Parses the `PATH:LINE` output into the machine ID; `null` when none is set. */
export function parseMachineId(stdout: string): string | null {
  const files = new Map<string, string[]>();
  for (const line of splitLines(stdout)) {
    if (line.trim() === '') continue;
    const file = MACHINE_ID_FILES.find((f) => line.startsWith(f + ':'));
    if (file === undefined) throw parseError(NAME, 'not a "FILE:line" line of the machine-id files', line);
    const text = line.slice(file.length + 1).trim();
    // A blank line is no content, as Ansible strips the file before reading it.
    if (text === '') continue;
    const lines = files.get(file) ?? [];
    // Two lines already make the file no ID: keep no more of a file a host may make large.
    if (lines.length < 2) lines.push(text);
    files.set(file, lines);
  }
  for (const file of MACHINE_ID_FILES) {
    const id = idOf(files.get(file) ?? []);
    if (id !== undefined) return id;
  }
  const other = [...files.entries()].find(([, lines]) => !(lines.length === 1 && lines[0] === UNINITIALIZED));
  if (other !== undefined) throw parseError(NAME, `${other[0]} holds no machine ID (32 lowercase hexadecimal digits)`, other[1].join(' '));
  return null;
}

/** The machine ID of systemd and D-Bus. */
export const linuxMachineId: ParserSpec<string | null> = {
  name: NAME,
  command: 'grep -s -H . ' + MACHINE_ID_FILES.join(' ') + ' || true',
  parse: parseMachineId,
  description: 'Reads /var/lib/dbus/machine-id, then /etc/machine-id (Ansible\'s order) and returns the first that holds a machine ID (32 lowercase hex digits); null when none is set.',
};
