/** A manual clock: time moves only when the test says so, and due timers fire in order. */
import type { Clock } from '../interpreter/clock.js';

/**
 * A clock for `run({ clock })` whose time only moves with `advance`.
 * @example
 * const clock = new TestClock();
 * const task = run({ clock }, function* () { yield delay(1000); return 'done'; });
 * clock.advance(1000);
 * expect(task.result()).toBe('done');
 */
export class TestClock implements Clock {
  private time = 0;
  private seq = 0;
  private timers: Array<{ at: number; seq: number; fn: () => void }> = [];

  now(): number { return this.time; }

  setTimeout(fn: () => void, ms: number): () => void {
    const timer = { at: this.time + Math.max(0, ms), seq: this.seq++, fn };
    this.timers.push(timer);
    return () => { this.timers = this.timers.filter((t) => t !== timer); };
  }

  /** Timers not yet fired. */
  pending(): number { return this.timers.length; }

  /** Moves time forward by `ms`, firing every timer that falls due, earliest first. */
  advance(ms: number): void {
    // A negative or NaN step would move `now()` backwards or make it NaN, and Infinity would leave it there.
    if (!(ms >= 0 && ms < Infinity)) throw new RangeError(`TestClock.advance(ms): ms must be a finite number >= 0, received ${ms}`);
    const end = this.time + ms;
    for (;;) {
      let next: { at: number; seq: number; fn: () => void } | undefined;
      for (const t of this.timers) if (t.at <= end && (next === undefined || t.at < next.at || (t.at === next.at && t.seq < next.seq))) next = t;
      if (next === undefined) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.time = next.at;
      next.fn();
    }
    this.time = end;
  }

  /** Advances to the next due timer (if any) and fires it; returns whether one fired. */
  tick(): boolean {
    if (this.timers.length === 0) return false;
    const at = Math.min(...this.timers.map((t) => t.at));
    this.advance(at - this.time);
    return true;
  }
}
