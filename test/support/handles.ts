/**
 * Active-handle accounting: what a test leaves running (sockets, timers, child processes), measured
 * with `process.getActiveResourcesInfo()` before and after.
 */

/** Counts active resources by type, e.g. `{ TCPSocketWrap: 2, Timeout: 1 }`. */
export function activeResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}

/** The resource types that grew since `before`, with how many more there are. */
export function leakedSince(before: Record<string, number>): Record<string, number> {
  const leaked: Record<string, number> = {};
  for (const [type, count] of Object.entries(activeResources())) {
    const extra = count - (before[type] ?? 0);
    if (extra > 0) leaked[type] = extra;
  }
  return leaked;
}

/** Lets pending close callbacks run (a socket's 'close' comes a tick after `end`). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
}
