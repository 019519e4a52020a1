/**
 * Small text helpers shared by the SunOS parsers: line splitting with a hard bound and blank
 * squeezing. MAC and firmware-string clean-up live in common/ (shared with Linux).
 */
import { ParseError } from '../parse-error.js';

/** The most lines any SunOS parser reads; a larger output is not something these commands print. */
export const MAX_LINES = 200_000;

/** Splits stdout into lines (LF or CRLF), refusing outputs too large to be real. */
export function splitLines(parser: string, stdout: string): string[] {
  const lines = stdout.split(/\r?\n/);
  if (lines.length > MAX_LINES) throw new ParseError(parser, `output has ${lines.length} lines, more than ${MAX_LINES}`);
  return lines;
}

/** Collapses runs of blanks inside a value (`Intel(r) Xeon(r) CPU    E5520  @ 2.27GHz`). */
export function squeeze(value: string): string {
  return value.trim().replace(/\s+/g, ' ');
}
