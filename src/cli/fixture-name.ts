/**
 * The file name of a host's recording in a `--record` folder, made from its label as the user wrote
 * it: readable (`root@127.0.0.1:2301` is `root@127.0.0.1_2301.json`), safe on every file system
 * (no `/ \ : * ? " < > |`, no control character, no Windows device name, no hidden file, at most 255
 * bytes) and collision-free: two labels never share a name (issue 14, item 20).
 */
import { createHash } from 'node:crypto';

// Kept as written; `:` becomes `_`, so a written `_` (and anything else) is percent-encoded.
const KEPT = /[A-Za-z0-9.@\-[\]]/;
// Windows refuses these as file names, whatever the extension (`con.json`, `nul.example.json`).
const DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/i;
const MAX_BYTES = 255 - '.json'.length;

/**
 * The recording's file name of the host labelled `label`.
 * @example
 * fixtureName('root@127.0.0.1:2301'); // => 'root@127.0.0.1_2301.json'
 * fixtureName('deploy@[2001:db8::7]:22'); // => 'deploy@[2001_db8__7]_22.json'
 */
export function fixtureName(label: string): string {
  let name = [...label].map((char) => (char === ':' ? '_' : KEPT.test(char) ? char : percent(char))).join('');
  // A leading dot would hide the file (and `.`/`..` are no names at all); a device name is refused on Windows.
  if (name.startsWith('.') || DEVICE.test(name)) name = percent(name[0]!) + name.slice(1);
  if (Buffer.byteLength(name) > MAX_BYTES) {
    // Cut, with a digest of the whole label: still one name per label.
    const digest = createHash('sha256').update(label).digest('hex').slice(0, 16);
    name = `${name.slice(0, MAX_BYTES - digest.length - 1)}~${digest}`;
  }
  return `${name}.json`;
}

/**
 * The name earlier versions gave the recording (every character but letters, digits and `._@-`
 * percent-encoded: `root@127.0.0.1%3A2301.json`), so that `--replay` still finds folders they recorded.
 * @example
 * legacyFixtureName('root@127.0.0.1:2301'); // => 'root@127.0.0.1%3A2301.json'
 */
export function legacyFixtureName(label: string): string {
  const safe = label.replace(/[^A-Za-z0-9._@-]/g, percent);
  return `${/^\.+$/.test(safe) ? safe.replace(/\./g, '%2E') : safe}.json`;
}

/**
 * Labels whose recordings would share a file where names are compared without case (macOS, Windows):
 * `web1` and `WEB1`. Returns the first such pair, if any.
 * @example
 * caseCollision(['web1', 'WEB1']); // => ['web1', 'WEB1']
 */
export function caseCollision(labels: readonly string[]): [string, string] | undefined {
  const seen = new Map<string, string>();
  for (const label of labels) {
    const key = fixtureName(label).toLowerCase();
    const other = seen.get(key);
    if (other !== undefined && other !== label) return [other, label];
    seen.set(key, label);
  }
  return undefined;
}

function percent(char: string): string {
  return [...Buffer.from(char)].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');
}
