/**
 * The assembled full-scan fixtures of the families whose scan is not written yet (FreeBSD, OpenBSD,
 * NetBSD, macOS). Until their plugins exist, this checks that each file is a valid replay fixture and
 * that every answer is, verbatim, the parser fixture its entry names, and that the parser reads it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFixture, type Fixture } from '../../src/executors/fixture.js';
import { allParsers } from '../../src/hosts/parsers.js';

const root = join(import.meta.dirname, '..', '..');

describe.each(['freebsd', 'openbsd', 'netbsd', 'darwin'])('the assembled %s scan fixture', (family) => {
  it('answers each command with the verbatim output of a parser fixture whose parser reads it', async () => {
    const fixture = await readFixture(join(root, 'test', 'fixtures', 'scans', `${family}-assembled.json`));
    expect(fixture.entries.length).toBeGreaterThan(3);
    for (const entry of fixture.entries as Array<Fixture['entries'][number] & { source?: string }>) {
      expect(entry.source, `${entry.command} names no source`).toMatch(/^test\/fixtures\/parsers\/[a-z]+\.[a-z-]+\/[^/]+\.txt$/);
      const text = readFileSync(join(root, entry.source!), 'utf8');
      expect(text.slice(0, text.indexOf('\n'))).toMatch(/^# source: \S/);
      expect(entry.result?.stdout).toBe(text.slice(text.indexOf('\n') + 1));
      const spec = allParsers[entry.source!.split('/')[3]!]!;
      expect(spec.command).toBe(entry.command);
      expect(() => spec.parse(entry.result!.stdout as string)).not.toThrow();
    }
  });
});
