/**
 * Reading a password or key passphrase from a file or an inherited file descriptor — the non-interactive
 * alternatives to a terminal prompt. Never argv, never a plain environment variable: both leak to other
 * users through `ps` and `/proc`.
 */
import { close, fstat, open, readFile } from 'node:fs';
import { promisify } from 'node:util';
import { PlesioError } from '../errors.js';

/** Secrets, asked for lazily: a provider is never called when the server would not use the answer. */
export interface SecretProviders {
  /** The passphrase of an encrypted identity file, e.g. from a terminal prompt or `readSecret(path)`. */
  passphrase?: (keyFile: string) => Promise<string>;
  /** The login password, e.g. from a terminal prompt or `readSecret(fd)`. */
  password?: (request: { host: string; user: string }) => Promise<string>;
}

/**
 * OpenSSH's rule for private keys, also plesio's for every file holding a secret: a regular file that
 * group or others may read or write is refused. Returns its mode (`mode 644`) when it is exposed.
 * @example
 * exposedTo(statSync('/home/me/.ssh/id_ed25519')); // => undefined, or 'mode 644'
 */
export function exposedTo(stats: { mode: number; isFile(): boolean }): string | undefined {
  return stats.isFile() && (stats.mode & 0o077) !== 0 ? `mode ${(stats.mode & 0o777).toString(8)}` : undefined;
}

const openFile = promisify(open);
const readFd = promisify(readFile) as (fd: number) => Promise<Buffer>;
const fstatFd = promisify(fstat);
const closeFd = promisify(close);

/**
 * Reads a secret from a file path or an open file descriptor (closed after reading). One trailing
 * newline is removed. A regular file readable by group or others is refused, as OpenSSH refuses such keys.
 * @example
 * // plesio scan web1 3< ~/.config/plesio/web1.pass
 * const executor = sshExecutor('web1', { password: () => readSecret(3) });
 */
export async function readSecret(source: string | number): Promise<string> {
  const name = typeof source === 'number' ? `file descriptor ${source}` : source;
  let fd: number;
  try {
    fd = typeof source === 'number' ? source : await openFile(source, 'r');
  } catch (error) {
    throw new PlesioError('secret', `cannot read the secret from ${name}: ${(error as Error).message}`, { cause: error });
  }
  try {
    const exposed = exposedTo(await fstatFd(fd));
    if (exposed !== undefined) throw new PlesioError('secret', `${name} is accessible by other users (${exposed}); restrict it with chmod 600`);
    const secret = (await readFd(fd)).toString('utf8').replace(/\r?\n$/, '');
    if (secret === '') throw new PlesioError('secret', `${name} is empty`);
    return secret;
  } finally {
    await closeFd(fd).catch(() => undefined);
  }
}
