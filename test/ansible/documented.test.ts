/**
 * Every difference the end-to-end comparison allows is in README's table "Where the Ansible view
 * differs, and why": a difference the test accepts is one a reader was told about.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { DIFFERENCES } from './comparison.js';

const README = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');

describe('README\'s table of differences', () => {
  const start = README.indexOf('### Where the Ansible view differs, and why');
  const table = README.slice(start, README.indexOf('\n### ', start + 1));
  const documented = table.split('\n').filter((line) => line.startsWith('| `')).map((line) => line.split('|')[1]!);

  test('names each key the comparison lets differ', () => {
    expect(start).toBeGreaterThan(0);
    const keys = Object.keys(DIFFERENCES).filter((key) => !key.startsWith('facts.')).concat(['ansible_<interface>']);
    for (const key of keys) expect(documented.some((cell) => cell.includes(`\`${key}\``)), key).toBe(true);
  });
});
