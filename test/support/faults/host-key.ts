/**
 * Host keys for test hosts. ssh2's generator drops leading zero bytes of an ed25519 public key, so about
 * one pair in 256 does not parse back (mscdex/ssh2#1390): a pair is generated again until both halves do.
 */
import ssh2 from 'ssh2';

/** An ed25519 host key: the private key for the server, the public one for known_hosts. */
export interface HostKey {
  /** OpenSSH private key text, for `new Server({ hostKeys })`. */
  readonly privateKey: string;
  /** `ssh-ed25519 AAAA…`, without a comment: the key part of a known_hosts line. */
  readonly publicKey: string;
}

/**
 * A fresh host key that both ssh2 and plesio's known_hosts reader accept.
 * @example
 * const key = newHostKey();
 * new ssh2.Server({ hostKeys: [key.privateKey] });
 */
export function newHostKey(): HostKey {
  for (;;) {
    const pair = ssh2.utils.generateKeyPairSync('ed25519');
    if (ssh2.utils.parseKey(pair.private) instanceof Error || ssh2.utils.parseKey(pair.public) instanceof Error) continue;
    return { privateKey: pair.private, publicKey: pair.public.split(/\s+/).slice(0, 2).join(' ') };
  }
}

/** The known_hosts line naming a loopback test host by port, as plesio looks it up. */
export function knownHostsLine(port: number, key: HostKey): string {
  return `[127.0.0.1]:${port} ${key.publicKey}`;
}
