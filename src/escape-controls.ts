/**
 * Text from hosts, inventories and queues on its way to a terminal. A host can answer with escape
 * sequences (clear the screen, retitle the window, plant a hyperlink, answer back through the
 * terminal), so every output meant for people — tables, summaries, log lines, diff notes, messages —
 * passes the text it did not write itself through `escapeControls`. Data formats (JSON, NDJSON, YAML)
 * carry the text exactly and never come here.
 */

// C0 controls (tab and newline included: a cell or a log line is one line), DEL, and C1 controls
// (U+0080–U+009F: U+009B is a one-character CSI to terminals that read C1).
const CONTROLS = /[\x00-\x1f\x7f-\x9f]/g;

/**
 * C0 and C1 control characters and DEL as visible escapes (`\x1b`), as OpenSSH shows a server's text:
 * none of them reaches the terminal, and what they were stays readable.
 * @example
 * escapeControls('a\x1b[2Jb'); // => 'a\\x1b[2Jb'
 */
export function escapeControls(text: string): string {
  return text.replace(CONTROLS, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
