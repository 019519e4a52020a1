/**
 * `sysctl name...` output, as the BSDs and macOS print it: one `name: value` line per name (FreeBSD,
 * DragonFly, macOS), `name=value` (OpenBSD) or `name = value` (NetBSD). A name that is a node prints
 * every leaf under it; an unknown name prints a warning on stderr and nothing on stdout, so one command
 * can ask for the union of the names every BSD knows. The readers below pick the names they need.
 */
import { parseError, splitLines } from './text.js';

/** The most lines read: a full `sysctl -a` prints about 10,000; more is not sysctl talking. */
export const MAX_SYSCTL_LINES = 100_000;

// A name is dotted words (FreeBSD allows `%` and `-` in leaves: `dev.cpu.0.%desc`, `machdep.dmi.bios-date`).
const LINE = /^([A-Za-z_][A-Za-z0-9_%-]*(?:\.[A-Za-z0-9_%-]+){0,15})(?:: ?| ?= ?)(.*)$/;

/**
 * Reads the `name: value` lines into a map (first value wins). Lines that are not of that shape are
 * the continuation lines of multi-line values (`kern.geom.confxml`) and are skipped; an output without
 * a single sysctl line is an error.
 */
export function parseSysctl(parser: string, stdout: string): Map<string, string> {
  const lines = splitLines(stdout);
  if (lines.length > MAX_SYSCTL_LINES) throw parseError(parser, `more than ${MAX_SYSCTL_LINES} lines`);
  const values = new Map<string, string>();
  for (const line of lines) {
    const m = LINE.exec(line);
    if (m !== null && !values.has(m[1]!)) values.set(m[1]!, m[2]!.trim());
  }
  if (values.size === 0) throw parseError(parser, 'no "name: value" sysctl line', lines.find((l) => l.trim() !== ''));
  return values;
}

/** The first of `names` that has a non-empty value. */
export function firstValue(values: ReadonlyMap<string, string>, names: readonly string[]): [string, string] | undefined {
  for (const name of names) {
    const value = values.get(name);
    if (value !== undefined && value !== '') return [name, value];
  }
  return undefined;
}

/** A sysctl integer (decimal, at most 20 digits; the safe-integer check is the caller's). */
export function sysctlInteger(value: string | undefined): number | undefined {
  if (value === undefined || !/^[0-9]{1,20}$/.test(value)) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** A count such as `hw.ncpu`: a positive integer below a million, else `undefined`. */
export function sysctlCount(value: string | undefined): number | undefined {
  const n = sysctlInteger(value);
  return n !== undefined && n > 0 && n < 1_000_000 ? n : undefined;
}
