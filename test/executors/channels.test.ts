import { describe, expect, test } from 'vitest';
import { ChannelSlots } from '../../src/executors/ssh/channels.js';

const aborted = (): Error => new Error('aborted');
const refused = (): Error => new Error('refused');

/** An attempt that stays open until `finish()` and counts how many run at once. */
function gate(): { attempt: () => Promise<string>; finishAll: () => void; peak: () => number } {
  let open = 0;
  let peak = 0;
  const waiting: Array<() => void> = [];
  return {
    attempt: () => {
      open++;
      peak = Math.max(peak, open);
      return new Promise((resolve) => waiting.push(() => (open--, resolve('ok'))));
    },
    finishAll: () => waiting.splice(0).forEach((finish) => finish()),
    peak: () => peak,
  };
}

describe('ChannelSlots', () => {
  test('never runs more attempts at once than its bound', async () => {
    const slots = new ChannelSlots(3);
    const g = gate();
    const all = Promise.all(Array.from({ length: 10 }, () => slots.run(undefined, aborted, refused, g.attempt)));
    for (let i = 0; i < 10; i++) {
      await new Promise((resolve) => setImmediate(resolve));
      g.finishAll();
    }
    await all;
    expect(g.peak()).toBe(3);
  });

  test('a brief refusal is retried at once without lowering the bound', async () => {
    const slots = new ChannelSlots(8);
    let calls = 0;
    const result = await slots.run(undefined, aborted, refused, async () => (++calls === 1 ? 'refused' : 'done'));
    expect(result).toBe('done');
    expect(calls).toBe(2);
    expect(slots.capacity).toBe(8);
  });

  test('persistent refusals lower the bound to the siblings in flight, and successes raise it again', async () => {
    const slots = new ChannelSlots(4);
    const g = gate();
    const siblings = [slots.run(undefined, aborted, refused, g.attempt), slots.run(undefined, aborted, refused, g.attempt)];
    let refusing = true;
    const refusedOne = slots.run(undefined, aborted, refused, async () => (refusing ? 'refused' : 'late'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(slots.capacity).toBe(2);
    refusing = false;
    g.finishAll();
    expect(await refusedOne).toBe('late');
    await Promise.all(siblings);
    for (let i = 0; i < 10; i++) await slots.run(undefined, aborted, refused, async () => 'ok');
    expect(slots.capacity).toBe(4);
  });

  test('a command waiting for a slot is released by its abort signal', async () => {
    const slots = new ChannelSlots(1);
    const g = gate();
    const holder = slots.run(undefined, aborted, refused, g.attempt);
    const controller = new AbortController();
    const waiter = slots.run(controller.signal, aborted, refused, async () => 'never');
    controller.abort();
    await expect(waiter).rejects.toThrow('aborted');
    g.finishAll();
    await holder;
    expect(slots.inFlight).toBe(0);
  });
});
