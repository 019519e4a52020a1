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

/**
 * Splits the concatenated JSON arrays or objects some commands print one after the other
 * (`ip -j route; ip -j -6 route`) into their texts, in one linear pass that tracks nesting and
 * strings. `undefined` when the text is not such a sequence (then `JSON.parse` of the whole names
 * the fault); at most `max` values.
 */
export function splitJsonValues(text: string, max = 16): string[] | undefined {
  const values: string[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) {
      if (depth === 0) return undefined;
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (depth++ === 0) start = i;
    } else if (c === 0x5d || c === 0x7d) {
      if (depth === 0) return undefined;
      if (--depth === 0) {
        values.push(text.slice(start, i + 1));
        if (values.length > max) return undefined;
      }
    } else if (depth === 0 && c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) {
      return undefined;
    }
  }
  return depth === 0 && !inString ? values : undefined;
}

/** `JSON.parse(text)`, or a `ParseError` saying why the text is not JSON. */
export function parseJson(parser: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw parseError(parser, `not JSON: ${e instanceof Error ? e.message : String(e)}`, text.trimStart().slice(0, 80));
  }
}
