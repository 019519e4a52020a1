/**
 * The bound on parallel channels over one connection, and what to do when the server refuses one.
 * OpenSSH refuses sessions past its MaxSessions (10 by default), so plesio opens at most 8. sshd also
 * refuses briefly while it has not yet reaped sessions that just ended: a refused channel is first
 * retried at once; if the refusals go on, the bound drops to what is in flight and the command waits
 * for one of its siblings to finish, instead of failing the scan. The bound grows back after successes.
 */
import { delay } from '../abortable.js';

/** Quick retries of a refused channel before the bound is lowered: sshd's reaping takes milliseconds. */
const QUICK_RETRIES = 2;
/** Backed-off retries when no sibling channel is open to free a session, before giving up. */
const IDLE_RETRIES = 5;

/** A counting semaphore whose limit drops on refusal and creeps back up to its maximum. */
export class ChannelSlots {
  private active = 0;
  private limit: number;
  private successes = 0;
  private readonly waiters: Array<() => void> = [];

  constructor(private readonly max: number) {
    this.limit = max;
  }

  /** Channels currently held. */
  get inFlight(): number {
    return this.active;
  }

  /** The current bound (lowered by refusals). */
  get capacity(): number {
    return this.limit;
  }

  /** Waits for a free slot; rejects with `aborted()` if the signal fires first. */
  acquire(signal: AbortSignal | undefined, aborted: () => Error): Promise<void> {
    if (signal?.aborted) return Promise.reject(aborted());
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        const index = this.waiters.indexOf(wake);
        if (index !== -1) this.waiters.splice(index, 1);
        reject(aborted());
      };
      const wake = (): void => {
        signal?.removeEventListener('abort', onAbort);
        this.active++;
        resolve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(wake);
    });
  }

  /** Frees a slot and wakes waiters while the bound allows. */
  release(): void {
    this.active--;
    this.wake();
  }

  private wake(): void {
    while (this.active < this.limit && this.waiters.length > 0) this.waiters.shift()!();
  }

  /**
   * Runs `attempt` holding a slot; when it reports `'refused'`, retries as described above, and
   * rejects with `refused()` when nothing of ours can free a session and the retries are spent.
   */
  async run<T>(signal: AbortSignal | undefined, aborted: () => Error, refused: () => Error, attempt: () => Promise<T | 'refused'>): Promise<T> {
    await this.acquire(signal, aborted);
    let held = true;
    try {
      for (let quick = 0, idle = 0; ; ) {
        const outcome = await attempt();
        if (outcome !== 'refused') {
          this.granted();
          return outcome;
        }
        if (quick++ < QUICK_RETRIES) {
          await delay(10 * quick, signal, aborted);
          continue;
        }
        const others = this.active - 1;
        if (others === 0 && idle++ >= IDLE_RETRIES) throw refused();
        this.lower(others);
        held = false;
        this.release();
        // Nothing of ours to wait for (a stopped command may still hold a session there): back off.
        if (others === 0) await delay(50 * 2 ** idle, signal, aborted);
        await this.acquire(signal, aborted);
        held = true;
        quick = 0;
      }
    } finally {
      if (held) this.release();
    }
  }

  /** Lowers the bound (never below 1) after the server refused a channel. */
  lower(to: number): void {
    this.limit = Math.max(1, Math.min(this.limit, to));
    this.successes = 0;
  }

  /**
   * Counts a channel the server granted; after as many in a row as the bound, the bound grows by one.
   * A server that truly allows fewer sessions then costs one refused request per few commands.
   */
  granted(): void {
    if (this.limit >= this.max || ++this.successes < this.limit) return;
    this.limit++;
    this.successes = 0;
    this.wake();
  }
}
