/** expectSaga: run a saga with providers, then assert on its effects, result, error and final state. */
import { describe, expect, test } from 'vitest';
import {
  call, cancel, delay, exec, fork, getContext, put, select, type AnyEffect, type Saga,
} from '../../src/index.js';
import {
  commandResult, dynamic, expectSaga, SagaAssertionError, TestClock, throwError,
} from '../../src/testing/index.js';
import { fakeExecutor } from '../interpreter/helpers.js';

interface Facts { os?: string; zone?: string; release?: string | null; hostid?: string }

function parseRelease(text: string): string { return text.trim(); }

function* scanHost(): Saga<string> {
  const uname = yield* exec('uname -a');
  const os = uname.stdout.split(' ')[0] ?? '';
  yield put({ os });
  if (os === 'SunOS') {
    const zone = yield* exec('zonename');
    yield put({ zone: zone.stdout.trim() });
    return 'sunos';
  }
  try {
    const release = yield* exec('cat /etc/os-release');
    yield put({ release: yield* call(parseRelease, release.stdout) });
  } catch {
    yield put({ release: null });
  }
  return 'linux';
}

/** The assertion error a run rejects with. */
async function failure(promise: Promise<unknown>): Promise<SagaAssertionError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(SagaAssertionError);
  return err as SagaAssertionError;
}

describe('providers', () => {
  test('A provider matched by the exact descriptor answers the effect instead of the interpreter.', async () => {
    const r = await expectSaga(scanHost)
      .provide([
        [exec('uname -a'), commandResult('SunOS h1 5.11\n')],
        [exec('zonename'), commandResult('global\n')],
      ])
      .put({ os: 'SunOS' })
      .put({ zone: 'global' })
      .returns('sunos')
      .hasFinalState({ os: 'SunOS', zone: 'global' })
      .run();
    expect(r.returnValue).toBe('sunos');
    expect(r.puts).toEqual([{ os: 'SunOS' }, { zone: 'global' }]);
    expect(r.effects.map((e) => e.type)).toEqual(['exec', 'put', 'exec', 'put']);
  });

  test('A provider matched by command text or pattern may answer with a bare string, taken as stdout.', async () => {
    await expectSaga(scanHost)
      .provide([
        [{ exec: 'uname -a' }, 'Linux h2 6.1.0\n'],
        [{ exec: /os-release$/ }, 'ID=debian\n'],
      ])
      .put({ release: 'ID=debian' })
      .returns('linux')
      .run();
  });

  test('A pattern with the global flag matches every command it should, not every other one.', async () => {
    function* twice(): Saga<string[]> {
      const a = yield* exec('hostid');
      const b = yield* exec('hostid');
      return [a.stdout, b.stdout];
    }
    await expectSaga(twice).provide([[{ exec: /hostid/g }, '0ec2daa6']]).returns(['0ec2daa6', '0ec2daa6']).run();
  });

  test('A predicate provider with dynamic computes its answer from the effect.', async () => {
    function* saga(): Saga<number[]> {
      return [yield* call(Math.max, 1, 2), yield* call(Math.max, 5, 3)];
    }
    await expectSaga(saga)
      .provide([[(e: AnyEffect) => e.type === 'call', dynamic((e) => (e as unknown as { args: number[] }).args[0]! * 100)]])
      .returns([100, 500])
      .run();
  });

  test('throwError makes the effect fail at the yield, where the saga can catch it.', async () => {
    await expectSaga(scanHost)
      .provide([
        [{ exec: 'uname -a' }, 'Linux h2\n'],
        [{ exec: 'cat /etc/os-release' }, throwError(new Error('No such file'))],
      ])
      .put({ release: null })
      .returns('linux')
      .run();
  });

  test('The first matching provider wins, and effects no provider answers run for real.', async () => {
    const r = await expectSaga(scanHost)
      .provide([
        [{ exec: /^uname/ }, 'Linux first\n'],
        [{ exec: 'uname -a' }, 'SunOS second\n'],
        [{ exec: 'cat /etc/os-release' }, 'ID=x\n'],
      ])
      .call(parseRelease, 'ID=x\n')
      .run();
    expect(r.state).toEqual({ os: 'Linux', release: 'ID=x' });
  });

  test('withState, withContext, withExecutor and withClock configure the run.', async () => {
    const clock = new TestClock();
    const executor = fakeExecutor();
    function* saga(): Saga<unknown[]> {
      const host = yield* getContext<string>('host');
      const before = yield* select((s: Facts) => s.hostid);
      yield delay(1000);
      const out = yield* exec('hostid');
      return [host, before, out.stdout];
    }
    const pending = expectSaga(saga).withState({ hostid: 'old' }).withContext({ host: 'h1' }).withExecutor(executor).withClock(clock)
      .returns(['h1', 'old', 'new'])
      .run();
    clock.advance(1000);
    await Promise.resolve();
    executor.find('hostid').resolve(commandResult('new'));
    await pending;
  });
});

describe('assertions', () => {
  const provided = [[{ exec: 'uname -a' }, 'Linux h\n'], [{ exec: 'cat /etc/os-release' }, 'ID=debian\n']] as const;

  test('effect, exec, call and put pass when the saga yielded a matching effect anywhere.', async () => {
    await expectSaga(scanHost).provide(provided)
      .effect(exec('cat /etc/os-release'))
      .effect((e) => e.type === 'put')
      .exec('uname -a')
      .call(parseRelease, 'ID=debian\n')
      .put({ release: 'ID=debian' })
      .run();
    await expectSaga(scanHost).provide(provided).exec(/release/).run();
  });

  test('Each assertion matches its own occurrence: asserting an effect twice needs it yielded twice.', async () => {
    function* twice(): Saga<void> { yield put({ n: 1 }); yield put({ n: 1 }); }
    await expectSaga(twice).put({ n: 1 }).put({ n: 1 }).run();
    const err = await failure(expectSaga(scanHost).provide(provided).exec('uname -a').exec(/^uname/).run());
    expect(err.message).toMatch(/^expected exec\(\/\^uname\/\), not found\./);
  });

  test('A missing effect fails with the expectation and the list of effects the saga did yield.', async () => {
    const err = await failure(expectSaga(scanHost).provide(provided).put({ zone: 'global' }).run());
    expect(err.message).toBe([
      'expected put({"zone":"global"}), not found. Effects:',
      '  - exec("uname -a")',
      '  - put(update: {"os":"Linux"})',
      '  - exec("cat /etc/os-release")',
      '  - call(parseRelease, "ID=debian\\n")',
      '  - put(update: {"release":"ID=debian"})',
    ].join('\n'));
  });

  test('not negates the next assertion only.', async () => {
    await expectSaga(scanHost).provide(provided).not.exec('zonename').exec('uname -a').run();
    const err = await failure(expectSaga(scanHost).provide(provided).not.put({ os: 'Linux' }).run());
    expect(err.message).toMatch(/^expected no put\(\{"os":"Linux"\}\), but the saga yielded it\. Effects:\n/);
  });

  test('inOrder requires the asserted effects in the order they were asserted.', async () => {
    await expectSaga(scanHost).provide(provided).exec('uname -a').put({ os: 'Linux' }).exec(/release/).inOrder().run();
    const err = await failure(expectSaga(scanHost).provide(provided).put({ os: 'Linux' }).exec('uname -a').inOrder().run());
    expect(err.message).toMatch(/^expected exec\(uname -a\) \(in order\), not found\./);
  });

  test('noOtherEffects fails on any effect that was not asserted, and lists them.', async () => {
    function* small(): Saga<void> { yield put({ a: 1 }); yield call(Math.random); }
    await expectSaga(small).put({ a: 1 }).call(Math.random).noOtherEffects().run();
    const err = await failure(expectSaga(small).put({ a: 1 }).noOtherEffects().run());
    expect(err.message).toBe('expected no other effects, but found:\n  - call(random)');
  });

  test('returns compares the return value deeply, and says what it got.', async () => {
    await expectSaga(scanHost).provide(provided).returns('linux').run();
    const err = await failure(expectSaga(scanHost).provide(provided).returns('sunos').run());
    expect(err.message).toBe('expected the saga to return "sunos", got "linux"');
  });

  test('hasFinalState compares the final state deeply, and says what it got.', async () => {
    const err = await failure(expectSaga(scanHost).provide(provided).hasFinalState({ os: 'Linux' }).run());
    expect(err.message).toBe('expected final state {"os":"Linux"}, got {"os":"Linux","release":"ID=debian"}');
  });

  test('throws accepts an error class, a message substring, a pattern or a predicate.', async () => {
    class ProbeError extends Error {}
    function* failing(): Saga<void> { yield call(() => { throw new ProbeError('probe failed on h1'); }); }
    await expectSaga(failing).throws(ProbeError).run();
    await expectSaga(failing).throws('failed on').run();
    await expectSaga(failing).throws(/^probe failed/).run();
    await expectSaga(failing).throws((e) => e instanceof ProbeError).run();
    const err = await failure(expectSaga(failing).throws(TypeError).run());
    expect(err.message).toMatch(/^the saga threw an unexpected error:\nError: probe failed on h1\n {4}at call\(anonymous\) in failing \(task 1\)$/);
  });

  test('throws fails when the saga returned instead, or was cancelled.', async () => {
    const err = await failure(expectSaga(scanHost).provide(provided).throws(Error).run());
    expect(err.message).toBe('expected the saga to throw, but it returned "linux"');
    function* quits(): Saga<void> { yield fork(() => 1); yield cancel(); }
    const cancelledErr = await failure(expectSaga(quits).throws(Error).run());
    expect(cancelledErr.message).toBe('expected the saga to throw, but it was cancelled');
  });

  test('An unexpected error is reported with its saga trace, before any missing effect.', async () => {
    function* crashes(): Saga<void> {
      yield exec('uname -a');
      yield put({ os: 'never' });
    }
    const err = await failure(expectSaga(crashes).provide([[{ exec: 'uname -a' }, throwError(new Error('connection lost'))]]).put({ os: 'never' }).run());
    expect(err.message).toBe('the saga threw:\nError: connection lost\n    at exec("uname -a") in crashes (task 1)');
  });
});

describe('a saga that does not end', () => {
  test('It fails with SagaAssertionError listing the effects still pending, then is cancelled.', async () => {
    const executor = fakeExecutor();
    let cleanedUp = false;
    function* stuck(): Saga<void> {
      try {
        yield put({ started: true });
        yield fork(function* child() { yield exec('hostid'); });
        yield delay(60_000);
      } finally {
        cleanedUp = true;
      }
    }
    const err = await failure(expectSaga(stuck).withExecutor(executor).withClock(new TestClock()).run({ timeoutMs: 20 }));
    expect(err.message).toBe([
      'saga stuck did not end within 20 ms; pending effects:',
      '  - exec("hostid")',
      '  - delay(ms: 60000, value: true)',
      'Provide a value for them, or give a test clock and advance it.',
    ].join('\n'));
    expect(cleanedUp).toBe(true);
    expect(executor.find('hostid').aborted()).toBe(true);
  });
});
