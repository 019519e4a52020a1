/**
 * Small, linear-time text helpers shared by the parsers. None of them uses a regular expression that
 * can backtrack badly, so a parser built on them stays fast on hostile input.
 */
import { ParseError } from '../parse-error.js';

/** Splits command output into lines, accepting `\n` and `\r\n` line ends. */
export function splitLines(stdout: string): string[] {
  return stdout.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
}

/** Splits a line into whitespace-separated words. */
export function words(line: string): string[] {
  return line.split(/[ \t]+/).filter((w) => w.length > 0);
}

/** Splits `key<sep>value` at the first separator; `undefined` when the separator is absent. */
export function splitOnce(line: string, separator: string): [string, string] | undefined {
  const at = line.indexOf(separator);
  return at < 0 ? undefined : [line.slice(0, at), line.slice(at + separator.length)];
}

/** Parses a non-negative decimal integer of at most 15 digits (always a safe integer), else `undefined`. */
export function parseCount(text: string): number | undefined {
  return /^[0-9]{1,15}$/.test(text) ? Number(text) : undefined;
}

/**
 * Builds a `ParseError` for `parser`, quoting the offending line.
 * @example
 * throw parseError('linux.meminfo', 'no MemTotal line', firstLine)
 */
export function parseError(parser: string, message: string, excerpt?: string): ParseError {
  return new ParseError(parser, message, excerpt);
}

/** Returns `stdout` unless it is empty or only whitespace, in which case it throws a `ParseError`. */
export function requireOutput(parser: string, stdout: string): string {
  if (stdout.trim().length === 0) throw parseError(parser, 'the command printed nothing');
  return stdout;
}
