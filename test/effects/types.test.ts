/**
 * `yield* effect` gives the result its type. These checks run in the type checker (`tsc --noEmit`); the
 * sagas are also run, so the values match the types at run time.
 */
import { describe, expect, expectTypeOf, test } from 'vitest';
import {
  all, call, cancelled, delay, exec, fork, getContext, join, race, retry, run, select, spawn,
  type CommandResult, type Saga, type Task,
} from '../../src/index.js';
import { commandResult } from '../../src/testing/index.js';

interface Facts { uname: string; cpus: number }
const oneCpu = (n: number): number => n;
const later = async (s: string): Promise<string> => s;
function* child(): Saga<{ ok: boolean }> { return { ok: true }; }

describe('result types', () => {
  test('exec resumes with a CommandResult.', () => {
    function* saga() {
      const out = yield* exec('uname -a');
      expectTypeOf(out).toEqualTypeOf<CommandResult>();
      return out.stdout;
    }
    const executor = { host: 'h', exec: async () => commandResult('Linux\n'), close: async () => {} };
    const task = run({ executor }, saga);
    expectTypeOf(task.result()).toEqualTypeOf<string | undefined>();
    return expect(task.toPromise()).resolves.toBe('Linux\n');
  });

  test('call resumes with a plain value, the value of a promise, or the return value of a saga.', () => {
    function* saga() {
      const n = yield* call(oneCpu, 4);
      const s = yield* call(later, 'x');
      const r = yield* call(child);
      expectTypeOf(n).toEqualTypeOf<number>();
      expectTypeOf(s).toEqualTypeOf<string>();
      expectTypeOf(r).toEqualTypeOf<{ ok: boolean }>();
      return [n, s, r] as const;
    }
    return expect(run(saga).toPromise()).resolves.toEqual([4, 'x', { ok: true }]);
  });

  test('call checks the arguments against the function.', () => {
    // @ts-expect-error oneCpu takes a number
    const e = call(oneCpu, 'four');
    expect(e.args).toEqual(['four']);
  });

  test('select resumes with what the selector returns, and retry with what the function returns.', () => {
    function* saga() {
      const cpus = yield* select((s: Facts) => s.cpus);
      const again = yield* retry(2, 0, oneCpu, 2);
      const c = yield* cancelled();
      expectTypeOf(cpus).toEqualTypeOf<number>();
      expectTypeOf(again).toEqualTypeOf<number>();
      expectTypeOf(c).toEqualTypeOf<boolean>();
      return cpus + again;
    }
    return expect(run({ state: { uname: 'Linux', cpus: 8 } }, saga).toPromise()).resolves.toBe(10);
  });

  test('fork and spawn resume with a typed task, and join with its result.', () => {
    function* saga() {
      const t = yield* fork(child);
      const d = yield* spawn(child);
      expectTypeOf(t).toEqualTypeOf<Task<{ ok: boolean }>>();
      const r = yield* join(t);
      const both = yield* join([t, d]);
      expectTypeOf(r).toEqualTypeOf<{ ok: boolean }>();
      expectTypeOf(both).branded.toEqualTypeOf<[{ ok: boolean }, { ok: boolean }]>();
      return r.ok && both[1].ok;
    }
    return expect(run(saga).toPromise()).resolves.toBe(true);
  });

  test('all keeps the shape of its effects; race makes every entry optional.', () => {
    function* saga() {
      const [n, s] = yield* all([call(oneCpu, 1), call(later, 's')]);
      expectTypeOf(n).toEqualTypeOf<number>();
      expectTypeOf(s).toEqualTypeOf<string>();
      const { fast, slow } = yield* race({ fast: call(oneCpu, 2), slow: delay(1000, 'slow') });
      expectTypeOf(fast).toEqualTypeOf<number | undefined>();
      expectTypeOf(slow).toEqualTypeOf<string | undefined>();
      return [n, s, fast, slow];
    }
    return expect(run(saga).toPromise()).resolves.toEqual([1, 's', 2, undefined]);
  });

  test('delay resumes with true, or with the type of its value; getContext with the type asked for.', () => {
    function* saga() {
      const t = yield* delay(0);
      const v = yield* delay(0, 42);
      const host = yield* getContext<string>('host');
      expectTypeOf(t).toEqualTypeOf<true>();
      expectTypeOf(v).toEqualTypeOf<number>();
      expectTypeOf(host).toEqualTypeOf<string>();
      return [t, v, host];
    }
    return expect(run({ context: { host: 'h1' } }, saga).toPromise()).resolves.toEqual([true, 42, 'h1']);
  });
});
