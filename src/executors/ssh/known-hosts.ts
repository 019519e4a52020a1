/**
 * OpenSSH's known_hosts format: parsing (plain, wildcard, negated, hashed `|1|salt|hash` and
 * `[host]:port` names; `@revoked` and `@cert-authority` markers), matching a host name, and writing a line.
 * A malformed line is an error naming the file and line, never silently skipped: a typo there would
 * otherwise turn into a "host key unknown" far from its cause.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { FileFormatError } from '../errors.js';
import { wildcardRegExp } from './wildcard.js';

/** One key line of a known_hosts file. */
export interface KnownHost {
  file: string;
  line: number;
  /** `revoked`: this key must never be accepted; `cert-authority`: a CA key (not supported, never matches). */
  marker: 'revoked' | 'cert-authority' | undefined;
  /** The host-names field as written: patterns separated by commas, or one hashed name. */
  names: string;
  keyType: string;
  /** The public key blob (SSH wire format), as the server sends it. */
  key: Buffer;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** How many lookups an index remembers (a fleet's jump hosts, and the host being connected). */
const RECENT_LOOKUPS = 256;

/** Parses a known_hosts file's text; `file` names it in errors. Blank lines and comments are skipped. */
export function parseKnownHosts(text: string, file: string): KnownHost[] {
  const hosts: KnownHost[] = [];
  text.split('\n').forEach((raw, index) => {
    const lineNumber = index + 1;
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const fields = line.split(/\s+/);
    let marker: KnownHost['marker'];
    if (fields[0]!.startsWith('@')) {
      const name = fields.shift()!;
      if (name !== '@revoked' && name !== '@cert-authority') throw new FileFormatError(file, lineNumber, `unknown marker ${name}`);
      marker = name === '@revoked' ? 'revoked' : 'cert-authority';
    }
    const [names, keyType, encoded] = fields;
    if (names === undefined || keyType === undefined || encoded === undefined) {
      throw new FileFormatError(file, lineNumber, 'expected "host-names key-type base64-key [comment]"');
    }
    if (names.startsWith('|') && !isHashedName(names)) throw new FileFormatError(file, lineNumber, 'malformed hashed host name (expected |1|salt|hash)');
    const key = BASE64.test(encoded) ? Buffer.from(encoded, 'base64') : undefined;
    if (key === undefined || blobKeyType(key) !== keyType) {
      throw new FileFormatError(file, lineNumber, `the key is not a valid base64 ${keyType} public key`);
    }
    hosts.push({ file, line: lineNumber, marker, names, keyType, key });
  });
  return hosts;
}

/** The name known_hosts uses for a host: `host` on port 22, `[host]:port` otherwise. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host.toLowerCase() : `[${host.toLowerCase()}]:${port}`;
}

/** True when a known_hosts names field matches `name` (as made by `knownHostsName`). */
export function namesMatch(names: string, host: string): boolean {
  return namesMatcher(names)(host.toLowerCase());
}

/**
 * The entries of known_hosts files, looked up by host name without trying every line: a fleet's
 * known_hosts has thousands, and each connection looks one name up. Literal names go in a map; patterns
 * are compiled once; hashed names keep their decoded salt and hash (each must still be tried: the salt
 * differs per line).
 */
export class KnownHostsIndex {
  private readonly literal = new Map<string, KnownHost[]>();
  private readonly others: Array<{ entry: KnownHost; matches: (name: string) => boolean }> = [];
  private readonly order = new Map<KnownHost, number>();
  /**
   * Recent lookups: the handshake asks twice, and every host behind a jump host asks for that jump
   * host again (each costs an HMAC per hashed line). Bounded; cleared when an entry is added.
   */
  private readonly recent = new Map<string, KnownHost[]>();

  constructor(entries: readonly KnownHost[] = []) {
    for (const entry of entries) this.add(entry);
  }

  /** Adds an entry after the others (a key just recorded). */
  add(entry: KnownHost): void {
    this.order.set(entry, this.order.size);
    this.recent.clear();
    const names = entry.names.toLowerCase();
    if (names.startsWith('|') || /[*?!]/.test(names)) {
      this.others.push({ entry, matches: namesMatcher(entry.names) });
      return;
    }
    for (const name of new Set(names.split(','))) {
      const list = this.literal.get(name);
      if (list === undefined) this.literal.set(name, [entry]);
      else list.push(entry);
    }
  }

  /** The entries whose names match `host` (as made by `knownHostsName`), in file order. */
  matching(host: string): KnownHost[] {
    const name = host.toLowerCase();
    const known = this.recent.get(name);
    if (known !== undefined) return known;
    const found = [...(this.literal.get(name) ?? []), ...this.others.filter((o) => o.matches(name)).map((o) => o.entry)];
    const entries = found.sort((a, b) => this.order.get(a)! - this.order.get(b)!);
    if (this.recent.size >= RECENT_LOOKUPS) this.recent.clear();
    this.recent.set(name, entries);
    return entries;
  }

  /** How many entries there are. */
  get size(): number {
    return this.order.size;
  }
}

/** A known_hosts line for a newly accepted key, with the name hashed when `hash` is set. */
export function knownHostsLine(name: string, key: Buffer, hash: boolean): string {
  const names = hash ? hashName(name, randomBytes(20)) : name;
  return `${names} ${blobKeyType(key)} ${key.toString('base64')}`;
}

/** The key type inside a public key blob (its first SSH string), or undefined if it has none. */
export function blobKeyType(key: Buffer): string | undefined {
  if (key.length < 4) return undefined;
  const length = key.readUInt32BE(0);
  if (length === 0 || length > 64 || key.length < 4 + length) return undefined;
  return key.subarray(4, 4 + length).toString('latin1');
}

/** OpenSSH's fingerprint of a key blob: `SHA256:` and unpadded base64. */
export function fingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

function isHashedName(names: string): boolean {
  const parts = names.split('|');
  return parts.length === 4 && parts[1] === '1' && BASE64.test(parts[2]!) && BASE64.test(parts[3]!);
}

// A hashed name is HMAC-SHA1(key = salt, data = name), both base64: `|1|salt|hash`.
function hashName(name: string, salt: Buffer): string {
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
}

/**
 * A matcher for one names field, taking a lower-case name (OpenSSH compares, and hashes, host names in
 * lower case): a hashed name, or patterns where a matching negated one excludes the host whatever else
 * matches.
 */
function namesMatcher(names: string): (name: string) => boolean {
  if (names.startsWith('|1|')) {
    const [, , salt, hash] = names.split('|');
    const key = Buffer.from(salt!, 'base64');
    const expected = Buffer.from(hash!, 'base64');
    return (name) => {
      const actual = createHmac('sha1', key).update(name).digest();
      return expected.length === actual.length && timingSafeEqual(expected, actual);
    };
  }
  const patterns = names.toLowerCase().split(',').map((pattern) => {
    const negated = pattern.startsWith('!');
    return { negated, glob: wildcardRegExp(negated ? pattern.slice(1) : pattern) };
  });
  return (name) => {
    let matched = false;
    for (const { negated, glob } of patterns) {
      if (!glob.test(name)) continue;
      if (negated) return false;
      matched = true;
    }
    return matched;
  };
}
