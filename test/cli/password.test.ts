import { chmod } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { obtainPassword, readHidden, type HiddenInput } from '../../src/cli/password.js';
import { tempDir, writeTemp } from './helpers.js';

/** A stand-in terminal: what the user types goes in, the prompt comes out, raw mode is remembered. */
function fakeTerminal() {
  const input = Object.assign(new PassThrough(), { raw: false, setRawMode(raw: boolean) { input.raw = raw; return input; } }) as PassThrough & HiddenInput & { raw: boolean };
  const output = new PassThrough();
  let shown = '';
  output.on('data', (chunk: Buffer) => (shown += chunk.toString()));
  return { input, output, shown: () => shown };
}

describe('readHidden', () => {
  test('reads a line in raw mode without echoing it, and restores the terminal', async () => {
    const tty = fakeTerminal();
    const answer = readHidden(tty.input, tty.output, 'SSH password: ');
    expect(tty.input.raw).toBe(true);
    tty.input.write('s3cr');
    tty.input.write('et\r');
    expect(await answer).toBe('s3cret');
    expect(tty.input.raw).toBe(false);
    expect(tty.shown()).toBe('SSH password: \n');
  });

  test('handles backspace and Ctrl-U as a terminal line editor would', async () => {
    const tty = fakeTerminal();
    const answer = readHidden(tty.input, tty.output, '> ');
    tty.input.write('wrong\u0015pas\u007fss\n');
    expect(await answer).toBe('pass');
  });

  test('rejects with code interrupted on Ctrl-C and with a usage error on Ctrl-D', async () => {
    const a = fakeTerminal();
    const interrupted = readHidden(a.input, a.output, '> ');
    a.input.write('abc\u0003');
    await expect(interrupted).rejects.toMatchObject({ code: 'interrupted' });
    const b = fakeTerminal();
    const ended = readHidden(b.input, b.output, '> ');
    b.input.write('\u0004');
    await expect(ended).rejects.toMatchObject({ code: 'usage' });
  });

  test('rejects with code interrupted when its signal aborts (SIGTERM from elsewhere), leaving raw mode', async () => {
    const tty = fakeTerminal();
    const stop = new AbortController();
    const answer = readHidden(tty.input, tty.output, 'SSH password: ', stop.signal);
    stop.abort('SIGTERM');
    await expect(answer).rejects.toMatchObject({ code: 'interrupted', message: 'interrupted by SIGTERM at the prompt "SSH password:"' });
    expect(tty.input.raw).toBe(false);
  });
});

describe('obtainPassword', () => {
  let dir: { dir: string; remove: () => Promise<void> };
  beforeEach(async () => (dir = await tempDir()));
  afterEach(() => dir.remove());

  test('reads --password-file, without its trailing newline', async () => {
    const file = await writeTemp(dir.dir, 'pass', 'hunter2\n');
    expect(await obtainPassword({ kind: 'file', path: file })).toBe('hunter2');
  });

  test('refuses a password file other users can read, saying how to fix it, without showing the password', async () => {
    const file = await writeTemp(dir.dir, 'pass', 'hunter2\n');
    await chmod(file, 0o644);
    const error = await obtainPassword({ kind: 'file', path: file }).catch((e: Error) => e);
    expect(error).toMatchObject({ code: 'usage', message: expect.stringContaining('chmod 600') });
    expect((error as Error).message).not.toContain('hunter2');
  });
});
