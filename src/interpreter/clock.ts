/** The clock the interpreter waits on: injectable, so `delay`, `retry` and timeouts are tested without waiting. */

/** A source of time and timers. */
export interface Clock {
  /** Milliseconds, monotonic within the clock. */
  now(): number;
  /** Calls `fn` after `ms`; returns a function that cancels it. */
  setTimeout(fn: () => void, ms: number): () => void;
}

/** The longest wait one Node timer holds; past it Node fires after 1 ms (with a TimeoutOverflowWarning). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The real clock: `performance.now()` and Node timers. */
export const realClock: Clock = {
  now: () => performance.now(),
  setTimeout(fn, ms) {
    if (ms <= MAX_TIMER_MS) {
      const id = setTimeout(fn, ms);
      return () => clearTimeout(id);
    }
    // `delay(Infinity)` is never due; a finite long wait is chained in steps a timer can hold, so that
    // neither fires after 1 ms.
    if (!Number.isFinite(ms)) return () => {};
    let remaining = ms;
    let id: ReturnType<typeof setTimeout>;
    const wait = (): void => {
      const step = Math.min(remaining, MAX_TIMER_MS);
      remaining -= step;
      id = setTimeout(remaining > 0 ? wait : fn, step);
    };
    wait();
    return () => clearTimeout(id);
  },
};
