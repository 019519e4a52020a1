/**
 * Writing Ansible's `jsonfile` fact cache (ansible/plugins/cache/jsonfile.py on BaseFileCacheModule):
 * one file per host in the cache directory, named the fact-caching prefix followed by the inventory
 * host name, holding the host's dictionary as `json.dumps(sort_keys=True, indent=4)`. Ansible writes it
 * to a `mkstemp` file (mode 0600) renamed over the old one; plesio does the same, so a reader never
 * sees half a file. Ansible treats a file as expired once its mtime is older than
 * `fact_caching_timeout` seconds (default 86400; 0 never expires), so a file written now is fresh for
 * that long. Files whose names start with `.` are not cache entries to Ansible: the temporary files are.
 */
import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PlesioError } from '../errors.js';
import type { AnsibleFacts } from './facts.js';
import { pythonJson } from './python-json.js';

/** The cache directory cannot be used: it cannot be created, is not a directory, or is not writable. */
export class FactCacheError extends PlesioError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('usage', message, options);
  }
}

/** A host whose name cannot be a cache file name (`a/b`, `..`): Ansible could not read it back either. */
export class FactCacheNameError extends PlesioError {
  constructor(host: string, why: string) {
    super('fact-cache-name', `no Ansible fact cache file for host ${JSON.stringify(host)}: ${why}`, { host });
  }
}

/** An open cache directory. */
export interface FactCache {
  readonly dir: string;
  readonly prefix: string;
  /** The file `host`'s facts go to. Throws `FactCacheNameError` for a name that cannot be one. */
  fileOf(host: string): string;
  /** Replaces `host`'s file with `facts`, atomically, mode 0600. */
  write(host: string, facts: AnsibleFacts): Promise<void>;
}

/**
 * Opens (creating it, mode 0700, if needed) the cache directory `dir`; `prefix` is Ansible's
 * `fact_caching_prefix` (default none). Throws `FactCacheError` when the directory cannot be used.
 * @example
 * const cache = await openFactCache('/var/cache/ansible/facts');
 * await cache.write('web1', ansibleFacts(report)!);
 */
export async function openFactCache(dir: string, prefix = ''): Promise<FactCache> {
  if (prefix.includes('/') || prefix.includes('\0')) throw new FactCacheError(`the Ansible fact cache prefix ${JSON.stringify(prefix)} cannot hold "/": it is the start of a file name`);
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    if (!(await stat(dir)).isDirectory()) throw new Error(NOT_A_DIRECTORY);
    // What Ansible's validate_cache_connection asks of it: read, write and search permission.
    await access(dir, constants.R_OK | constants.W_OK | constants.X_OK);
  } catch (error) {
    throw new FactCacheError(`cannot use ${dir} as the Ansible fact cache: ${problem(error)}`, { cause: error });
  }
  const fileOf = (host: string): string => join(dir, prefix + checkName(host, prefix));
  return {
    dir,
    prefix,
    fileOf,
    async write(host, facts) {
      const file = fileOf(host);
      const temporary = join(dir, `.plesio-${randomUUID()}.tmp`);
      // O_EXCL: never write through a file or link someone else put there.
      const handle = await open(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
      try {
        try {
          await handle.writeFile(pythonJson(facts), 'utf8');
        } finally {
          await handle.close();
        }
        // rename replaces a link at `file` itself, never what it points to.
        await rename(temporary, file);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
    },
  };
}

const NOT_A_DIRECTORY = 'it is not a directory';

/** Why a directory cannot be used, in words a person acts on. */
function problem(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  if (code === 'EEXIST' || message === NOT_A_DIRECTORY) return NOT_A_DIRECTORY;
  if (code === 'ENOTDIR') return 'a part of its path is not a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return message;
}

/** The host name as a file name, or `FactCacheNameError`. */
function checkName(host: string, prefix: string): string {
  if (host === '') throw new FactCacheNameError(host, 'the name is empty');
  if (host.includes('/') || host.includes('\0')) throw new FactCacheNameError(host, 'a file name cannot hold "/" or NUL');
  if (prefix === '' && (host === '.' || host === '..')) throw new FactCacheNameError(host, `"${host}" names a directory`);
  if (Buffer.byteLength(prefix + host) > 255) throw new FactCacheNameError(host, 'the file name would be longer than 255 bytes');
  return host;
}
