/**
 * Files plesio writes with what hosts answered — `--output`, `--record`, `--trace`, the `--store`
 * database — can hold secrets of those hosts (a recorded `sudo` command's output, a configuration
 * file), so they are created for their owner only, mode 0600, whatever the umask (directories 0700).
 * A file that already exists keeps its mode, as OpenSSH leaves a known_hosts file: plesio never
 * loosens a mode, and never tightens one its owner chose (a report shared with a team on purpose).
 */
import { closeSync, openSync } from 'node:fs';
import { chmod, open, rename, rm, stat, writeFile, type FileHandle } from 'node:fs/promises';

/** Owner read and write: the mode of every new file plesio writes host outputs to. */
export const PRIVATE_FILE_MODE = 0o600;
/** Owner only: the mode of a directory plesio creates for such files (`--record DIR`). */
export const PRIVATE_DIR_MODE = 0o700;

/**
 * Opens `file` for writing, created 0600 when new; an existing file is truncated and keeps its mode.
 * @example
 * const handle = await openPrivateFile('fleet.json');
 */
export function openPrivateFile(file: string): Promise<FileHandle> {
  return open(file, 'w', PRIVATE_FILE_MODE);
}

/**
 * Creates `file` empty and 0600 when it does not exist, leaving an existing one as it is: for a file
 * another library then opens (SQLite, whose -wal and -shm files take the database file's mode).
 * @example
 * ensurePrivateFile('scans.db');
 */
export function ensurePrivateFile(file: string): void {
  let fd: number;
  try {
    // 'wx': created only when missing; an existing file is not opened at all (it may be read-only).
    fd = openSync(file, 'wx', PRIVATE_FILE_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw error;
  }
  closeSync(fd);
}

/**
 * Replaces `file` whole with `text`: written to a 0600 temporary file beside it, given the mode of
 * the file it replaces (if any), then renamed over it, so a reader never sees half of it; the
 * temporary file is removed when a write fails.
 * @example
 * await replacePrivateFile('recordings/web1.json', JSON.stringify(fixture));
 */
export async function replacePrivateFile(file: string, text: string): Promise<void> {
  const existing = await stat(file).then((stats) => stats.mode & 0o7777, () => undefined);
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, text, { mode: PRIVATE_FILE_MODE });
    if (existing !== undefined) await chmod(temporary, existing);
    await rename(temporary, file);
  } catch (error) {
    // A full disk leaves no half-written temporary file behind either.
    await rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  }
}
