/**
 * The one error the CLI turns into exit code 1: the command line, a file it names, or the configuration
 * is wrong. Its message says what was wrong and what to do, in one line (two at most). The libraries
 * below the CLI throw their own typed errors; `asUsageErrors` maps the ones a person fixes to it.
 */
import { PlesioError } from '../errors.js';

/** A usage or configuration error: bad option, malformed target or inventory, unreadable file. */
export class UsageError extends PlesioError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('usage', message, options);
  }
}

/** True when `error` is a system error (`ENOENT`, `EPIPE`…) with one of `codes`, or with any code when none is given. */
export function hasErrno(error: unknown, ...codes: string[]): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) && (codes.length === 0 || codes.includes(code));
}

/**
 * The reason a file could not be read or written, in words a person acts on (`does not exist`,
 * `permission denied`, `no space left on device`), rather than Node's `ENOENT: no such file or
 * directory, open '…'`.
 */
export function fileProblem(error: unknown): string {
  switch ((error as NodeJS.ErrnoException | null)?.code) {
    case 'ENOENT':
      return 'it does not exist';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOTDIR':
      return 'a part of its path is not a directory';
    // What a write can meet: said in words, with the code a person would search for.
    case 'ENOSPC':
      return 'no space left on device (ENOSPC)';
    case 'EDQUOT':
      return 'disk quota exceeded (EDQUOT)';
    case 'EFBIG':
      return 'the file is too large (EFBIG)';
    case 'EIO':
      return 'input/output error (EIO)';
    case 'EROFS':
      return 'read-only file system (EROFS)';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/**
 * Runs `body`, turning the distributed-mode errors a person fixes (Redis unreachable, unknown run, bad
 * store, a secret in a job) into `UsageError`, which the CLI reports in one line with exit code 1.
 * @example
 * return asUsageErrors(() => writeRunResults(runId, flags, io));
 */
export async function asUsageErrors<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof PlesioError && !(error instanceof UsageError) && ['usage', 'redis', 'run-not-found', 'store', 'invalid-job'].includes(error.code)) {
      throw new UsageError(error.message, { cause: error });
    }
    throw error;
  }
}
