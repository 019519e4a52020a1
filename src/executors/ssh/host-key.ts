/**
 * The host key policy: a key offered during the handshake is checked against known_hosts before any
 * credential is sent. Strict by default; `accept-new` records a first-seen host (and tells the
 * caller); a changed or revoked key, or a key of another type than the known ones, always fails.
 */
import { readFileSync, statSync } from 'node:fs';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { shellQuote } from '../../effects/quote.js';
import { PlesioError } from '../../errors.js';
import { HostKeyMismatchError, HostKeyUnknownError } from '../errors.js';
import { blobKeyType, fingerprint, knownHostsLine, knownHostsName, KnownHostsIndex, parseKnownHosts, type KnownHost } from './known-hosts.js';

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
  /** The address and port connected to, for the `ssh-keyscan` line of an unknown host's error. */
  hostName: string;
  port: number;
  /** Told of each key `accept-new` records (its `host` is this check's `host`). */
  onAdded?: (added: HostKeyAdded) => void;
}

/** A host key that `accept-new` recorded, as `ssh` says "Permanently added … to the list of known hosts". */
export interface HostKeyAdded {
  /** The host as the user named it (the one scanned, also when the key is its jump host's). */
  host: string;
  /** The jump host's name, when the key is that of a jump host on the way to `host`. */
  jumpHost?: string;
  /** The name it was recorded under: `host`, `[host]:port` or the HostKeyAlias. */
  name: string;
  /** e.g. `ssh-ed25519`. */
  keyType: string;
  /** `SHA256:…`, as `ssh-keygen -l` prints it. */
  fingerprint: string;
  /** The known_hosts file it was appended to. */
  file: string;
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

/** Host key algorithms ssh2 can verify; known_hosts may name others (security keys) it cannot. */
const SUPPORTED_KEY_TYPES = new Set(['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']);

/**
 * The host key algorithms to offer, known types for this host first, so a server with several keys
 * presents the one known_hosts can vouch for (as OpenSSH orders them). ssh2 negotiates one algorithm:
 * a host that then presents another type has none of the known ones (see `verifyHostKey`).
 */
export function preferredKeyTypes(check: HostKeyCheck): string[] {
  const types = new Set<string>();
  for (const entry of knownKeys(check)) {
    if (entry.keyType === 'ssh-rsa') ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'].forEach((t) => types.add(t));
    else types.add(entry.keyType);
  }
  return [...types].filter((type) => SUPPORTED_KEY_TYPES.has(type));
}

/** The keys known_hosts vouches for under this host's name (markers excluded). */
function knownKeys(check: HostKeyCheck): KnownHost[] {
  return check.known.matching(check.name).filter((entry) => entry.marker === undefined);
}

/**
 * Checks an offered key blob; resolves to the error to fail with, or `undefined` to proceed. A host
 * with any known key must present one of them: a key of another type is not "new" (OpenSSH says
 * "REMOTE HOST IDENTIFICATION HAS CHANGED" too), or an attacker holding no known key could pick a type
 * the victim has not recorded yet and be accepted under `accept-new`.
 */
export async function verifyHostKey(check: HostKeyCheck, key: Buffer): Promise<PlesioError | undefined> {
  const { host } = check;
  const type = blobKeyType(key) ?? 'unknown';
  const offered = `${type} key ${fingerprint(key)}`;
  const revoked = check.known.matching(check.name).find((entry) => entry.marker === 'revoked' && entry.key.equals(key));
  if (revoked !== undefined) {
    return new HostKeyMismatchError(`${host}: the offered ${offered} is marked @revoked in ${revoked.file}:${revoked.line}; no credential was sent`, { host });
  }
  const known = knownKeys(check);
  if (known.some((entry) => entry.key.equals(key))) return undefined;
  if (known.length > 0) return changedKeyError(check, offered, type, known);
  if (check.policy === 'strict') return new HostKeyUnknownError(`${host}: the ${offered} of ${check.name} is not in known_hosts. ${howToTrust(check)}`, { host });
  await mkdir(dirname(check.recordFile), { recursive: true, mode: 0o700 });
  const current = await readFile(check.recordFile, 'utf8').catch(() => '');
  const separator = current === '' || current.endsWith('\n') ? '' : '\n';
  await appendFile(check.recordFile, `${separator}${knownHostsLine(check.name, key, check.hashNames)}\n`, { mode: 0o600 });
  // Remembered here too, so a re-key on this connection does not record the key twice.
  check.known.add({ file: check.recordFile, line: 0, marker: undefined, names: check.name, keyType: type, key });
  tell(check, { host, name: check.name, keyType: type, fingerprint: fingerprint(key), file: check.recordFile });
  return undefined;
}

/** The mismatch error: a key of a known type that differs, or a key of a type the host is not known by. */
function changedKeyError(check: HostKeyCheck, offered: string, type: string, known: readonly KnownHost[]): PlesioError {
  const { host } = check;
  const where = (entries: readonly KnownHost[]): string => entries.map((entry) => `${entry.file}:${entry.line}`).join(', ');
  const removal = `if the host's keys were replaced on purpose, remove the old ones (${[...new Set(known.map((e) => e.file))].map((file) => `ssh-keygen -f ${shellQuote(file)} -R ${shellQuote(check.name)}`).join('; ')}) and verify the new one`;
  const sameType = known.filter((entry) => entry.keyType === type);
  if (sameType.length > 0) {
    return new HostKeyMismatchError(
      `${host}: REMOTE HOST IDENTIFICATION HAS CHANGED: the offered ${offered} differs from the one in ${where(sameType)} (someone may be intercepting the connection); no credential was sent; ${removal}`,
      { host },
    );
  }
  const types = [...new Set(known.map((entry) => entry.keyType))];
  const unverifiable = types.filter((t) => !SUPPORTED_KEY_TYPES.has(t));
  const note = unverifiable.length === 0 ? '' : ` (plesio cannot verify ${unverifiable.join(', ')} keys)`;
  return new HostKeyMismatchError(
    `${host}: REMOTE HOST IDENTIFICATION HAS CHANGED: known_hosts has ${types.join(', ')} keys for ${check.name} (${where(known)})${note}, but the host offered none of them, only an ${offered} (someone may be intercepting the connection); no credential was sent, and the key was not recorded; ${removal}`,
    { host },
  );
}

/**
 * The fix for an unknown host key, ready to paste: the `ssh-keyscan` line that records it where plesio
 * looks, or the policy that records keys on first use.
 */
function howToTrust(check: HostKeyCheck): string {
  const file = shellQuote(check.recordFile);
  const keyscan = `ssh-keyscan${check.hashNames ? ' -H' : ''} -p ${check.port} ${shellQuote(check.hostName)} >> ${file}`;
  // ssh-keyscan names the keys by address and port; a HostKeyAlias name must be written by hand.
  const add = check.name === knownHostsName(check.hostName, check.port) ? `add it with: ${keyscan}` : `add it to ${file} under its HostKeyAlias ${check.name}`;
  // The command last, so it can be copied whole.
  return `If it is the host's key (ask its administrator), record new hosts' keys with --host-key-policy accept-new (hostKeyPolicy: 'accept-new'), or ${add}`;
}

/** Tells the caller of a recorded key; a throwing listener must not end the connection attempt. */
function tell(check: HostKeyCheck, added: HostKeyAdded): void {
  try {
    check.onAdded?.(added);
  } catch {
    // The key is recorded whatever the listener does.
  }
}
