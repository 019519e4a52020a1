/**
 * docs/SECURITY.md names a test behind each line of the threat model: every file it names exists, and
 * every test name it quotes is in that file, so the page cannot point at a test that was renamed away.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const page = readFileSync(`${ROOT}docs/SECURITY.md`, 'utf8');

/** Each `test/… › \`name\`; \`name\`` reference of the page, as [file, names]. */
function references(): [string, string[]][] {
  const found: [string, string[]][] = [];
  for (const cell of page.split('\n').filter((line) => line.startsWith('|')).flatMap((line) => line.split(/(?=test\/)/))) {
    const file = /^test\/[\w./-]+\.test\.ts/.exec(cell)?.[0];
    if (file === undefined) continue;
    const after = cell.slice(file.length);
    const names = after.trimStart().startsWith('›') ? [...after.split('|')[0]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!) : [];
    found.push([file, names]);
  }
  return found;
}

describe('docs/SECURITY.md', () => {
  it('names test files that exist and test names that are in them', () => {
    const refs = references();
    expect(refs.length).toBeGreaterThan(20);
    for (const [file, names] of refs) {
      expect(existsSync(`${ROOT}${file}`), file).toBe(true);
      // Test names are written in quotes, so an apostrophe may be escaped there.
      const source = readFileSync(`${ROOT}${file}`, 'utf8').replace(/\\'/g, "'");
      // A name with `${…}` is quoted from a template: its literal parts must be there.
      for (const name of names) for (const part of name.split(/\$\{[^}]*\}|%s/)) expect(source, `${file} › ${name}`).toContain(part);
    }
  });
});
