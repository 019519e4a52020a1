/**
 * The host key policy: a key offered during the handshake is checked against known_hosts before any
 * credential is sent. Strict by default; `accept-new` records a first-seen host; a changed or revoked
 * key always fails.
 */
import { readFileSync, statSync } from 'node:fs';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { PlesioError } from '../../errors.js';
import { HostKeyMismatchError, HostKeyUnknownError } from '../errors.js';
import { blobKeyType, fingerprint, knownHostsLine, KnownHostsIndex, parseKnownHosts } from './known-hosts.js';

/** What to do with a host whose key is not in known_hosts: fail (`strict`) or record it (`accept-new`). */
export type HostKeyPolicy = 'strict' | 'accept-new';

/** Everything needed to check one host's key. */
export interface HostKeyCheck {
  /** The host as the user named it, for messages. */
  host: string;
  /** The known_hosts name: `host`, `[host]:port`, or the configured HostKeyAlias. */
  name: string;
  policy: HostKeyPolicy;
  /** The parsed known_hosts lines (every configured file). */
  known: KnownHostsIndex;
  /** Where an accepted new key is appended. */
  recordFile: string;
  /** Hash the name of a recorded key (OpenSSH's HashKnownHosts). */
  hashNames: boolean;
}

/** The files last loaded for a list of paths, by what they were then (see `loadKnownHosts`). */
const loaded = new Map<string, { stamps: Array<string | undefined>; index: KnownHostsIndex }>();

/**
 * Reads known_hosts files; a missing file is empty, a malformed line throws `FileFormatError`.
 * Synchronously, like the ssh config and the identity files: they are small local files, and for those
 * an asynchronous read costs several times the CPU (four thread-pool round trips). Parsed once and kept
 * while every file is unchanged (same inode, size and mtime): a fleet scan connects thousands of
 * times, and a fleet's known_hosts has thousands of lines.
 */
export async function loadKnownHosts(files: readonly string[]): Promise<KnownHostsIndex> {
  const key = files.join('\n');
  const stamps = files.map(stampOf);
  const cached = loaded.get(key);
  if (cached !== undefined && stamps.every((stamp, i) => stamp !== undefined && stamp === cached.stamps[i])) return cached.index;
  const index = new KnownHostsIndex();
  files.forEach((file, i) => {
    if (stamps[i] === 'missing') return;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw new PlesioError('config', `cannot read the known_hosts file ${file}: ${(error as Error).message}`, { cause: error });
    }
    for (const entry of parseKnownHosts(text, file)) index.add(entry);
  });
  loaded.set(key, { stamps, index });
  return index;
}

/**
 * What identifies a file's content cheaply: `missing`, or its inode, size and change times; undefined
 * when it cannot be looked at (never cached then, so reading it reports why).
 */
function stampOf(file: string): string | undefined {
  try {
    const stat = statSync(file);
    return `${stat.ino}:${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}`;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : undefined;
  }
}

/**
 * The host key algorithms to offer, known types for this host first, so a server with several keys
 * presents the one known_hosts can vouch for (as OpenSSH orders them).
 */
export function preferredKeyTypes(check: HostKeyCheck): string[] {
  const types = new Set<string>();
  for (const entry of check.known.matching(check.name)) {
    if (entry.marker !== undefined) continue;
    if (entry.keyType === 'ssh-rsa') ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'].forEach((t) => types.add(t));
    else types.add(entry.keyType);
  }
  return [...types];
}

/** Checks an offered key blob; resolves to the error to fail with, or `undefined` to proceed. */
export async function verifyHostKey(check: HostKeyCheck, key: Buffer): Promise<PlesioError | undefined> {
  const { host } = check;
  const type = blobKeyType(key) ?? 'unknown';
  const offered = `${type} key ${fingerprint(key)}`;
  const matching = check.known.matching(check.name);
  const revoked = matching.find((entry) => entry.marker === 'revoked' && entry.key.equals(key));
  if (revoked !== undefined) {
    return new HostKeyMismatchError(`${host}: the offered ${offered} is marked @revoked in ${revoked.file}:${revoked.line}; no credential was sent`, { host });
  }
  const plain = matching.filter((entry) => entry.marker === undefined);
  if (plain.some((entry) => entry.key.equals(key))) return undefined;
  const changed = plain.find((entry) => entry.keyType === type);
  if (changed !== undefined) {
    return new HostKeyMismatchError(
      `${host}: HOST KEY CHANGED: the offered ${offered} differs from the one in ${changed.file}:${changed.line} (someone may be intercepting the connection); no credential was sent`,
      { host },
    );
  }
  if (check.policy === 'strict') {
    return new HostKeyUnknownError(
      `${host}: the ${offered} is not in known_hosts (${check.name}); verify it and add it to ${check.recordFile}, or connect with the accept-new host key policy`,
      { host },
    );
  }
  await mkdir(dirname(check.recordFile), { recursive: true, mode: 0o700 });
  const current = await readFile(check.recordFile, 'utf8').catch(() => '');
  const separator = current === '' || current.endsWith('\n') ? '' : '\n';
  await appendFile(check.recordFile, `${separator}${knownHostsLine(check.name, key, check.hashNames)}\n`, { mode: 0o600 });
  // Remembered here too, so a re-key on this connection does not record the key twice.
  check.known.add({ file: check.recordFile, line: 0, marker: undefined, names: check.name, keyType: type, key });
  return undefined;
}
