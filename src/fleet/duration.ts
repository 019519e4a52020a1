/** Durations in messages: what a person reads in a summary line or an error. */

/**
 * A duration for messages: `250 ms`, `30 s`, `5 min`.
 * @example
 * formatDuration(90_000); // => '90 s'
 */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${Number((ms / 1000).toFixed(1))} s`;
  return `${Number((ms / 60_000).toFixed(1))} min`;
}
