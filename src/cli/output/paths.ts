/**
 * The files a command will write — `-o`, `--trace`, `--store` — checked before anything else runs (a
 * password prompt, an enqueue, an hour of scanning): a typo in a folder name fails in a second, and
 * nothing is created or truncated by the check (issue 14, item 21).
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileProblem, hasErrno, UsageError } from '../usage-error.js';

/**
 * Throws `UsageError` unless `file` can be written: an existing file (or device, or FIFO) this
 * process may write, or a new file in an existing folder it may write in. `-` is stdout.
 * @example
 * await checkOutputPath('reports/prod.json', 'the --output file');
 */
export async function checkOutputPath(file: string, what: string): Promise<void> {
  if (file === '-') return;
  try {
    const stats = await stat(file);
    if (stats.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    await access(file, constants.W_OK);
    return;
  } catch (error) {
    if (!hasErrno(error, 'ENOENT')) throw new UsageError(`cannot write ${what} ${file}: ${fileProblem(error)}`, { cause: error });
  }
  const folder = dirname(file);
  let problem: string | undefined;
  try {
    if (!(await stat(folder)).isDirectory()) problem = `${folder} is not a folder`;
    else await access(folder, constants.W_OK);
  } catch (error) {
    problem = hasErrno(error, 'ENOENT') ? `the folder ${folder} does not exist` : `the folder ${folder}: ${fileProblem(error)}`;
  }
  if (problem !== undefined) throw new UsageError(`cannot write ${what} ${file}: ${problem}`);
}

/**
 * Checks every output path of a command, in the order given; `undefined` entries are skipped.
 * @example
 * await checkOutputPaths([[flags.output, 'the --output file'], [flags.store, 'the scan store (--store)']]);
 */
export async function checkOutputPaths(paths: ReadonlyArray<readonly [string | undefined, string]>): Promise<void> {
  for (const [file, what] of paths) if (file !== undefined) await checkOutputPath(file, what);
}
