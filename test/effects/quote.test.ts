/** Values interpolated into commands are quoted as single POSIX shell words. */
import { execFileSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { sh, shellQuote } from '../../src/index.js';

/** What `sh -c` sees as its words, one per line, so the quoting is checked by a real shell. */
function words(command: string): string[] {
  return execFileSync('/bin/sh', ['-c', `for w in ${command}; do printf '%s\\n' "$w"; done`], { encoding: 'utf8' }).split('\n').slice(0, -1);
}

describe('shellQuote', () => {
  test('Safe words are left as they are.', () => {
    expect(shellQuote('eth0')).toBe('eth0');
    expect(shellQuote('/etc/os-release')).toBe('/etc/os-release');
    expect(shellQuote(42)).toBe('42');
  });

  test('Anything else is single-quoted, with embedded single quotes closed and escaped.', () => {
    expect(shellQuote('eth0;rm -rf /')).toBe("'eth0;rm -rf /'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote('')).toBe("''");
  });

  test('A real shell reads every quoted value back as exactly one word, unchanged.', () => {
    const values = ['$(reboot)', "a'b", 'two words', '*', '`id`', '\\n', "'", 'tab\there', ''];
    expect(words(values.map(shellQuote).join(' '))).toEqual(values);
  });

  test('A NUL byte cannot be quoted and is refused.', () => {
    expect(() => shellQuote('a\0b')).toThrow(TypeError);
  });
});

describe('sh', () => {
  test('Interpolated values are quoted; arrays become several words.', () => {
    expect(sh`ip -j addr show dev ${'$(reboot)'}`).toBe("ip -j addr show dev '$(reboot)'");
    expect(sh`ls ${['a b', 'c']} ${3}`).toBe("ls 'a b' c 3");
    expect(words(sh`${['x y', "z'"]}`)).toEqual(['x y', "z'"]);
  });
});
