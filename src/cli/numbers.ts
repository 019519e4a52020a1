/**
 * Parsing the numeric options: durations (`30s`, `5m`, `1h`, `250ms`; a bare number is seconds, as in
 * ssh's ConnectTimeout and Ansible's timeout) and whole counts. Errors quote the option and the value.
 */
import { UsageError } from './usage-error.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Parses a duration into milliseconds; throws `UsageError` naming `option` when it is not one.
 * @example
 * parseDuration('1.5m', '--deadline'); // => 90000
 */
export function parseDuration(text: string, option: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  const ms = match === null ? NaN : Number(match[1]) * UNIT_MS[match[2] ?? 's']!;
  if (!(ms >= 1) || !Number.isFinite(ms)) {
    throw new UsageError(`${option} ${JSON.stringify(text)} is not a duration; write e.g. 30s, 5m, 1h or 500ms (a bare number is seconds)`);
  }
  return Math.round(ms);
}

/**
 * Parses a whole number within `[min, max]`; throws `UsageError` naming `option` otherwise.
 * @example
 * parseCount('32', '--concurrency', 1, 4096); // => 32
 */
export function parseCount(text: string, option: string, min: number, max: number): number {
  const value = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!(value >= min && value <= max)) {
    throw new UsageError(`${option} ${JSON.stringify(text)} must be a whole number from ${min} to ${max}`);
  }
  return value;
}
