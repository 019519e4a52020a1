/**
 * `uname`, asked field by field. The fields of `uname -a` cannot be split reliably (the kernel version
 * holds spaces, GNU omits unknown fields, BusyBox prints fewer), so each field is asked alone and the
 * full `uname -a` line is kept last, verbatim, for the `uname` fact.
 */
import type { ParserSpec } from '../fact.js';
import { parseError, splitLines } from './text.js';

/** What `uname` says about the kernel and the machine. */
export interface Uname {
  /** The full `uname -a` line. */
  readonly uname: string;
  /** `uname -s`, e.g. `Linux` or `SunOS`: the host saga branches on it. */
  readonly kernel_name: string;
  /** `uname -n`. */
  readonly nodename: string;
  /** `uname -r`, the `kernel` fact, e.g. `6.1.0-18-amd64` or `5.11`. */
  readonly kernel_release: string;
  /** `uname -v`, e.g. `#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)` or `11.4.42.111.0`. */
  readonly kernel_version: string;
  /** `uname -m`, the `architecture` fact, e.g. `x86_64`, `aarch64`, `i86pc`, `sun4v`. */
  readonly architecture: string;
}

const NAME = 'common.uname';

/** Fields that never hold a space, and a line that must not be empty. */
function field(line: string | undefined, what: string, spaces: boolean): string {
  const value = (line ?? '').trim();
  if (value.length === 0) throw parseError(NAME, `no ${what} line`);
  if (!spaces && /\s/.test(value)) throw parseError(NAME, `the ${what} holds a space`, value);
  return value;
}

/** Parses the six lines of `uname -s; -n; -r; -v; -m; -a`. */
export function parseUname(stdout: string): Uname {
  const lines = splitLines(stdout);
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  if (lines.length !== 6) throw parseError(NAME, `expected 6 lines, got ${lines.length}`, lines[0]);
  const kernelName = field(lines[0], 'kernel name', false);
  const uname = field(lines[5], 'uname -a', true);
  // A sanity link between the lines: `uname -a` always starts with the kernel name.
  if (!uname.startsWith(kernelName)) throw parseError(NAME, 'the uname -a line does not start with the kernel name', uname);
  const machine = field(lines[4], 'machine', false);
  return {
    uname,
    kernel_name: kernelName,
    nodename: field(lines[1], 'node name', false),
    kernel_release: field(lines[2], 'kernel release', false),
    kernel_version: field(lines[3], 'kernel version', true),
    // AIX's `uname -m` is the machine ID (00F84C0C4C00); AIX runs on POWER only, and `uname -p` says powerpc.
    architecture: kernelName === 'AIX' && /^[0-9A-F]{12}$/.test(machine) ? 'powerpc' : machine,
  };
}

/** The kernel name, release, version, machine and the full `uname -a` line; the same on Linux and SunOS. */
export const commonUname: ParserSpec<Uname> = {
  name: NAME,
  command: 'uname -s; uname -n; uname -r; uname -v; uname -m; uname -a',
  parse: parseUname,
  description: 'Reads uname field by field and returns the kernel name, release, version, architecture and the full uname -a line.',
};
