/** The clock the interpreter waits on: injectable, so `delay`, `retry` and timeouts are tested without waiting. */

/** A source of time and timers. */
export interface Clock {
  /** Milliseconds, monotonic within the clock. */
  now(): number;
  /** Calls `fn` after `ms`; returns a function that cancels it. */
  setTimeout(fn: () => void, ms: number): () => void;
}

/** The real clock: `performance.now()` and Node timers. */
export const realClock: Clock = {
  now: () => performance.now(),
  setTimeout(fn, ms) {
    const id = setTimeout(fn, ms);
    return () => clearTimeout(id);
  },
};
