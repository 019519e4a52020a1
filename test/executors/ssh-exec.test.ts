/**
 * The SSH executor running commands against a real OpenSSH server on loopback.
 */
import { getEventListeners } from 'node:events';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { AbortedError, CommandTimeoutError, ConnectionLostError, ExecutorClosedError, OutputTooLargeError, PrivilegeRequiredError, StartTimeoutError } from '../../src/executors/errors.js';
import { rawOutput } from '../../src/executors/output.js';
import { startRefusingSudoSshd, type RefusingSudoSshd } from '../support/fake-sudo.js';
import { activeResources, leakedSince, settle } from '../support/handles.js';
import { executorsFor } from '../support/ssh-executors.js';
import type { TestSshd } from '../support/sshd.js';

let sshd: TestSshd;
let dir: string;
let refusingSudo: string;
let server: RefusingSudoSshd;
beforeAll(async () => {
  server = await startRefusingSudoSshd('plesio-ssh-exec-');
  ({ sshd, dir, refusingSudo } = server);
});
afterAll(() => server?.stop());
const executor = executorsFor(() => sshd);
afterEach(() => executor.closeAll());

describe('sshExecutor running commands', () => {
  test('reports stdout, stderr and a non-zero exit code as a result, not an error', async () => {
    const result = await executor().exec('echo out; echo err >&2; exit 3');
    expect(result).toMatchObject({ stdout: 'out\n', stderr: 'err\n', code: 3, signal: null });
  });

  test('a command killed by a signal has code null and the signal name without SIG', async () => {
    expect(await executor().exec('kill -TERM $$')).toMatchObject({ code: null, signal: 'TERM' });
  });

  test('stdin is at end of file, so a command reading it ends at once', async () => {
    expect(await executor().exec('cat; echo done')).toMatchObject({ stdout: 'done\n', code: 0 });
  });

  test('parallel commands run at the same time on separate channels of one connection', async () => {
    const host = executor();
    const barrier = join(dir, 'barrier');
    // Each command waits until all eight have started: this only ends if they truly run in parallel.
    const commands = Array.from({ length: 8 }, (_, i) => `mkdir -p ${barrier} && touch ${barrier}/${i} && while [ $(ls ${barrier} | wc -l) -lt 8 ]; do sleep 0.05; done; echo $SSH_CONNECTION`);
    const results = await Promise.all(commands.map((command) => host.exec(command, { timeoutMs: 20_000 })));
    // SSH_CONNECTION holds the client's port: one value means one TCP connection.
    expect(new Set(results.map((r) => r.stdout)).size).toBe(1);
    expect(results.every((r) => r.code === 0)).toBe(true);
  });

  test('more commands than channels queue for a free channel instead of failing', async () => {
    const host = executor({ maxChannels: 3 });
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => host.exec(`echo ${i}`)));
    expect(results.map((r) => r.stdout)).toEqual(Array.from({ length: 12 }, (_, i) => `${i}\n`));
  });

  test('a command past its timeout is stopped, and the connection stays usable', async () => {
    const host = executor();
    const error = await host.exec('sleep 5', { timeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandTimeoutError);
    expect(error).toMatchObject({ code: 'timeout', command: 'sleep 5', host: sshd.host });
    expect((await host.exec('echo still here')).stdout).toBe('still here\n');
  });

  test('on channels of their own: a timeout says it counts the login shell, and waiting for a free channel has its own bound', async () => {
    const host = executor({ pipelining: false, maxChannels: 1, startTimeoutMs: 500 });
    const timedOut = await host.exec('sleep 5', { timeoutMs: 300 }).catch((e: unknown) => e);
    expect((timedOut as Error).message).toMatch(/"sleep 5" timed out after 300 ms on a channel of its own \(a time that includes its login shell's start\) and was stopped/);
    const busy = host.exec('sleep 2; echo done', { timeoutMs: 10_000 });
    const waiting = await host.exec('echo late').catch((e: unknown) => e);
    expect(waiting).toBeInstanceOf(StartTimeoutError);
    expect(waiting).toMatchObject({ code: 'start-timeout', message: expect.stringMatching(/"echo late" did not start within \d+ ms: every channel to the host was in use \(1 running\)/) });
    expect((await busy).stdout).toBe('done\n');
  });

  test('aborting mid-command closes its channel and rejects with AbortedError', async () => {
    const host = executor();
    const controller = new AbortController();
    const started = Date.now();
    const pending = host.exec('sleep 5', { signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    await expect(pending).rejects.toThrow(AbortedError);
    // Generous bound: the point is that it does not wait for the remote sleep.
    expect(Date.now() - started).toBeLessThan(4_000);
    expect((await host.exec('echo next')).stdout).toBe('next\n');
  });

  test('a command past the output cap is stopped with OutputTooLargeError', async () => {
    const error = await executor().exec('head -c 3000000 /dev/zero', { maxOutputBytes: 100_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutputTooLargeError);
    expect((error as Error).message).toContain('more than 100000 bytes');
  });

  test('output that is not UTF-8 keeps its exact bytes', async () => {
    const result = await executor().exec(`printf '\\377\\376ok'`);
    expect([...rawOutput(result).stdout]).toEqual([0xff, 0xfe, 0x6f, 0x6b]);
  });

  test('a sudo -n refusal becomes PrivilegeRequiredError, so a fact can say "needs root"', async () => {
    const host = executor({ sudoWhenRoot: true });
    // Guard the premise: the refusing stand-in must be the sudo the session finds.
    expect((await host.exec('command -v sudo')).stdout.trim()).toBe(join(refusingSudo, 'sudo'));
    const error = await host.exec('cat /etc/shadow', { sudo: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrivilegeRequiredError);
    expect(error).toMatchObject({ code: 'privilege-required', command: 'cat /etc/shadow' });
    expect((error as Error).message).toContain('sudo: a password is required');
  });

  test('sudo is used only when the login user is not root', async () => {
    const outcome = await executor().exec('id -u', { sudo: true }).then((r) => r.stdout, (e: Error) => e.name);
    expect(outcome).toBe(sshd.user === 'root' ? '0\n' : 'PrivilegeRequiredError');
  });

  test('a connection lost mid-command rejects that command and later ones with ConnectionLostError', async () => {
    const host = executor();
    // Caught at once: it rejects while the command that drops the connection is still awaited.
    const victim = host.exec('sleep 5').catch((error: unknown) => error);
    // The nearest sshd above the command is this connection's session process: killing it drops the
    // connection (over a channel of its own that is $PPID; in a pipelined session, further up).
    await host.exec('p=$PPID; while [ "$(cat /proc/$p/comm)" != sshd ]; do p=$(ps -o ppid= -p $p | tr -d " "); done; kill -9 $p').catch(() => undefined);
    expect(await victim).toBeInstanceOf(ConnectionLostError);
    await expect(host.exec('echo again')).rejects.toMatchObject({ code: 'connection-lost' });
  });

  test('a server that stops answering is detected by keepalive as a lost connection', async () => {
    // One channel per command: only then is $PPID the connection's sshd process (in a pipelined
    // session it is the session shell, and freezing that stops one session, not the connection).
    const host = executor({ keepaliveIntervalMs: 200, keepaliveCountMax: 2, pipelining: false });
    const pidFile = join(dir, 'frozen.pid');
    try {
      // Freeze this connection's sshd session process: the socket stays open but nothing answers.
      const error = await host.exec(`echo $PPID > ${pidFile}; kill -STOP $PPID; sleep 5`, { timeoutMs: 20_000 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectionLostError);
      expect((error as Error).message).toContain('Keepalive timeout');
    } finally {
      const pid = Number(await readFile(pidFile, 'utf8').catch(() => '0'));
      if (pid > 0) process.kill(pid, 'SIGKILL');
    }
  });

  test('close stops running commands and later execs are refused', async () => {
    const host = executor();
    await host.connect();
    // Caught at once: it rejects while close() is still closing the connection.
    const running = host.exec('sleep 5').catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await host.close();
    expect(await running).toBeInstanceOf(ExecutorClosedError);
    await expect(host.exec('true')).rejects.toThrow(ExecutorClosedError);
  });

  test('running, timing out, aborting and closing leaves no socket, timer or listener behind', async () => {
    await settle();
    const before = activeResources();
    const host = executor({ keepaliveIntervalMs: 1_000 });
    const controller = new AbortController();
    const unused = new AbortController();
    await Promise.all([
      host.exec('echo 1', { signal: unused.signal }),
      host.exec('sleep 5', { timeoutMs: 100 }).catch(() => undefined),
      host.exec('sleep 5', { signal: controller.signal }).catch(() => undefined),
      new Promise((resolve) => setTimeout(resolve, 150)).then(() => controller.abort()),
    ]);
    await host.close();
    await settle();
    expect(leakedSince(before)).toEqual({});
    expect(getEventListeners(unused.signal, 'abort')).toEqual([]);
    expect(getEventListeners(controller.signal, 'abort')).toEqual([]);
  });
});
