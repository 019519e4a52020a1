/** Creators check their arguments when the effect is made, with messages naming the creator and argument. */
import { describe, expect, test } from 'vitest';
import {
  all, call, cancel, delay, exec, fork, getContext, join, put, race, retry, run, select, setContext, spawn,
} from '../../src/index.js';

// The tests pass wrong arguments on purpose; `loose` keeps the type checker out of the way.
const loose = <F>(fn: F): ((...args: any[]) => any) => fn as unknown as (...args: any[]) => any;
const finished = run(function* done() { return 1; });

describe('call, fork, spawn and retry', () => {
  test('A missing function is reported as undefined.', () => {
    expect(() => loose(call)(undefined)).toThrow(new TypeError('call(fn, ...args): argument fn is undefined, received undefined'));
    expect(() => loose(fork)(undefined)).toThrow(/^fork\(fn, \.\.\.args\): argument fn is undefined/);
    expect(() => loose(spawn)(undefined)).toThrow(/^spawn\(fn, \.\.\.args\): argument fn is undefined/);
  });

  test('A value that is not a function is reported with what was received.', () => {
    expect(() => loose(call)(42)).toThrow(new TypeError('call(fn, ...args): argument fn is not a function, received 42'));
    expect(() => loose(spawn)('uname')).toThrow('spawn(fn, ...args): argument fn is not a function, received "uname"');
    expect(() => loose(fork)([1, 2, 3])).toThrow(/^fork\(fn, \.\.\.args\): argument fn is not a function, received \[1,2,3\]/);
  });

  test('A method call names the missing method, or the missing context.', () => {
    expect(() => loose(call)([{}, 'uname'])).toThrow(new TypeError("call([context, 'uname']): context has no method 'uname'"));
    expect(() => loose(call)([null, 'uname'])).toThrow(new TypeError("call([context, 'uname']): context is null"));
    expect(() => loose(fork)([undefined, 'uname'])).toThrow(new TypeError("fork([context, 'uname']): context is undefined"));
  });

  test('retry checks its counts before its function.', () => {
    const fn = (): number => 1;
    expect(() => retry(0, 10, fn)).toThrow(new RangeError('retry(maxTries, ...): maxTries must be an integer >= 1, received 0'));
    expect(() => retry(1.5, 10, fn)).toThrow(RangeError);
    expect(() => retry(2, -1, fn)).toThrow(new RangeError('retry(maxTries, delayMs, ...): delayMs must be >= 0, received -1'));
    expect(() => loose(retry)(2, 10, undefined)).toThrow(/^retry\(fn, \.\.\.args\): argument fn is undefined/);
  });
});

describe('the other creators', () => {
  test('delay needs a number of milliseconds >= 0.', () => {
    expect(() => delay(-1)).toThrow(new RangeError('delay(ms): argument ms must be a number >= 0, received -1'));
    expect(() => delay(Number.NaN)).toThrow(RangeError);
    expect(() => loose(delay)('5')).toThrow(RangeError);
  });

  test('select needs a function when it is given a selector.', () => {
    expect(() => loose(select)(5)).toThrow(new TypeError('select(selector, ...args): argument selector is not a function, received number'));
  });

  test('put needs an object or a recipe, and says what it received instead.', () => {
    expect(() => loose(put)(null)).toThrow(new TypeError('put(update): argument update must be an object or an immer recipe, received null'));
    expect(() => loose(put)([1])).toThrow('received an array');
    expect(() => loose(put)('x')).toThrow('received string');
  });

  test('join and cancel need tasks, and name the bad element of an array.', () => {
    expect(() => loose(join)(undefined)).toThrow(new TypeError('join(task): argument task is undefined'));
    expect(() => loose(join)({ id: 1 })).toThrow(new TypeError('join(task): argument task is not a task'));
    expect(() => loose(join)([finished, 5])).toThrow(new TypeError('join(tasks): tasks[1] is not a task'));
    expect(() => loose(cancel)(5)).toThrow(new TypeError('cancel(task): argument task is not a task'));
    expect(() => loose(cancel)([finished, null])).toThrow(new TypeError('cancel(tasks): tasks[1] is not a task'));
  });

  test('all and race need a collection of effects, and name the element that is not one.', () => {
    expect(() => loose(all)(5)).toThrow(new TypeError('all(effects): argument effects must be an array or a record of effects'));
    expect(() => loose(all)([exec('a'), 5])).toThrow(new TypeError('all(effects): effects["1"] is not an effect (did you forget call()?)'));
    expect(() => loose(race)({ slow: () => 1 })).toThrow(new TypeError('race(effects): effects["slow"] is not an effect (did you forget call()?)'));
    expect(() => race([])).toThrow(new TypeError('race(effects): at least one effect is needed, or the race never ends'));
  });

  test('getContext needs a string key and setContext an object.', () => {
    expect(() => loose(getContext)(5)).toThrow(new TypeError('getContext(key): argument key must be a string, received number'));
    expect(() => loose(setContext)(null)).toThrow(new TypeError('setContext(props): argument props must be an object'));
  });

  test('exec needs a non-empty command and positive limits.', () => {
    expect(() => exec('')).toThrow(new TypeError('exec(command, options): argument command must be a non-empty string, received ""'));
    expect(() => loose(exec)(undefined)).toThrow(TypeError);
    expect(() => exec('ls', { timeoutMs: 0 })).toThrow(new RangeError("exec('ls', options): options.timeoutMs must be > 0, received 0"));
    expect(() => exec('ls', { maxOutputBytes: -1 })).toThrow(new RangeError("exec('ls', options): options.maxOutputBytes must be > 0, received -1"));
  });

  test('exec rejects options that are not an object with a message naming the argument.', () => {
    expect(() => loose(exec)('ls', null)).toThrow(new TypeError("exec('ls', options): argument options must be an object, received null"));
    expect(() => loose(exec)('ls', 'sudo')).toThrow(new TypeError("exec('ls', options): argument options must be an object, received string"));
  });

  test('run needs a saga function, after the options or alone.', () => {
    expect(() => loose(run)({}, 5)).toThrow(new TypeError('run(options, saga, ...args): argument saga is not a function, received number'));
    expect(() => loose(run)({})).toThrow(TypeError);
  });
});
