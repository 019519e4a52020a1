/**
 * Where reports go: stdout, or the `--output` file (opened before the scan, so a bad path fails at
 * once, not after an hour of scanning). Writes wait for `drain`, so a slow reader slows the scan instead
 * of letting output pile up in memory.
 */
import { once } from 'node:events';
import { open } from 'node:fs/promises';
import { fileProblem, UsageError } from '../usage-error.js';

/** A text destination with backpressure. */
export interface TextOutput {
  /** Writes `text`; resolves once the stream can take more. */
  write(text: string): Promise<void>;
  /** Flushes and, for a file, closes it. */
  close(): Promise<void>;
}

/**
 * Opens the `--output` file, or wraps `stdout` when `file` is undefined.
 * @example
 * const out = await openOutput(undefined, process.stdout);
 * await out.write('{}\n');
 */
export async function openOutput(file: string | undefined, stdout: NodeJS.WritableStream): Promise<TextOutput> {
  if (file === undefined || file === '-') return streamOutput(stdout, async () => undefined);
  let handle;
  try {
    handle = await open(file, 'w', 0o644);
  } catch (error) {
    throw new UsageError(`cannot write the --output file ${file}: ${fileProblem(error)}`, { cause: error });
  }
  const stream = handle.createWriteStream();
  return streamOutput(stream, async () => {
    stream.end();
    await once(stream, 'close');
  });
}

function streamOutput(stream: NodeJS.WritableStream, finish: () => Promise<void>): TextOutput {
  let failed: Error | undefined;
  // EPIPE (`plesio scan … | head`) and disk errors surface at the next write, not as a crash.
  const onError = (error: Error): void => {
    failed ??= error;
  };
  stream.on('error', onError);
  // One shared wait for `drain`, however many hosts finish while the reader is slow.
  let draining: Promise<void> | undefined;
  return {
    async write(text: string): Promise<void> {
      while (draining !== undefined) await draining;
      if (failed !== undefined) throw failed;
      if (!stream.write(text)) {
        draining ??= drained(stream).finally(() => (draining = undefined));
        await draining;
      }
      if (failed !== undefined) throw failed;
    },
    async close(): Promise<void> {
      try {
        if (failed === undefined) await finish();
      } finally {
        stream.removeListener('error', onError);
      }
    },
  };
}

/** Resolves on `drain`, `error` or `close`, removing all three listeners whichever comes first. */
function drained(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      for (const event of ['drain', 'error', 'close']) stream.removeListener(event, done);
      resolve();
    };
    for (const event of ['drain', 'error', 'close']) stream.once(event, done);
  });
}
