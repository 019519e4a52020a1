// An example plugin with one parser fact: what `ssh-keygen -l` says of each of the host's SSH host
// keys (type, bits, fingerprint, comment). plesio's built-in `ssh_host_keys` gives the fingerprints by
// key type; this fact, under a name of its own, adds the bits and comments beside it (a plugin fact of
// the built-in's name would replace it). One command, one pure parser, real samples in ./fixtures.
// Written against the public package only, as a plugin outside plesio would be.
import { defineFact, definePlugin, ParseError } from 'plesio';

// `ssh-keygen -l -f key.pub` prints one line per key: bits, fingerprint, comment, (TYPE).
// The comment may hold spaces; the type never does.
const LINE = /^(\d+) (\S+) (.*) \(([A-Z0-9-]+)\)$/;

/**
 * Parses the lines of `ssh-keygen -l`: one `{ type, bits, fingerprint, comment }` per key, in the
 * order printed. Throws ParseError on a line of another shape.
 */
export function parseFingerprints(stdout) {
  const keys = [];
  for (const line of stdout.split('\n')) {
    if (line.trim() === '') continue;
    const m = LINE.exec(line.trim());
    if (m === null) throw new ParseError('ssh-host-keys', 'not a line of ssh-keygen -l', line);
    // ssh-keygen says "no comment" for a key that has none.
    keys.push({ type: m[4], bits: Number(m[1]), fingerprint: m[2], comment: m[3] === 'no comment' ? null : m[3] });
  }
  return keys;
}

export const sshHostKeys = defineFact({
  name: 'ssh_host_key_details',
  os: ['linux', 'sunos', 'bsd', 'darwin'],
  description: 'The fingerprints of the host\'s SSH host keys: type, bits, fingerprint and comment of each.',
  // A key file the scanning user cannot read is skipped; no key at all is an empty list.
  command: 'for f in /etc/ssh/ssh_host_*_key.pub; do [ -r "$f" ] && ssh-keygen -l -f "$f"; done; true',
  parse: parseFingerprints,
});

export default definePlugin({
  name: 'ssh-host-keys',
  version: '1.0.0',
  description: 'The fingerprints of the SSH host keys.',
  facts: [sshHostKeys],
});
