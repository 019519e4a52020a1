/**
 * The short answers of `facts --list`, `diff` and `scan --detach`, written to stdout and checked like
 * the reports are: a full disk or an I/O error is exit 1 naming stdout and the reason, a reader that
 * went away ends the command quietly (issue 14, item 2).
 */
import { Writable } from 'node:stream';
import { fileProblem, hasErrno, UsageError } from '../usage-error.js';
import { BROKEN_PIPE_EXIT } from './failures.js';
import { openOutput } from './stream.js';

/**
 * Writes `text` to `stdout` and waits until it is written; resolves to the exit status (0, or 141 when
 * the reader went away); throws `UsageError` when the write fails otherwise.
 * @example
 * return printText(io.stdout, `${runId}\n`, `the run id ${runId}`);
 */
export async function printText(stdout: NodeJS.WritableStream, text: string, what = 'the output'): Promise<number> {
  const output = await openOutput(undefined, stdout);
  try {
    await output.write(text);
    await output.close();
    return 0;
  } catch (error) {
    if (hasErrno(error, 'EPIPE')) return BROKEN_PIPE_EXIT;
    throw new UsageError(`cannot write ${what} to stdout: ${fileProblem(error)}`, { cause: error });
  }
}

/**
 * Runs `body` with a stream that collects what it writes, then prints that with `printText`; resolves
 * to the exit status of the body (when not 0) or of the print.
 * @example
 * done(await printing(io.stdout, (out) => listFacts(out, 'table')));
 */
export async function printing(stdout: NodeJS.WritableStream, body: (out: NodeJS.WritableStream) => number | void | Promise<number | void>): Promise<number> {
  const chunks: Buffer[] = [];
  const collector = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  const code = (await body(collector)) ?? 0;
  const printed = await printText(stdout, Buffer.concat(chunks).toString('utf8'));
  return code !== 0 ? code : printed;
}
