/**
 * The hand-off between the hosts of a fleet and whoever reads its results: a host's slot waits until
 * its result has been taken *and* the reader asks for the next one, so a slow reader (a full pipe, a
 * slow disk) slows the fleet instead of letting results pile up in memory.
 */

interface Item<V> {
  readonly value: V;
  /** Releases the slot that put the value. */
  readonly release: () => void;
}

/** An unbuffered queue: `put` resolves once the value was taken and released, or dropped. */
export class Handoff<V> {
  private readonly items: Item<V>[] = [];
  private taker: ((item: Item<V> | undefined) => void) | undefined;
  /** The item the reader holds: taken, not released yet. */
  private held: Item<V> | undefined;
  private ended = false;
  private dropped = false;

  /** Offers `value`; resolves once the reader released it, or at once after `drop()`. */
  put(value: V): Promise<void> {
    if (this.dropped) return Promise.resolve();
    return new Promise((release) => {
      const item = { value, release: () => release() };
      const taker = this.taker;
      this.taker = undefined;
      if (taker !== undefined) taker(item);
      else this.items.push(item);
    });
  }

  /** The next value with its release, or undefined once `end()` was called and nothing is left. */
  async take(): Promise<Item<V> | undefined> {
    const item = this.items.shift() ?? (this.ended || this.dropped ? undefined : await new Promise<Item<V> | undefined>((resolve) => (this.taker = resolve)));
    this.held = item;
    return item;
  }

  /** No more puts will come: a waiting `take` resolves with undefined. */
  end(): void {
    this.ended = true;
    this.wakeTaker();
  }

  /** The reader is gone: every waiting and later `put` resolves at once, its value dropped. */
  drop(): void {
    this.dropped = true;
    this.held?.release();
    for (const item of this.items.splice(0)) item.release();
    this.wakeTaker();
  }

  private wakeTaker(): void {
    const taker = this.taker;
    this.taker = undefined;
    taker?.(undefined);
  }
}
