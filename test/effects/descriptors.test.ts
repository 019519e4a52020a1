/** Effect creators return plain descriptors that compare by value: the basis of step-through saga tests. */
import { describe, expect, test } from 'vitest';
import {
  all, call, cancel, cancelled, delay, exec, fork, getContext, isEffect, join, put, race, retry, run, select, setContext, spawn,
  AllEffect, CallEffect, CancelEffect, CancelledEffect, DelayEffect, ExecEffect, ForkEffect, GetContextEffect, JoinEffect,
  PutEffect, RaceEffect, RetryEffect, SelectEffect, SetContextEffect,
} from '../../src/index.js';

function fetchUname(host: string): string { return `uname of ${host}`; }
function other(host: string): string { return host; }
const finishedTask = run(function* done() { return 1; });
const otherTask = run(function* alsoDone() { return 2; });

describe('each creator', () => {
  test('call(fn, ...args) describes the function, a null context and the arguments.', () => {
    const e = call(fetchUname, 'a');
    expect(e).toBeInstanceOf(CallEffect);
    expect(e).toEqual({ type: 'call', context: null, fn: fetchUname, args: ['a'] });
  });

  test('call([context, fn]) and call([context, "method"]) keep the context for `this`.', () => {
    const host = { name: 'h1', uname(this: { name: string }) { return this.name; } };
    expect(call([host, host.uname])).toEqual({ type: 'call', context: host, fn: host.uname, args: [] });
    expect(call([host, 'uname'])).toEqual({ type: 'call', context: host, fn: 'uname', args: [] });
  });

  test('exec(command) has empty options by default, and keeps the options it is given.', () => {
    expect(exec('uname -a')).toEqual({ type: 'exec', command: 'uname -a', options: {} });
    expect(exec('dmidecode', { sudo: true, timeoutMs: 500 })).toEqual({ type: 'exec', command: 'dmidecode', options: { sudo: true, timeoutMs: 500 } });
    expect(exec('uname -a')).toBeInstanceOf(ExecEffect);
  });

  test('select() selects the whole state; select(selector, ...args) keeps both.', () => {
    const byKey = (s: Record<string, unknown>, key: string): unknown => s[key];
    expect(select()).toEqual({ type: 'select', selector: null, args: [] });
    expect(select(byKey, 'hostid')).toEqual({ type: 'select', selector: byKey, args: ['hostid'] });
    expect(select()).toBeInstanceOf(SelectEffect);
  });

  test('put takes a partial state or an immer recipe.', () => {
    const recipe = (d: { n: number }): void => { d.n++; };
    expect(put({ hostid: 'abc' })).toEqual({ type: 'put', update: { hostid: 'abc' } });
    expect(put(recipe)).toEqual({ type: 'put', update: recipe });
    expect(put({})).toBeInstanceOf(PutEffect);
  });

  test('fork is attached and spawn is detached; both describe the call like call does.', () => {
    expect(fork(fetchUname, 'a')).toEqual({ type: 'fork', context: null, fn: fetchUname, args: ['a'], detached: false });
    expect(spawn(fetchUname, 'a')).toEqual({ type: 'fork', context: null, fn: fetchUname, args: ['a'], detached: true });
    expect(spawn(fetchUname, 'a')).toBeInstanceOf(ForkEffect);
  });

  test('join and cancel take a task or an array of tasks; cancel defaults to the running task.', () => {
    expect(join(finishedTask)).toEqual({ type: 'join', task: finishedTask });
    expect(join([finishedTask, otherTask])).toEqual({ type: 'join', task: [finishedTask, otherTask] });
    expect(cancel(finishedTask)).toEqual({ type: 'cancel', task: finishedTask });
    expect(cancel()).toEqual({ type: 'cancel', task: 'self' });
    expect(cancel([finishedTask, otherTask])).toEqual({ type: 'cancel', task: [finishedTask, otherTask] });
    expect(join(finishedTask)).toBeInstanceOf(JoinEffect);
    expect(cancel()).toBeInstanceOf(CancelEffect);
  });

  test('cancelled() has only its type.', () => {
    expect(cancelled()).toEqual({ type: 'cancelled' });
    expect(cancelled()).toBeInstanceOf(CancelledEffect);
  });

  test('all and race keep the array or record of effects as given.', () => {
    const effects = { a: exec('hostid'), b: delay(5) };
    expect(all(effects)).toEqual({ type: 'all', effects: { a: exec('hostid'), b: delay(5) } });
    expect(race([exec('df -k'), delay(10)])).toEqual({ type: 'race', effects: [exec('df -k'), delay(10)] });
    expect(all([])).toBeInstanceOf(AllEffect);
    expect(race([delay(1)])).toBeInstanceOf(RaceEffect);
  });

  test('delay(ms) resumes with true by default, or with the value given (even undefined).', () => {
    expect(delay(100)).toEqual({ type: 'delay', ms: 100, value: true });
    expect(delay(100, 'late')).toEqual({ type: 'delay', ms: 100, value: 'late' });
    expect(delay(100, undefined).value).toBeUndefined();
    expect(delay(0)).toBeInstanceOf(DelayEffect);
  });

  test('retry describes the tries, the wait and the call.', () => {
    expect(retry(3, 1000, fetchUname, 'a')).toEqual({ type: 'retry', maxTries: 3, delayMs: 1000, context: null, fn: fetchUname, args: ['a'] });
    expect(retry(1, 0, fetchUname, 'a')).toBeInstanceOf(RetryEffect);
  });

  test('getContext and setContext describe the key and the values.', () => {
    expect(getContext('host')).toEqual({ type: 'getContext', key: 'host' });
    expect(setContext({ host: 'h1' })).toEqual({ type: 'setContext', props: { host: 'h1' } });
    expect(getContext('host')).toBeInstanceOf(GetContextEffect);
    expect(setContext({})).toBeInstanceOf(SetContextEffect);
  });
});

describe('equality', () => {
  test('Two descriptors made with the same arguments are deep-equal, strictly too.', () => {
    const pairs = [
      [call(fetchUname, 'a'), call(fetchUname, 'a')],
      [exec('uname -a'), exec('uname -a', {})],
      [select(), select()],
      [put({ a: 1 }), put({ a: 1 })],
      [fork(fetchUname, 'a'), fork(fetchUname, 'a')],
      [join(finishedTask), join(finishedTask)],
      [all([exec('a'), delay(1)]), all([exec('a'), delay(1)])],
      [race({ x: exec('a') }), race({ x: exec('a') })],
      [delay(5), delay(5)],
      [retry(2, 10, fetchUname, 'a'), retry(2, 10, fetchUname, 'a')],
      [getContext('k'), getContext('k')],
      [setContext({ k: 1 }), setContext({ k: 1 })],
      [cancelled(), cancelled()],
    ] as const;
    for (const [a, b] of pairs) {
      expect(a).toEqual(b);
      expect(a).toStrictEqual(b);
      expect(a).not.toBe(b);
    }
  });

  test('Descriptors that differ in any argument are not equal.', () => {
    expect(call(fetchUname, 'a')).not.toEqual(call(fetchUname, 'b'));
    expect(call(fetchUname, 'a')).not.toEqual(call(other, 'a'));
    expect(exec('uname -a')).not.toEqual(exec('uname -a', { sudo: true }));
    expect(fork(fetchUname, 'a')).not.toEqual(spawn(fetchUname, 'a'));
    expect(join(finishedTask)).not.toEqual(join(otherTask));
    expect(delay(5)).not.toEqual(delay(5, 'x'));
    expect(race([delay(1)])).not.toEqual(all([delay(1)]));
  });

  test('Every creator makes something isEffect recognises; plain look-alikes are not effects.', () => {
    const effects = [call(fetchUname, 'a'), exec('x'), select(), put({}), fork(fetchUname, 'a'), spawn(fetchUname, 'a'), join(finishedTask),
      cancel(), cancelled(), all([]), race([delay(1)]), delay(1), retry(1, 1, fetchUname, 'a'), getContext('k'), setContext({})];
    for (const e of effects) expect(isEffect(e)).toBe(true);
    expect(isEffect({ type: 'call', context: null, fn: fetchUname, args: [] })).toBe(false);
    expect(isEffect(null)).toBe(false);
  });
});

describe('yield and yield*', () => {
  test('`yield effect` and `yield* effect` both hand the same descriptor to whoever drives the generator.', () => {
    function* plain(): Generator<unknown, unknown, unknown> { return yield exec('uname -a'); }
    function* delegated() { return yield* exec('uname -a'); }
    for (const saga of [plain, delegated]) {
      const gen = saga();
      expect(gen.next().value).toEqual(exec('uname -a'));
      const result = { stdout: 'Linux\n', stderr: '', code: 0, signal: null, durationMs: 1 };
      expect(gen.next(result)).toEqual({ done: true, value: result });
    }
  });

  test('An effect iterated on its own yields itself once and returns what it is sent.', () => {
    const e = delay(10);
    const it = e[Symbol.iterator]();
    expect(it.next().value).toBe(e);
    expect(it.next('sent')).toEqual({ done: true, value: 'sent' });
  });
});
