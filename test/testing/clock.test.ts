/** TestClock: time moves only when the test says so, and due timers fire earliest first. */
import { describe, expect, test } from 'vitest';
import { TestClock } from '../../src/testing/index.js';

describe('TestClock', () => {
  test('Time starts at 0 and moves only with advance.', () => {
    const clock = new TestClock();
    expect(clock.now()).toBe(0);
    clock.advance(250);
    expect(clock.now()).toBe(250);
  });

  test('Timers fire in order of due time, and timers due at the same time in the order they were set.', () => {
    const clock = new TestClock();
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('c@30'), 30);
    clock.setTimeout(() => fired.push('a@10'), 10);
    clock.setTimeout(() => fired.push('b1@20'), 20);
    clock.setTimeout(() => fired.push('b2@20'), 20);
    clock.advance(100);
    expect(fired).toEqual(['a@10', 'b1@20', 'b2@20', 'c@30']);
  });

  test('Each timer sees the clock at its own due time, and the clock ends at the target.', () => {
    const clock = new TestClock();
    const at: number[] = [];
    clock.setTimeout(() => at.push(clock.now()), 10);
    clock.setTimeout(() => at.push(clock.now()), 40);
    clock.advance(100);
    expect(at).toEqual([10, 40]);
    expect(clock.now()).toBe(100);
  });

  test('A timer set by a firing timer fires in the same advance when it falls due within it.', () => {
    const clock = new TestClock();
    const fired: string[] = [];
    clock.setTimeout(() => {
      fired.push('first@10');
      clock.setTimeout(() => fired.push('chained@15'), 5);
      clock.setTimeout(() => fired.push('too late@110'), 100);
    }, 10);
    clock.setTimeout(() => fired.push('other@20'), 20);
    clock.advance(50);
    expect(fired).toEqual(['first@10', 'chained@15', 'other@20']);
    expect(clock.pending()).toBe(1);
  });

  test('A cancelled timer never fires, even when cancelled by a timer firing in the same advance.', () => {
    const clock = new TestClock();
    const fired: string[] = [];
    const cancelB = clock.setTimeout(() => fired.push('b'), 20);
    clock.setTimeout(() => { fired.push('a'); cancelB(); }, 10);
    const cancelC = clock.setTimeout(() => fired.push('c'), 30);
    cancelC();
    expect(clock.pending()).toBe(2);
    clock.advance(100);
    expect(fired).toEqual(['a']);
    expect(clock.pending()).toBe(0);
  });

  test('A timer due exactly at the end of an advance fires; one due a millisecond later does not.', () => {
    const clock = new TestClock();
    const fired: number[] = [];
    clock.setTimeout(() => fired.push(10), 10);
    clock.setTimeout(() => fired.push(11), 11);
    clock.advance(10);
    expect(fired).toEqual([10]);
  });

  test('A negative wait is due at once.', () => {
    const clock = new TestClock();
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('now'), -5);
    clock.advance(0);
    expect(fired).toEqual(['now']);
  });

  test('tick jumps to the next due timer and fires it, and says whether there was one.', () => {
    const clock = new TestClock();
    const fired: number[] = [];
    clock.setTimeout(() => fired.push(clock.now()), 70);
    clock.setTimeout(() => fired.push(clock.now()), 30);
    expect(clock.tick()).toBe(true);
    expect(fired).toEqual([30]);
    expect(clock.now()).toBe(30);
    expect(clock.tick()).toBe(true);
    expect(clock.tick()).toBe(false);
    expect(fired).toEqual([30, 70]);
    expect(clock.now()).toBe(70);
  });

  test('Time cannot go backwards: advance refuses a negative or non-finite step.', () => {
    const clock = new TestClock();
    clock.advance(10);
    expect(() => clock.advance(-1)).toThrow(new RangeError('TestClock.advance(ms): ms must be a finite number >= 0, received -1'));
    expect(() => clock.advance(Number.NaN)).toThrow(RangeError);
    expect(() => clock.advance(Infinity)).toThrow(RangeError);
    expect(clock.now()).toBe(10);
  });
});
