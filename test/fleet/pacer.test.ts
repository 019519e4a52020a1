/**
 * The fleet's start pacer, driven by a clock the test moves: how many starts it lets run at once, how
 * the limit grows and shrinks with the measured latency, in which order waiting starts go, and that an
 * abort or a stuck start never wedges it.
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { StartKind, StartPass } from '../../src/executors/start-gate.js';
import { StartPacer, type PacingOptions } from '../../src/fleet/pacer.js';

/** A pacer on a clock the test sets, with its debug lines kept. */
function pacerAt(options: PacingOptions = {}) {
  let clock = 0;
  const lines: string[] = [];
  const pacer = new StartPacer({ now: () => clock, debug: (line) => lines.push(line), ...options });
  return { pacer, lines, at: (ms: number) => void (clock = ms) };
}

/** Settles pending promise callbacks. */
const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A start entered through `gate`, with whether it got in yet. */
function enter(gate: ReturnType<StartPacer['gate']>, kind: StartKind = 'connect', signal?: AbortSignal) {
  const entry = { pass: undefined as StartPass | undefined, error: undefined as unknown };
  const promise = gate.enter(kind, signal).then((pass) => void (entry.pass = pass), (error: unknown) => void (entry.error = error));
  return Object.assign(entry, { promise });
}

afterEach(() => {
  vi.useRealTimers();
});

describe('StartPacer', () => {
  test('lets `initial` starts run at once; the next waits until one of them is over', async () => {
    const { pacer } = pacerAt({ initial: 2 });
    const gate = pacer.gate();
    const [a, b, c] = [enter(gate), enter(gate), enter(gate)];
    await flush();
    expect([a.pass, b.pass, c.pass].map((p) => p !== undefined)).toEqual([true, true, false]);
    expect([pacer.running, pacer.waiting]).toEqual([2, 1]);
    a.pass!.leave(true);
    await flush();
    expect(c.pass).toBeDefined();
    // Leaving twice changes nothing.
    a.pass!.leave(true);
    expect(pacer.running).toBe(2);
  });

  test('grows by one per quick start while starts wait, and not at all while nothing waits', async () => {
    const { pacer, at } = pacerAt({ initial: 2 });
    const gate = pacer.gate();
    const first = [enter(gate), enter(gate)];
    await flush();
    at(100);
    // Nothing waits: the limit is not what holds the fleet back, so it stays.
    first[0]!.pass!.leave(true);
    expect(pacer.limit).toBe(2);
    const waiting = [enter(gate), enter(gate), enter(gate)];
    await flush();
    expect(pacer.waiting).toBe(2);
    at(120);
    // 20 ms after it began, the quickest connect so far (100 ms) is its reference: quick.
    waiting[0]!.pass!.leave(true);
    await flush();
    expect(pacer.limit).toBe(3);
    expect(pacer.running).toBe(3);
  });

  test('a start slower than `tolerance` times the quickest cuts the limit to 70%, once for the starts begun before the cut', async () => {
    const { pacer, at, lines } = pacerAt({ initial: 10, tolerance: 3 });
    const gate = pacer.gate();
    const starts = Array.from({ length: 12 }, () => enter(gate));
    await flush();
    at(200);
    starts[0]!.pass!.leave(true); // the reference: 200 ms
    at(800);
    // 800 ms, 4x the quickest and 600 ms past it: slowed by the others.
    starts[1]!.pass!.leave(true);
    expect(pacer.limit).toBe(7);
    expect(lines.at(-1)).toMatch(/pacing: 7 starts at once, was 10: a connect start took 800 ms, the quickest 200 ms/);
    // Begun before that cut: it measured the same load, and cuts nothing more.
    starts[2]!.pass!.leave(true);
    expect(pacer.limit).toBe(7);
  });

  test('after the first cut it grows by one per round of starts, not by one per start', async () => {
    const { pacer, at } = pacerAt({ initial: 10, tolerance: 3 });
    const gate = pacer.gate();
    const starts = Array.from({ length: 40 }, () => enter(gate));
    await flush();
    at(100);
    starts[0]!.pass!.leave(true);
    await flush();
    at(1_000);
    starts[1]!.pass!.leave(true);
    expect(pacer.limit).toBe(7);
    // The starts begun before the cut end (the 11th got in when the first ended): slow, but they
    // measured the old load.
    for (const s of starts.slice(2, 11)) s.pass!.leave(true);
    await flush();
    expect(pacer.limit).toBe(7);
    const admitted = starts.filter((s, i) => i >= 11 && s.pass !== undefined);
    expect(admitted).toHaveLength(7);
    at(1_050);
    // Quick starts begun after the cut: one more start at once per round of 7, where before the cut
    // each quick start added one.
    admitted[0]!.pass!.leave(true);
    expect(pacer.limit).toBe(7);
    for (const s of admitted.slice(1)) s.pass!.leave(true);
    await flush();
    const next = starts.find((s, i) => i >= 18 && s.pass !== undefined)!;
    next.pass!.leave(true);
    expect(pacer.limit).toBe(8);
  });

  test('lets an earlier host\'s starts in before a later host\'s, whatever order they asked in', async () => {
    const { pacer } = pacerAt({ initial: 1 });
    const [first, second, third] = [pacer.gate(), pacer.gate(), pacer.gate()];
    const running = enter(first, 'connect');
    await flush();
    const late = enter(third, 'connect');
    const middle = enter(second, 'connect');
    const own = enter(first, 'session');
    await flush();
    const order: string[] = [];
    for (let i = 0; i < 3; i++) {
      const current = [running, own, middle, late].find((s) => s.pass !== undefined && !order.includes(name(s)))!;
      order.push(name(current));
      current.pass!.leave(true);
      await flush();
    }
    expect(order).toEqual(['running', 'own', 'middle']);
    expect(late.pass).toBeDefined();
    function name(s: unknown): string {
      return s === running ? 'running' : s === own ? 'own' : s === middle ? 'middle' : 'late';
    }
  });

  test('an abort while waiting rejects with its reason and leaves no place in the line', async () => {
    const { pacer } = pacerAt({ initial: 1 });
    const gate = pacer.gate();
    const holder = enter(gate);
    const controller = new AbortController();
    const waiting = enter(gate, 'channel', controller.signal);
    const after = enter(gate);
    await flush();
    controller.abort(new Error('Ctrl-C'));
    await flush();
    expect(waiting.error).toMatchObject({ message: 'Ctrl-C' });
    expect(pacer.waiting).toBe(1);
    holder.pass!.leave(false);
    await flush();
    expect(after.pass).toBeDefined();
    // Already aborted: rejected at once.
    await expect(gate.enter('connect', controller.signal)).rejects.toMatchObject({ message: 'Ctrl-C' });
  });

  test('a start held past holdCapMs frees its room and counts as slow; its late leave changes nothing', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let clock = 0;
    const lines: string[] = [];
    const pacer = new StartPacer({ initial: 2, min: 2, holdCapMs: 5_000, now: () => clock, debug: (line) => lines.push(line) });
    const gate = pacer.gate();
    const [quick, stuck, third] = [enter(gate), enter(gate), enter(gate)];
    await flush();
    clock = 100;
    vi.advanceTimersByTime(100);
    quick.pass!.leave(true);
    await flush();
    expect(third.pass).toBeDefined();
    const fourth = enter(gate);
    await flush();
    expect(fourth.pass).toBeUndefined();
    clock = 5_000;
    vi.advanceTimersByTime(4_900);
    await flush();
    expect(fourth.pass).toBeDefined();
    expect(lines.at(-1)).toMatch(/a connect start took over 5000 ms, the quickest 100 ms/);
    expect(pacer.running).toBe(2);
    stuck.pass!.leave(true);
    expect(pacer.running).toBe(2);
  });

  test('a kind first seen while the fleet is slowed down takes its first start scaled down by that slowdown', async () => {
    const { pacer, at } = pacerAt({ initial: 20, tolerance: 3 });
    const gate = pacer.gate();
    const starts = Array.from({ length: 24 }, (_, i) => enter(gate, i < 12 ? 'connect' : 'session'));
    await flush();
    at(100);
    starts[0]!.pass!.leave(true); // connect reference: 100 ms
    at(250);
    // Connects now take 2.5x their reference (within tolerance: no cut), which moves the slowdown up.
    for (const s of starts.slice(1, 8)) s.pass!.leave(true);
    at(1_000);
    starts[12]!.pass!.leave(true); // the first session: 1,000 ms measured while starts ran ~2x slower
    const limit = pacer.limit;
    // A session as slow again is within tolerance of a reference of 1,000 ms, but not of the scaled one.
    at(3_000);
    starts[13]!.pass!.leave(true);
    expect(pacer.limit).toBeLessThan(limit);
  });

  test('a failure says nothing about the load unless it was slow', async () => {
    const { pacer, at } = pacerAt({ initial: 4 });
    const gate = pacer.gate();
    const starts = Array.from({ length: 6 }, () => enter(gate));
    await flush();
    at(5);
    // A refused connection, before any success: no reference from it.
    starts[0]!.pass!.leave(false);
    at(100);
    starts[1]!.pass!.leave(true);
    const limit = pacer.limit;
    at(150);
    starts[2]!.pass!.leave(false);
    expect(pacer.limit).toBe(limit);
    at(2_000);
    starts[3]!.pass!.leave(false);
    expect(pacer.limit).toBeLessThan(limit);
  });

  test('rejects settings that cannot pace', () => {
    expect(() => new StartPacer({ initial: 0 })).toThrow(/initial must be a whole number of at least 1, received 0/);
    expect(() => new StartPacer({ max: 2.5 })).toThrow(/max must be a whole number/);
    expect(() => new StartPacer({ tolerance: 1 })).toThrow(/tolerance must be a number above 1, received 1/);
    expect(() => new StartPacer({ holdCapMs: -1 })).toThrow(/holdCapMs must be a positive number of ms, received -1/);
  });
});
