/**
 * Checks of the files a scan depends on, made before any connection: an identity file that does not
 * exist or a known_hosts that cannot be read is a configuration error (exit 1) with the fix in the
 * message, not the same failure repeated for every host.
 */
import { constants } from 'node:fs';
import { access, mkdir, open, stat } from 'node:fs/promises';
import { FileFormatError } from '../executors/errors.js';
import { PRIVATE_DIR_MODE } from '../private-files.js';
import { loadKnownHosts } from '../executors/ssh/host-key.js';
import { fileProblem, hasErrno, UsageError } from './usage-error.js';

/**
 * Throws `UsageError` unless `file` is a regular file this process can open for reading.
 * @example
 * await checkReadable('/home/me/.ssh/id_ed25519', 'the identity file (-i)');
 */
export async function checkReadable(file: string, what: string): Promise<void> {
  let handle;
  try {
    handle = await open(file, 'r');
    const stats = await handle.stat();
    if (!stats.isFile()) throw stats.isDirectory() ? Object.assign(new Error('is a directory'), { code: 'EISDIR' }) : new Error('it is not a regular file');
  } catch (error) {
    throw new UsageError(`cannot read ${what} ${file}: ${fileProblem(error)}`, { cause: error });
  } finally {
    await handle?.close();
  }
}

/**
 * `-F FILE` must be readable and not a directory. As with `ssh -F`, it may be a device or a FIFO
 * (`-F /dev/null` for no config, `-F <(…)`): those are not opened here, as a pipe is read only once.
 * @example
 * await checkSshConfig('/dev/null');
 */
export async function checkSshConfig(file: string): Promise<void> {
  try {
    const stats = await stat(file);
    if (stats.isFile()) return await checkReadable(file, 'the ssh config (-F)');
    if (stats.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    await access(file, constants.R_OK);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read the ssh config (-F) ${file}: ${fileProblem(error)}`, { cause: error });
  }
}

/**
 * `--known-hosts FILE` must be readable and well formed; a missing one is only fine with `accept-new`,
 * which creates it. A malformed line would otherwise fail every host, one by one.
 * @example
 * await checkKnownHosts('fleet_known_hosts', 'strict');
 */
export async function checkKnownHosts(file: string, policy: 'strict' | 'accept-new'): Promise<void> {
  try {
    await checkReadable(file, 'the known_hosts file (--known-hosts)');
  } catch (error) {
    if (!hasErrno((error as UsageError).cause, 'ENOENT') || policy === 'strict') {
      const hint = hasErrno((error as UsageError).cause, 'ENOENT')
        ? '; with --host-key-policy strict no host could be verified: fill it (ssh-keyscan -p PORT HOST >> FILE) or use --host-key-policy accept-new'
        : '';
      throw new UsageError(`${(error as Error).message}${hint}`, { cause: error });
    }
    return;
  }
  try {
    // Parsed through the executors' own cache: the connections that follow do not read it again.
    await loadKnownHosts([file]);
  } catch (error) {
    if (!(error instanceof FileFormatError)) throw error;
    throw new UsageError(`the known_hosts file (--known-hosts) ${error.message}`, { cause: error });
  }
}

/** Creates the `--record` directory (and its parents, 0700 when new) now, so an unwritable path fails before the scan. */
export async function prepareRecordDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  } catch (error) {
    throw new UsageError(`cannot create the --record directory ${dir}: ${fileProblem(error)}`, { cause: error });
  }
}
