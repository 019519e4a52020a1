/**
 * Waiting that an `AbortSignal` can cut short, with the listener and timer released either way.
 */

/** Awaits `promise`, or rejects with `aborted()` as soon as the signal fires. */
export async function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined, aborted: () => Error): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) throw aborted();
  let onAbort: () => void = () => undefined;
  const abort = new Promise<never>((_, reject) => (onAbort = () => reject(aborted())));
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await Promise.race([promise, abort]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** Resolves after `ms`, or rejects with `aborted()` when the signal fires first. */
export async function delay(ms: number, signal: AbortSignal | undefined, aborted: () => Error): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await untilAborted(new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))), signal, aborted);
  } finally {
    clearTimeout(timer);
  }
}
