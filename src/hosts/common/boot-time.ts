/** The `boot_time` fact: when the kernel booted, as ISO 8601 in UTC. */

/** Epoch seconds to ISO 8601 UTC (`2024-03-01T08:15:00Z`), or `undefined` outside 1970-9999. */
export function isoFromEpoch(seconds: number): string | undefined {
  if (!Number.isSafeInteger(seconds) || seconds < 0 || seconds > 253_402_300_799) return undefined;
  return new Date(seconds * 1000).toISOString().replace(/\.000Z$/, 'Z');
}
