/**
 * Text a host sent, made safe to show a person: C0 and C1 control characters and DEL become visible
 * escapes (`\x1b`), as OpenSSH shows them, so a host cannot clear a screen or retitle a window through
 * a message of ours.
 */

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * `text` with every control character escaped.
 * @example
 * printable('bad\x1b[2Jshell'); // => 'bad\\x1b[2Jshell'
 */
export function printable(text: string): string {
  return text.replace(CONTROL, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
