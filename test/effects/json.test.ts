/** Descriptors render as readable JSON (for traces, outputs and error messages) and as one-line text. */
import { describe, expect, test } from 'vitest';
import {
  all, call, cancel, cancelled, delay, describeValue, exec, fork, formatEffect, getContext, join, put, race, retry, run, select,
  setContext, spawn,
} from '../../src/index.js';

function fetchUname(host: string): string { return host; }
const finished = run(function* scanHost() { return 1; });

function parsed(value: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

describe('JSON.stringify', () => {
  test('Every descriptor serialises with `type` as its first key.', () => {
    const effects = [call(fetchUname, 'a'), exec('x'), select(), put({ a: 1 }), fork(fetchUname, 'a'), spawn(fetchUname, 'a'),
      join(finished), cancel(), cancelled(), all([exec('a')]), race({ a: delay(1) }), delay(1), retry(2, 1, fetchUname, 'a'),
      getContext('k'), setContext({ k: 1 })];
    for (const e of effects) expect(Object.keys(parsed(e))[0]).toBe('type');
  });

  test('Functions serialise as "fn:name", anonymous ones as "fn:anonymous".', () => {
    expect(parsed(call(fetchUname, 'a'))).toEqual({ type: 'call', context: null, fn: 'fn:fetchUname', args: ['a'] });
    expect(parsed(call(() => 1)).fn).toBe('fn:anonymous');
    expect(parsed(put((d: { n: number }) => { d.n = 1; })).update).toBe('fn:anonymous');
    expect(parsed(select(function hostOf(s: { host: string }) { return s.host; })).selector).toBe('fn:hostOf');
  });

  test('A method call serialises its method name and its context as data.', () => {
    const host = { name: 'h1', uname() { return 'Linux'; } };
    expect(parsed(call([host, 'uname']))).toEqual({ type: 'call', context: { name: 'h1', uname: 'fn:uname' }, fn: 'uname', args: [] });
  });

  test('Tasks serialise as "task:id:name".', () => {
    expect(parsed(join(finished))).toEqual({ type: 'join', task: `task:${finished.id}:scanHost` });
    expect(parsed(cancel())).toEqual({ type: 'cancel', task: 'self' });
  });

  test('Effects nested in all and race serialise with `type` first too.', () => {
    const json = parsed(all({ uname: exec('uname -a'), max: call(Math.max, 1, 2) }));
    const effects = json.effects as Record<string, Record<string, unknown>>;
    expect(Object.keys(effects.uname!)[0]).toBe('type');
    expect(Object.keys(effects.max!)[0]).toBe('type');
    expect(effects.max).toEqual({ type: 'call', context: null, fn: 'fn:max', args: [1, 2] });
    const raced = parsed(race([delay(5), exec('df -k')])).effects as Array<Record<string, unknown>>;
    expect(raced.map((e) => Object.keys(e)[0])).toEqual(['type', 'type']);
  });

  test('A delay resuming with undefined serialises its value as null, and the output stays valid JSON.', () => {
    expect(parsed(delay(10, undefined))).toEqual({ type: 'delay', ms: 10, value: null });
  });

  test('Long strings are cut short with their length, so a trace never carries a whole output.', () => {
    const long = 'x'.repeat(500);
    const command = parsed(exec(long)).command as string;
    expect(command.length).toBeLessThan(250);
    expect(command.startsWith('x'.repeat(200))).toBe(true);
    expect(command.endsWith('(500 chars)')).toBe(true);
  });

  test('Errors, big integers, symbols and deep or long structures are rendered safely.', () => {
    expect(describeValue(new RangeError('bad'))).toEqual({ error: 'RangeError', message: 'bad' });
    expect(describeValue(10n)).toBe('10n');
    expect(describeValue(Symbol('s'))).toBe('Symbol(s)');
    expect(describeValue({ a: { b: { c: { d: { e: 1 } } } } })).toEqual({ a: { b: { c: { d: '…' } } } });
    const items = describeValue(Array.from({ length: 25 }, (_, i) => i)) as unknown[];
    expect(items).toHaveLength(21);
    expect(items.at(-1)).toBe('…(25 items)');
  });
});

describe('formatEffect', () => {
  test('A command renders as exec("command"), without its empty options.', () => {
    expect(formatEffect(exec('hostid'))).toBe('exec("hostid")');
    expect(formatEffect(exec('dmidecode', { sudo: true }))).toBe('exec("dmidecode", options: {"sudo":true})');
  });

  test('A call renders the function by name followed by its arguments.', () => {
    expect(formatEffect(call(fetchUname, 'a'))).toBe('call(fetchUname, "a")');
    expect(formatEffect(fork(fetchUname, 'b'))).toBe('fork(fetchUname, "b", detached: false)');
  });

  test('Effects without arguments render with empty parentheses.', () => {
    expect(formatEffect(cancelled())).toBe('cancelled()');
    expect(formatEffect(select())).toBe('select()');
  });
});
