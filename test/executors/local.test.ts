import { getEventListeners } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AbortedError, CommandTimeoutError, ExecutorClosedError, OutputTooLargeError, PrivilegeRequiredError } from '../../src/executors/errors.js';
import { localExecutor } from '../../src/executors/local.js';
import { rawOutput } from '../../src/executors/output.js';
import { fakeSudos } from '../support/fake-sudo.js';
import { activeResources, leakedSince, settle } from '../support/handles.js';

let dir: string;
let sudo: Awaited<ReturnType<typeof fakeSudos>>;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plesio-local-'));
  sudo = await fakeSudos(dir);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** True once the process is gone (or a zombie: killed, not yet reaped by a busy init). */
async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    const stat = `/proc/${pid}/stat`;
    if (!existsSync(stat)) return true;
    const state = /\) (\S)/.exec(readFileSync(stat, 'utf8'))?.[1];
    if (state === 'Z' || state === 'X') return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}

describe('localExecutor', () => {
  const local = localExecutor({ host: 'here' });
  afterAll(() => local.close());

  test('reports stdout, stderr and a non-zero exit code as a result, not an error', async () => {
    const result = await local.exec('echo out; echo err >&2; exit 3');
    expect(result).toMatchObject({ stdout: 'out\n', stderr: 'err\n', code: 3, signal: null });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
  });

  test('a command killed by a signal has code null and the signal name without SIG', async () => {
    expect(await local.exec('kill -TERM $$')).toMatchObject({ code: null, signal: 'TERM' });
  });

  test('stdin is closed, so a command reading it ends at once', async () => {
    expect(await local.exec('cat; echo done')).toMatchObject({ stdout: 'done\n', code: 0 });
  });

  test('a timeout stops the whole process group, children included', async () => {
    const pidFile = join(dir, 'child.pid');
    const error = await local.exec(`sleep 30 & echo $! > ${pidFile}; wait`, { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandTimeoutError);
    expect(error).toMatchObject({ code: 'timeout', host: 'here', command: `sleep 30 & echo $! > ${pidFile}; wait` });
    expect(await gone(Number(await readFile(pidFile, 'utf8')))).toBe(true);
  });

  test('too much output stops the command with OutputTooLargeError', async () => {
    await expect(local.exec('yes', { maxOutputBytes: 64 * 1024 })).rejects.toThrow(OutputTooLargeError);
  });

  test('the output cap counts stdout and stderr together', async () => {
    await expect(local.exec('printf 123456; printf 123456 >&2', { maxOutputBytes: 10 })).rejects.toThrow(OutputTooLargeError);
    expect((await local.exec('printf 12345; printf 12345 >&2', { maxOutputBytes: 10 })).stdout).toBe('12345');
  });

  test('aborting mid-command stops it and rejects with AbortedError', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const pending = local.exec('sleep 30', { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(pending).rejects.toThrow(AbortedError);
    // Generous bound: the point is that it does not wait for the 30 s sleep.
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  test('an already aborted signal rejects before anything runs', async () => {
    const marker = join(dir, 'ran');
    await expect(local.exec(`touch ${marker}`, { signal: AbortSignal.abort() })).rejects.toThrow(AbortedError);
    expect(existsSync(marker)).toBe(false);
  });

  test('output that is not UTF-8 keeps its exact bytes for the recorder', async () => {
    const result = await local.exec(`printf '\\377\\376ok'`);
    expect([...rawOutput(result).stdout]).toEqual([0xff, 0xfe, 0x6f, 0x6b]);
  });

  test('sudo wraps the whole command line, pipes included', async () => {
    const withSudo = localExecutor({ env: { PATH: `${sudo.allowing}:/usr/bin:/bin` }, sudoWhenRoot: true });
    expect((await withSudo.exec('echo a | tr a b', { sudo: true })).stdout).toBe('b\n');
    await withSudo.close();
  });

  test("sudo's refusal becomes PrivilegeRequiredError with sudo's reason", async () => {
    const refusing = localExecutor({ host: 'here', env: { PATH: `${sudo.refusing}:/usr/bin:/bin` }, sudoWhenRoot: true });
    const error = await refusing.exec('cat /etc/shadow', { sudo: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrivilegeRequiredError);
    expect((error as Error).message).toBe('here: "cat /etc/shadow" needs root and sudo -n refused (sudo: a password is required)');
    await refusing.close();
  });

  test('a missing sudo is reported as PrivilegeRequiredError too', async () => {
    const without = localExecutor({ env: { PATH: sudo.none }, sudoWhenRoot: true });
    await expect(without.exec('id -u', { sudo: true })).rejects.toThrow(/sudo is not installed/);
    await without.close();
  });

  test('close stops running commands and later execs are refused', async () => {
    const executor = localExecutor();
    const running = executor.exec('sleep 30');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await executor.close();
    await expect(running).rejects.toThrow(ExecutorClosedError);
    await expect(executor.exec('true')).rejects.toThrow(ExecutorClosedError);
  });

  test('running and closing leaves no process, pipe or timer behind', async () => {
    const before = activeResources();
    const executor = localExecutor();
    const controller = new AbortController();
    await Promise.all([
      executor.exec('echo 1', { signal: controller.signal }),
      executor.exec('echo 2', { timeoutMs: 5_000 }),
      executor.exec('sleep 5', { timeoutMs: 50 }).catch(() => undefined),
    ]);
    await executor.close();
    await settle();
    expect(leakedSince(before)).toEqual({});
    expect(getEventListeners(controller.signal, 'abort')).toEqual([]);
  });

  test('nonsense options are rejected naming the option', async () => {
    expect(() => localExecutor({ commandTimeoutMs: 0 })).toThrow('commandTimeoutMs must be a positive number');
    await expect(local.exec('true', { maxOutputBytes: Number.NaN })).rejects.toThrow('maxOutputBytes must be a positive number of bytes, got NaN');
  });
});
