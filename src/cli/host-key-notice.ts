/**
 * The line `plesio scan` prints for a host key that `--host-key-policy accept-new` recorded, as `ssh`
 * warns "Permanently added … to the list of known hosts": a person sees which known_hosts file changed.
 */
import { escapeControls } from '../escape-controls.js';
import type { HostKeyAdded } from '../executors/index.js';

/**
 * One stderr line for a recorded key. Every part is escaped: host names come from inventories and
 * configs, and the key type from the host.
 * @example
 * hostKeyNotice({ host: 'web1', name: 'web1', keyType: 'ssh-ed25519', fingerprint: 'SHA256:abc', file: '/home/me/.ssh/known_hosts' });
 * // => "plesio: added web1's ssh-ed25519 key SHA256:abc to /home/me/.ssh/known_hosts"
 */
export function hostKeyNotice(added: HostKeyAdded): string {
  return escapeControls(`plesio: ${hostKeyAddedText(added)}`);
}

/** What a recorded key's line says, unescaped: the worker's log prefixes and escapes it as its other lines. */
export function hostKeyAddedText(added: HostKeyAdded): string {
  const jump = added.jumpHost === undefined ? '' : ` (jump host ${added.jumpHost} for ${added.host})`;
  return `added ${added.name}'s ${added.keyType} key ${added.fingerprint} to ${added.file}${jump}`;
}

