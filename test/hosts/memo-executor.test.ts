/**
 * `memoExecutor`: within one scan, a command asked again gets the first run's result; one caller's
 * cancel does not stop the command for the others; the last caller's cancel stops it.
 */
import { describe, expect, it } from 'vitest';
import type { ExecOptions } from '../../src/effects/command.js';
import { AbortedError } from '../../src/executors/errors.js';
import { mockExecutor } from '../../src/executors/mock.js';
import { memoExecutor } from '../../src/hosts/memo-executor.js';

/** A host whose `held` command answers only when `release()` is called, and says when it was aborted. */
function holdingHost() {
  const state = { aborted: 0, release: (_: string) => undefined as void };
  const inner = mockExecutor((command: string, options: ExecOptions) => {
    if (command !== 'held') return `${command}\n`;
    return new Promise((resolve, reject) => {
      state.release = (stdout) => resolve(stdout);
      options.signal?.addEventListener('abort', () => { state.aborted++; reject(new Error('aborted')); });
    });
  });
  return { inner, state };
}

describe('memoExecutor', () => {
  it('runs a command asked twice once, and gives both callers its result', async () => {
    const inner = mockExecutor({ hostid: '007f0100\n' });
    const memo = memoExecutor(inner);
    const [a, b] = await Promise.all([memo.exec('hostid'), memo.exec('hostid')]);
    expect(a.stdout).toBe('007f0100\n');
    expect(b).toBe(a);
    expect((await memo.exec('hostid')).stdout).toBe('007f0100\n');
    expect(inner.calls).toHaveLength(1);
  });

  it('runs the same command with and without sudo as two commands', async () => {
    const inner = mockExecutor({ dmidecode: 'x\n' });
    const memo = memoExecutor(inner);
    await memo.exec('dmidecode');
    await memo.exec('dmidecode', { sudo: true });
    expect(inner.calls.map((c) => c.sudo)).toEqual([false, true]);
  });

  it('shares a failure too: the command is not run again', async () => {
    const inner = mockExecutor({});
    const memo = memoExecutor(inner);
    await expect(memo.exec('nope')).rejects.toMatchObject({ code: 'unexpected-command' });
    await expect(memo.exec('nope')).rejects.toMatchObject({ code: 'unexpected-command' });
    expect(inner.calls).toHaveLength(1);
  });

  it('keeps the command running for the callers left when one is cancelled', async () => {
    const { inner, state } = holdingHost();
    const memo = memoExecutor(inner);
    const first = new AbortController();
    const a = memo.exec('held', { signal: first.signal });
    const b = memo.exec('held');
    first.abort();
    await expect(a).rejects.toBeInstanceOf(AbortedError);
    state.release('done\n');
    expect((await b).stdout).toBe('done\n');
    expect(state.aborted).toBe(0);
  });

  it('stops the command when its last caller is cancelled, and runs it afresh when asked again', async () => {
    const { inner, state } = holdingHost();
    const memo = memoExecutor(inner);
    const controller = new AbortController();
    const a = memo.exec('held', { signal: controller.signal });
    controller.abort();
    await expect(a).rejects.toMatchObject({ code: 'aborted' });
    expect(state.aborted).toBe(1);
    const again = memo.exec('held');
    state.release('second\n');
    expect((await again).stdout).toBe('second\n');
    expect(inner.calls).toHaveLength(2);
  });

  it('refuses at once a caller whose signal is already aborted, without running anything', async () => {
    const inner = mockExecutor({ hostid: '1\n' });
    await expect(memoExecutor(inner).exec('hostid', { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortedError);
    expect(inner.calls).toHaveLength(0);
  });
});
