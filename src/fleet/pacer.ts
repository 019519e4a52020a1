/**
 * Pacing a fleet's starts (issue 16, item 5). Connecting, starting a session (a login shell and its rc
 * files) and starting a command on a channel of its own are what a busy fleet piles up: started all at
 * once on CPU-starved hosts, each takes as long as all of them together, timeouts fire and the next
 * hosts find the machine busier still. The pacer lets a measured number of starts run at once across
 * the fleet, as TCP paces its packets:
 *
 * - It starts with eight, and measures each start. The quickest start of each kind seen so far is the
 *   reference of that kind: what it costs when nothing competes with it. A kind first seen once the
 *   fleet is busy (the first sessions start while other hosts connect) would take a slowed start for
 *   its reference: its first start is scaled down by how much slower than their own references the
 *   other kinds' recent starts ran.
 * - A start that ends within `tolerance` times its reference (and within 100 ms of it: less is a busy
 *   event loop's noise) adds one start at once while the fleet has starts waiting — doubling the limit
 *   with every round of starts until the first slow one, one more per round after that.
 * - A slower one shrinks the limit to 70%, once per round: starts that began before the last cut
 *   measured the load before it and do not cut again.
 *
 * So the limit grows for as long as more starts at once do not slow them down — hosts that only sit
 * behind network latency, each on its own CPU, get all the fleet's concurrency — and settles where they
 * would: hosts sharing a CPU (containers, VMs of one hypervisor, this project's bench), a client short
 * of CPU, a jump host. A start held longer than `holdCapMs` stops counting (a stuck host does not block
 * the fleet), and counts as slow. Hosts go in the fleet's order: a host already started goes before
 * the ones after it, so the hosts end one after another instead of all together at the end.
 */
import { debuglog } from 'node:util';
import type { StartGate, StartKind, StartPass } from '../executors/start-gate.js';

/** How the pacer adapts; every field has a default. */
export interface PacingOptions {
  /**
   * Starts at once before anything is measured (default 8: with 2, a fleet behind 20 ms of round trip
   * took a quarter longer, growing its limit round by round while its CPU idled; bench/fleet).
   */
  readonly initial?: number;
  /** Never fewer starts at once than this (default 1). */
  readonly min?: number;
  /** Never more (default no bound but the fleet's own). */
  readonly max?: number;
  /** A start slower than this many times the quickest of its kind is slowed by the others (default 3). */
  readonly tolerance?: number;
  /** A start held longer than this stops counting against the limit, as a slow one (default 10 s). */
  readonly holdCapMs?: number;
  /** Where the pacer says how its limit changes (default Node's `NODE_DEBUG=plesio`). */
  readonly debug?: (message: string) => void;
  /** The clock, in ms (default `performance.now`; tests pass their own). */
  readonly now?: () => number;
}

/** Below this difference from its reference, a start is never slow: timer and event-loop noise. */
const NOISE_MS = 100;
/** What a slow start leaves of the limit. */
const CUT = 0.7;

/** A start waiting for room. */
interface Waiting {
  readonly order: number;
  readonly seq: number;
  readonly kind: StartKind;
  readonly admit: () => void;
}

const nodeDebug = debuglog('plesio');

/**
 * Paces the starts of a fleet's executors; `runFleet` makes one per run (option `pacing`). Give each
 * host `gate()`, in the order the hosts start.
 * @example
 * const pacer = new StartPacer();
 * const executors = hosts.map((host) => sshExecutor(host, { startGate: pacer.gate() }));
 */
export class StartPacer {
  private current: number;
  private held = 0;
  private readonly queue: Waiting[] = [];
  private readonly quickest = new Map<StartKind, number>();
  private lastCut = -Infinity;
  /** How much slower than their references recent starts ran (a moving average of the ratios). */
  private slowdown = 1;
  private growing = true;
  private hosts = 0;
  private seq = 0;
  private readonly min: number;
  private readonly max: number;
  private readonly tolerance: number;
  private readonly holdCapMs: number;
  private readonly now: () => number;
  private readonly debug: (message: string) => void;

  constructor(options: PacingOptions = {}) {
    this.min = count('min', options.min ?? 1);
    this.max = options.max === undefined ? Infinity : count('max', options.max);
    this.current = Math.min(this.max, Math.max(this.min, count('initial', options.initial ?? 8)));
    this.tolerance = options.tolerance ?? 3;
    if (!(this.tolerance > 1)) throw new RangeError(`StartPacer: tolerance must be a number above 1, received ${String(options.tolerance)}`);
    this.holdCapMs = options.holdCapMs ?? 10_000;
    if (!(this.holdCapMs > 0)) throw new RangeError(`StartPacer: holdCapMs must be a positive number of ms, received ${String(options.holdCapMs)}`);
    this.now = options.now ?? (() => performance.now());
    this.debug = options.debug ?? ((message) => nodeDebug('%s', message));
  }

  /** Starts allowed at once now. */
  get limit(): number {
    return Math.floor(this.current);
  }

  /** Starts running now. */
  get running(): number {
    return this.held;
  }

  /** Starts waiting for room. */
  get waiting(): number {
    return this.queue.length;
  }

  /** The gate of the next host: its starts go before those of every host given a gate after it. */
  gate(): StartGate {
    const order = this.hosts++;
    return { enter: (kind, signal) => this.enter(order, kind, signal) };
  }

  private enter(order: number, kind: StartKind, signal: AbortSignal | undefined): Promise<StartPass> {
    if (signal?.aborted === true) return Promise.reject(signal.reason);
    if (this.queue.length === 0 && this.held < this.limit) return Promise.resolve(this.pass(kind));
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        const index = this.queue.indexOf(waiting);
        if (index !== -1) this.queue.splice(index, 1);
        reject(signal!.reason);
      };
      const waiting: Waiting = {
        order,
        seq: this.seq++,
        kind,
        admit: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(this.pass(kind));
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiting);
    });
  }

  private pass(kind: StartKind): StartPass {
    this.held++;
    const began = this.now();
    let left = false;
    const leave = (ok: boolean, capped: boolean): void => {
      if (left) return;
      left = true;
      clearTimeout(cap);
      this.held--;
      this.measure(kind, capped ? Infinity : this.now() - began, ok && !capped, began);
      this.admit();
    };
    const cap = setTimeout(() => leave(false, true), this.holdCapMs);
    // A pending cap must not keep a finished program alive.
    cap.unref?.();
    return { leave: (ok) => leave(ok, false) };
  }

  /** Lets waiting starts in, oldest host first, while there is room. */
  private admit(): void {
    while (this.queue.length > 0 && this.held < this.limit) {
      let next = 0;
      for (let i = 1; i < this.queue.length; i++) {
        const a = this.queue[i]!;
        const b = this.queue[next]!;
        if (a.order < b.order || (a.order === b.order && a.seq < b.seq)) next = i;
      }
      this.queue.splice(next, 1)[0]!.admit();
    }
  }

  private measure(kind: StartKind, ms: number, ok: boolean, began: number): void {
    const known = this.quickest.get(kind);
    if (known === undefined) {
      // A failure before any success of its kind says nothing about the load.
      if (ok) this.quickest.set(kind, ms / this.slowdown);
      return;
    }
    if (ok && ms < known) this.quickest.set(kind, ms);
    const reference = this.quickest.get(kind)!;
    if (ok) this.slowdown = Math.max(1, this.slowdown * 0.7 + (ms / reference) * 0.3);
    const slow = ms > Math.max(this.tolerance * reference, reference + NOISE_MS);
    if (slow) {
      if (began < this.lastCut) return;
      this.lastCut = this.now();
      this.growing = false;
      const before = this.limit;
      this.current = Math.max(this.min, this.current * CUT);
      this.debug(`pacing: ${this.limit} starts at once, was ${before}: a ${kind} start took ${Number.isFinite(ms) ? `${Math.round(ms)} ms` : `over ${this.holdCapMs} ms`}, the quickest ${Math.round(reference)} ms`);
      return;
    }
    if (!ok || this.queue.length === 0 || this.current >= this.max) return;
    const before = this.limit;
    this.current = Math.min(this.max, this.current + (this.growing ? 1 : 1 / this.current));
    if (this.limit !== before) this.debug(`pacing: ${this.limit} starts at once (a ${kind} start took ${Math.round(ms)} ms, the quickest ${Math.round(reference)} ms)`);
  }
}

function count(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`StartPacer: ${name} must be a whole number of at least 1, received ${String(value)}`);
  return value;
}
