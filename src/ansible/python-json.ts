/**
 * JSON text byte for byte as Ansible's `jsonfile` cache writes it: Python's `json.dumps(value,
 * sort_keys=True, indent=4)` with its default `ensure_ascii=True`. Ansible reads any JSON, but a file
 * that looks exactly like its own diffs cleanly against one Ansible wrote.
 */

const INDENT = '    ';

/** Python escapes every character outside printable ASCII (space to `~`) as `\uXXXX`, lowercase hex. */
function pythonString(text: string): string {
  // JSON.stringify already writes `\"`, `\\`, `\n`… and `\u00XX` for the other C0 controls, as Python does.
  return JSON.stringify(text).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Python sorts strings by code point; JavaScript's default sort by UTF-16 unit, which puts an astral
 * character (a surrogate pair, from U+D800) before U+E000–U+FFFF.
 */
function byCodePoint(a: string, b: string): number {
  const [x, y] = [a[Symbol.iterator](), b[Symbol.iterator]()];
  for (;;) {
    const [p, q] = [x.next(), y.next()];
    if (p.done === true || q.done === true) return p.done === true ? (q.done === true ? 0 : -1) : 1;
    const d = p.value.codePointAt(0)! - q.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}

function dump(value: unknown, depth: number, out: string[]): void {
  if (value === null || value === undefined) return void out.push('null');
  switch (typeof value) {
    case 'string':
      return void out.push(pythonString(value));
    case 'number':
      // Python would write NaN and Infinity, which JSON parsers refuse; no fact holds one.
      return void out.push(Number.isFinite(value) ? String(value) : 'null');
    case 'boolean':
      return void out.push(value ? 'true' : 'false');
    case 'object':
      break;
    default:
      return void out.push('null');
  }
  const inner = INDENT.repeat(depth + 1);
  if (Array.isArray(value)) {
    if (value.length === 0) return void out.push('[]');
    out.push('[\n');
    value.forEach((item, i) => {
      out.push(i === 0 ? inner : `,\n${inner}`);
      dump(item, depth + 1, out);
    });
    return void out.push(`\n${INDENT.repeat(depth)}]`);
  }
  const keys = Object.keys(value as object).filter((k) => (value as Record<string, unknown>)[k] !== undefined).sort(byCodePoint);
  if (keys.length === 0) return void out.push('{}');
  out.push('{\n');
  keys.forEach((key, i) => {
    out.push(`${i === 0 ? '' : ',\n'}${inner}${pythonString(key)}: `);
    dump((value as Record<string, unknown>)[key], depth + 1, out);
  });
  out.push(`\n${INDENT.repeat(depth)}}`);
}

/**
 * Serializes `value` as Python's `json.dumps(value, sort_keys=True, indent=4)` does (no final newline).
 * @example
 * pythonJson({ b: 1, a: ['é'] }) // => '{\n    "a": [\n        "\\u00e9"\n    ],\n    "b": 1\n}'
 */
export function pythonJson(value: unknown): string {
  const out: string[] = [];
  dump(value, 0, out);
  return out.join('');
}
