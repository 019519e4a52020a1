/**
 * The cache files' JSON text against Python's own `json.dumps(value, sort_keys=True, indent=4)` (what
 * Ansible's jsonfile cache writes), for generated values: nested objects and lists, empty ones, and
 * strings with quotes, controls, DEL, non-ASCII and astral characters.
 */
import { execFile } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { pythonJson } from '../../src/ansible/python-json.js';
import { ansiblePython } from '../support/ansible-env.js';

/** Python's text for each value, in one run of the interpreter. */
function pythonDumps(values: unknown[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = execFile(ansiblePython(), ['-c', 'import json, sys; print(json.dumps([json.dumps(v, sort_keys=True, indent=4) for v in json.load(sys.stdin)]))'], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error !== null) reject(new Error(`python failed: ${stderr}`));
      else resolve(JSON.parse(stdout) as string[]);
    });
    child.stdin!.end(JSON.stringify(values));
  });
}

const text = fc.string({ unit: fc.oneof(fc.constantFrom('"', '\\', '\n', '\t', '\u0001', '\u007f', 'é', '\u2028', '😀', '\uff46', '/'), fc.string({ minLength: 1, maxLength: 1 })), maxLength: 12 });
const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, text, fc.integer(), fc.boolean(), fc.constant(null), tie('list'), tie('object')),
  list: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(text, tie('value'), { maxKeys: 4 }),
})).value;

describe('pythonJson', () => {
  test('writes what Python\'s json.dumps(sort_keys=True, indent=4) writes, byte for byte', async () => {
    const values = fc.sample(json, { numRuns: 300, seed: 20 });
    const expected = await pythonDumps(values);
    values.forEach((value, i) => expect(pythonJson(value), JSON.stringify(value)).toBe(expected[i]));
  });

  test('escapes every character outside printable ASCII, as ensure_ascii does', () => {
    expect(pythonJson({ b: 'é😀\u007f', a: [] , c: {} })).toBe('{\n    "a": [],\n    "b": "\\u00e9\\ud83d\\ude00\\u007f",\n    "c": {}\n}');
  });
});
