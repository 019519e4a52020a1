/** exec hands the command to the run's executor, with an AbortSignal tied to the effect's cancellation. */
import { describe, expect, test } from 'vitest';
import { delay, exec, NoExecutorError, race, run, type Executor } from '../../src/index.js';
import { TestClock } from '../../src/testing/index.js';
import { fakeExecutor, flush, ok } from './helpers.js';

describe('exec', () => {
  test('exec passes the command and its options, with a signal, and resumes with the CommandResult.', async () => {
    const executor = fakeExecutor();
    const task = run({ executor }, function* saga() {
      return yield* exec('dmidecode -t system', { sudo: true, timeoutMs: 5000 });
    });
    const command = executor.find('dmidecode -t system');
    expect(command.options).toEqual({ sudo: true, timeoutMs: 5000, signal: expect.any(AbortSignal) });
    command.resolve(ok('System Information'));
    await expect(task.toPromise()).resolves.toEqual(ok('System Information'));
  });

  test('A non-zero exit is a result, not an error.', async () => {
    const executor = fakeExecutor();
    const task = run({ executor }, function* saga() { return (yield* exec('false')).code; });
    executor.find('false').resolve(ok('', 1));
    await expect(task.toPromise()).resolves.toBe(1);
  });

  test('An executor\'s rejection is thrown at the yield, where it can be caught.', async () => {
    const executor = fakeExecutor();
    const denied = new Error('permission denied');
    const task = run({ executor }, function* saga() {
      try {
        yield exec('dmidecode');
      } catch (e) {
        return e;
      }
      return null;
    });
    executor.find('dmidecode').reject(denied);
    await expect(task.toPromise()).resolves.toBe(denied);
  });

  test('An executor that throws instead of rejecting fails only that effect.', async () => {
    const broken = new Error('executor bug');
    const executor: Executor = { host: 'h', exec() { throw broken; }, async close() {} };
    const task = run({ executor }, function* saga() {
      try {
        yield exec('uname -a');
      } catch (e) {
        return e;
      }
      return null;
    });
    await expect(task.toPromise()).resolves.toBe(broken);
  });

  test('Without an executor, exec fails with NoExecutorError naming the command.', () => {
    const task = run(function* saga() { yield exec('hostid'); });
    const err = task.error() as NoExecutorError;
    expect(err).toBeInstanceOf(NoExecutorError);
    expect(err.code).toBe('no-executor');
    expect(err.message).toContain('exec("hostid")');
  });

  test('Each exec gets its own signal; cancelling one aborts only that one.', async () => {
    const clock = new TestClock();
    const executor = fakeExecutor();
    const task = run({ clock, executor }, function* saga() {
      const first = yield* exec('uname -a');
      const raced = yield* race({ out: exec('sleep 60'), timeout: delay(100, 'timeout') });
      return { first: first.stdout, raced };
    });
    executor.find('uname -a').resolve(ok('Linux'));
    await flush();
    clock.advance(100);
    expect(task.result()).toEqual({ first: 'Linux', raced: { timeout: 'timeout' } });
    expect(executor.find('uname -a').aborted()).toBe(false);
    expect(executor.find('sleep 60').aborted()).toBe(true);
    expect(executor.find('uname -a').options!.signal).not.toBe(executor.find('sleep 60').options!.signal);
  });

  test('The run never closes the executor it was given: that is the caller\'s job.', async () => {
    const executor = fakeExecutor();
    const task = run({ executor }, function* saga() { yield exec('hostid'); });
    executor.find('hostid').resolve(ok('x'));
    await task.toPromise();
    expect(executor.closed).toBe(0);
  });
});
