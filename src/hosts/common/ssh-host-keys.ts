/**
 * The host's own SSH public keys (`/etc/ssh/ssh_host_*_key.pub`, one `TYPE BASE64 [COMMENT]` line
 * each, on every system; HP-UX Secure Shell keeps them in /opt/ssh/etc), as the SHA256 fingerprints `ssh-keygen -l` and `ssh` print, for
 * comparing a fleet with its known_hosts. The fingerprint is computed here: the SHA-256 of the
 * decoded key blob, in base64 without padding. The blob names its own type, which must match the
 * line's, so a corrupted or foreign line is a `ParseError` rather than a wrong fingerprint.
 */
import { createHash } from 'node:crypto';
import type { ParserSpec } from '../fact.js';
import { enforceCap, LIMITS } from './limits.js';
import { parseError, splitLines, words } from './text.js';

/** The `ssh_host_keys` fact: key type (`ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`...) to fingerprint. */
export type SshHostKeys = Record<string, string>;

const NAME = 'common.ssh-host-keys';
const KEY_TYPE = /^(?:ssh|ecdsa|sk)-[A-Za-z0-9@.-]{1,60}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The SHA256 fingerprint of a key blob given in base64, after checking the blob names `type`. */
export function sshFingerprint(type: string, base64: string): string | undefined {
  if (base64.length % 4 !== 0 || !BASE64.test(base64)) return undefined;
  const blob = Buffer.from(base64, 'base64');
  const nameLength = blob.length >= 4 ? blob.readUInt32BE(0) : -1;
  if (nameLength !== type.length || blob.subarray(4, 4 + nameLength).toString('latin1') !== type) return undefined;
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** Parses the concatenated public key files into fingerprints by key type (the first key of a type wins). */
export function parseSshHostKeys(stdout: string): SshHostKeys {
  const keys = new Map<string, string>();
  for (const line of splitLines(stdout)) {
    const [type, base64] = words(line);
    if (type === undefined) continue;
    const fingerprint = base64 !== undefined && KEY_TYPE.test(type) ? sshFingerprint(type, base64) : undefined;
    if (fingerprint === undefined) throw parseError(NAME, 'not a "TYPE BASE64 [COMMENT]" public key line', line);
    if (!keys.has(type)) keys.set(type, fingerprint);
    enforceCap(NAME, 'host keys', keys.size, LIMITS.items);
  }
  return Object.fromEntries(keys);
}

/** SHA256 fingerprints of the host's SSH host keys. */
export const commonSshHostKeys: ParserSpec<SshHostKeys> = {
  name: NAME,
  // A glob that matches nothing stays literal and fails -r: no key files is an empty answer.
  command: 'for f in /etc/ssh/ssh_host_*_key.pub /opt/ssh/etc/ssh_host_*_key.pub; do [ -r "$f" ] && cat "$f"; done; true',
  parse: parseSshHostKeys,
  description: 'Reads /etc/ssh/ssh_host_*_key.pub (/opt/ssh/etc on HP-UX) and returns the SHA256 fingerprint of each host key by key type.',
};
