import { describe, expect, test } from 'vitest';
import { editDistance } from '../../src/executors/closest.js';
import { AbortedError, CommandTimeoutError, OutputTooLargeError, PrivilegeRequiredError, UnexpectedCommandError } from '../../src/executors/errors.js';
import { mockExecutor } from '../../src/executors/mock.js';

describe('mockExecutor', () => {
  test('a string answer is stdout with exit code 0 and every other field defaulted', async () => {
    const host = mockExecutor({ 'uname -s': 'Linux\n' });
    expect(await host.exec('uname -s')).toEqual({ stdout: 'Linux\n', stderr: '', code: 0, signal: null, durationMs: 0 });
  });

  test('a partial result keeps its fields and defaults the rest', async () => {
    const host = mockExecutor({ false: { code: 1, stderr: 'no\n' } });
    expect(await host.exec('false')).toEqual({ stdout: '', stderr: 'no\n', code: 1, signal: null, durationMs: 0 });
  });

  test('an error answer rejects with that very error', async () => {
    const refusal = new PrivilegeRequiredError('needs root', { host: 'mock' });
    const host = mockExecutor([['cat /etc/shadow', refusal]]);
    await expect(host.exec('cat /etc/shadow')).rejects.toBe(refusal);
  });

  test('exact commands win over patterns, and patterns are tried in order', async () => {
    const host = mockExecutor(
      new Map<string | RegExp, string>([
        [/^cat /, 'first pattern'],
        [/^cat \/etc/, 'second pattern'],
        ['cat /etc/hostname', 'exact'],
      ]),
    );
    expect((await host.exec('cat /etc/hostname')).stdout).toBe('exact');
    expect((await host.exec('cat /etc/os-release')).stdout).toBe('first pattern');
  });

  test('a global pattern matches on every call, not every other one', async () => {
    const host = mockExecutor([[/^ls/g, 'x']]);
    for (let i = 0; i < 3; i++) expect((await host.exec('ls /')).stdout).toBe('x');
  });

  test('a function answer is called with the command and options', async () => {
    const host = mockExecutor([[/^echo /, (command, options) => `${command.slice(5)} sudo=${String(options.sudo)}`]]);
    expect((await host.exec('echo hi', { sudo: true })).stdout).toBe('hi sudo=true');
  });

  test('a handler function answers every command, and undefined means unexpected', async () => {
    const host = mockExecutor((command) => (command === 'id -u' ? '0\n' : undefined), { host: 'h1' });
    expect((await host.exec('id -u')).stdout).toBe('0\n');
    await expect(host.exec('id -g')).rejects.toThrow(UnexpectedCommandError);
  });

  test('an unexpected command names itself and the closest known command', async () => {
    const host = mockExecutor({ 'uname -s': 'Linux', 'cat /etc/os-release': '', hostname: 'h' }, { host: 'web1' });
    const error = await host.exec('uname -a').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedCommandError);
    expect(error).toMatchObject({ code: 'unexpected-command', host: 'web1', command: 'uname -a', closest: 'uname -s' });
    expect((error as Error).message).toBe('web1: unexpected command "uname -a"; the closest known one is "uname -s"');
  });

  test('an empty table says so instead of naming a closest command', async () => {
    await expect(mockExecutor({}).exec('ls')).rejects.toThrow('the mock table is empty');
  });

  test('every call is remembered in order, unexpected ones included', async () => {
    const host = mockExecutor({ a: 'A' });
    await host.exec('a', { timeoutMs: 5, sudo: true });
    await host.exec('b').catch(() => undefined);
    expect(host.calls).toEqual([
      { command: 'a', sudo: true, timeoutMs: 5, maxOutputBytes: undefined },
      { command: 'b', sudo: false, timeoutMs: undefined, maxOutputBytes: undefined },
    ]);
  });

  test('an answer longer than maxOutputBytes rejects with OutputTooLargeError', async () => {
    const host = mockExecutor({ yes: 'y\n'.repeat(100) });
    await expect(host.exec('yes', { maxOutputBytes: 10 })).rejects.toThrow(OutputTooLargeError);
  });

  test('a pending answer is cut off by the abort signal and by the timeout', async () => {
    const host = mockExecutor({ hang: () => new Promise<never>(() => undefined) });
    const controller = new AbortController();
    const pending = host.exec('hang', { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toThrow(AbortedError);
    await expect(host.exec('hang', { timeoutMs: 10 })).rejects.toThrow(CommandTimeoutError);
  });

  test('after close, exec rejects and closed is true', async () => {
    const host = mockExecutor({ a: 'A' });
    await host.close();
    expect(host.closed).toBe(true);
    await expect(host.exec('a')).rejects.toMatchObject({ code: 'closed' });
  });

  test('an invalid option is rejected naming the option and the value', async () => {
    await expect(mockExecutor({ a: 'A' }).exec('a', { timeoutMs: -1 })).rejects.toThrow('timeoutMs must be a positive number of milliseconds, got -1');
  });
});

describe('editDistance', () => {
  test('counts insertions, deletions and substitutions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });
});
