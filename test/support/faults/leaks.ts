/**
 * What a scan left running, measured with `process.getActiveResourcesInfo()`: sockets, timers and child
 * processes that did not exist before it. Closing takes a few ticks (a socket's 'close' comes after its
 * FIN is answered), so the check waits, briefly, for the count to come back down.
 */
import { activeResources, leakedSince } from '../handles.js';

/**
 * The resources still open beyond `before`, after up to `settleMs` for closes to complete; `{}` when none.
 * @example
 * const before = activeResources();
 * await scan();
 * expect(await leftBehind(before)).toEqual({});
 */
export async function leftBehind(before: Record<string, number>, settleMs = 2_000): Promise<Record<string, number>> {
  const until = performance.now() + settleMs;
  for (;;) {
    await new Promise((resolve) => setImmediate(resolve));
    const leaked = leakedSince(before);
    if (Object.keys(leaked).length === 0 || performance.now() > until) return leaked;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export { activeResources };
