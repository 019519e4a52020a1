/**
 * Where reports go: stdout, or the `--output` file (opened before the scan, so a bad path fails at
 * once, not after an hour of scanning), created 0600 (see `private-files.ts`). Writes wait for `drain`,
 * so a slow reader slows the scan instead of letting output pile up in memory. Every write and the
 * final flush are checked: a full disk or an I/O error reaches the caller, which reports it (issue 14,
 * item 2), never a silent exit 0.
 */
import { once } from 'node:events';
import { openPrivateFile } from '../../private-files.js';
import { fileProblem, UsageError } from '../usage-error.js';

/** A text destination with backpressure. */
export interface TextOutput {
  /** Where the text goes, for messages: the file's path, or `stdout`. */
  readonly name: string;
  /** Writes `text`; resolves once the stream can take more; rejects with the stream's error. */
  write(text: string): Promise<void>;
  /** Flushes and, for a file, closes it; rejects if a write or the flush failed. */
  close(): Promise<void>;
}

/**
 * Opens the `--output` file, or wraps `stdout` when `file` is undefined.
 * @example
 * const out = await openOutput(undefined, process.stdout);
 * await out.write('{}\n');
 */
export async function openOutput(file: string | undefined, stdout: NodeJS.WritableStream): Promise<TextOutput> {
  if (file === undefined || file === '-') return streamOutput('stdout', stdout, () => flushed(stdout));
  let handle;
  try {
    handle = await openPrivateFile(file);
  } catch (error) {
    throw new UsageError(`cannot write the --output file ${file}: ${fileProblem(error)}`, { cause: error });
  }
  const stream = handle.createWriteStream();
  return streamOutput(file, stream, async () => {
    stream.end();
    await once(stream, 'close');
  });
}

function streamOutput(name: string, stream: NodeJS.WritableStream, finish: () => Promise<void>): TextOutput {
  let failed: Error | undefined;
  // EPIPE (`plesio scan … | head`) and disk errors surface at the next write or the close, not as a crash.
  const onError = (error: Error): void => {
    failed ??= error;
  };
  stream.on('error', onError);
  // One shared wait for `drain`, however many hosts finish while the reader is slow.
  let draining: Promise<void> | undefined;
  return {
    name,
    async write(text: string): Promise<void> {
      while (draining !== undefined) await draining;
      if (failed !== undefined) throw failed;
      try {
        if (!stream.write(text)) {
          draining ??= drained(stream).finally(() => (draining = undefined));
          await draining;
        }
      } catch (error) {
        // A file as stdout is written synchronously: its error is thrown here rather than emitted.
        failed ??= error as Error;
      }
      if (failed !== undefined) throw failed;
    },
    async close(): Promise<void> {
      try {
        if (failed === undefined) await finish();
      } catch (error) {
        failed ??= error as Error;
      } finally {
        stream.removeListener('error', onError);
      }
      if (failed !== undefined) throw failed;
    },
  };
}

/** Resolves once every write so far has reached the stream's destination, or it failed. */
function flushed(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    // Writes complete in order: the callback of an empty one runs after all earlier ones.
    try {
      stream.write('', (error?: Error | null) => (error ? reject(error) : resolve()));
    } catch (error) {
      reject(error as Error);
    }
  });
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
