/**
 * The secrets of `--ask-pass` and `--password-file`. The prompt reads the controlling terminal
 * (`/dev/tty`, as ssh does) with echo off, so it works while stdout and stderr are redirected; a
 * password is never an option value or an environment variable, which other users can read in `ps`.
 */
import { openSync } from 'node:fs';
import { ReadStream, WriteStream } from 'node:tty';
import { readSecret } from '../executors/secret.js';
import { PlesioError } from '../errors.js';
import { UsageError } from './usage-error.js';

/** Asked once per run: the same password serves every host, as with `ansible -k`. */
export type PasswordSource = { kind: 'prompt' } | { kind: 'file'; path: string };

/** Reads the password of `source` (prompting on the terminal for `prompt`); `signal` ends a prompt. */
export async function obtainPassword(source: PasswordSource, signal?: AbortSignal): Promise<string> {
  if (source.kind === 'file') {
    try {
      return await readSecret(source.path);
    } catch (error) {
      throw new UsageError(`--password-file: ${(error as Error).message}`, { cause: error });
    }
  }
  return promptOnTerminal('SSH password: ', '--ask-pass needs a terminal to prompt on; without one, use --password-file FILE (mode 600)', signal);
}

/**
 * Prompts on the controlling terminal with echo off; `noTerminal` is the usage error's message when
 * there is none. `signal` (SIGTERM, SIGINT sent from elsewhere) ends the prompt as Ctrl-C does.
 */
export async function promptOnTerminal(prompt: string, noTerminal: string, signal?: AbortSignal): Promise<string> {
  let inFd: number;
  let outFd: number;
  try {
    inFd = openSync('/dev/tty', 'r');
    outFd = openSync('/dev/tty', 'w');
  } catch (error) {
    throw new UsageError(noTerminal, { cause: error });
  }
  const input = new ReadStream(inFd);
  const output = new WriteStream(outFd);
  try {
    return await readHidden(input, output, prompt, signal);
  } finally {
    input.destroy();
    output.destroy();
  }
}

/** The terminal side `readHidden` needs; a test passes a stand-in. */
export interface HiddenInput extends NodeJS.ReadableStream {
  setRawMode(raw: boolean): unknown;
}

/**
 * Prompts on `output` and reads one line from `input` in raw mode, echoing nothing. Backspace and
 * Ctrl-U edit; Ctrl-C, or `signal` aborting (the terminal is raw: a signal comes from elsewhere),
 * rejects with code `interrupted`; Ctrl-D on an empty line rejects with `usage`.
 * @example
 * const password = await readHidden(ttyIn, ttyOut, 'SSH password: ');
 */
export function readHidden(input: HiddenInput, output: NodeJS.WritableStream, prompt: string, signal?: AbortSignal): Promise<string> {
  // Echo off before the prompt shows: a fast typist must not see the first characters echoed.
  input.setRawMode(true);
  output.write(prompt);
  return new Promise<string>((resolve, reject) => {
    let typed = '';
    const finish = (error: Error | undefined): void => {
      input.removeListener('data', onData);
      signal?.removeEventListener('abort', onAbort);
      input.setRawMode(false);
      // The user's Enter was not echoed either: end the prompt's line.
      output.write('\n');
      if (error === undefined) resolve(typed);
      else reject(error);
    };
    const onData = (chunk: Buffer | string): void => {
      for (const char of chunk.toString()) {
        if (char === '\r' || char === '\n') return finish(undefined);
        if (char === '\u0003') return finish(new PlesioError('interrupted', `interrupted at the prompt ${JSON.stringify(prompt.trim())}`));
        if (char === '\u0004' && typed === '') return finish(new UsageError(`nothing was typed at the prompt ${JSON.stringify(prompt.trim())}`));
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else if (char === '\u0015') typed = '';
        else if (char >= ' ') typed += char;
      }
    };
    const onAbort = (): void => finish(new PlesioError('interrupted', `interrupted by ${String(signal?.reason ?? 'a signal')} at the prompt ${JSON.stringify(prompt.trim())}`));
    if (signal?.aborted === true) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    input.on('data', onData);
    input.resume();
  });
}
