/**
 * `plesio worker --allow-targets` (issue 13.1): name globs, address globs that match only addresses,
 * networks, and refusals of malformed patterns.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { targetPatterns, TargetPatternError } from '../../src/distributed/target-patterns.js';

describe('targetPatterns', () => {
  it('matches names by glob, case-insensitively, over the whole name', () => {
    const allowed = targetPatterns(['web*.example.com', 'db?']);
    expect(['web1.example.com', 'WEB-eu.Example.COM', 'db1'].map((h) => allowed.allows(h))).toEqual([true, true, true]);
    expect(['web1.example.com.evil.net', 'db12', 'mail.example.com', '10.0.0.1'].map((h) => allowed.allows(h))).toEqual([false, false, false, false]);
  });

  it('matches address globs to addresses only, never to a name that starts like one', () => {
    const allowed = targetPatterns(['10.1.*,fd00::*']);
    expect(allowed.allows('10.1.4.2')).toBe(true);
    expect(allowed.allows('fd00::17')).toBe(true);
    expect(allowed.allows('10.1.evil.example')).toBe(false);
    expect(allowed.allows('10.2.0.1')).toBe(false);
  });

  it('matches networks, IPv4 and IPv6 (with a zone), to addresses inside them', () => {
    const allowed = targetPatterns(['10.2.0.0/16', 'fe80::/10']);
    expect(['10.2.255.1', 'fe80::1%eth0'].map((h) => allowed.allows(h))).toEqual([true, true]);
    expect(['10.3.0.1', '2001:db8::1', '10.2.0.0.example'].map((h) => allowed.allows(h))).toEqual([false, false, false]);
  });

  it('allows everything with *, and nothing else than its patterns otherwise', () => {
    expect(targetPatterns(['*']).allows('anything.example')).toBe(true);
    expect(targetPatterns(['*']).allows('192.0.2.1')).toBe(true);
    fc.assert(fc.property(fc.domain(), (host) => {
      expect(targetPatterns(['nothing-like-it.invalid']).allows(host)).toBe(host === 'nothing-like-it.invalid');
    }));
  });

  it('refuses malformed patterns with the pattern in the message', () => {
    for (const [given, message] of [
      [['web*,'], /has an empty pattern/],
      [['10.0.0.0/33'], /"10.0.0.0\/33" is not a network/],
      [['web/24'], /"web\/24" is not a network/],
      [['web[1-3]'], /"web\[1-3\]" is not a host pattern/],
    ] as const) {
      expect(() => targetPatterns(given)).toThrow(TargetPatternError);
      expect(() => targetPatterns(given)).toThrow(message);
    }
  });

  it('matches a long hostile name against many stars without backtracking for ever', () => {
    // A RegExp of `*a*a*a*a*a*b` against 255 `a`s backtracks through billions of paths; the walk does not.
    const allowed = targetPatterns(['*a*a*a*a*a*a*a*b']);
    expect(allowed.allows('a'.repeat(255))).toBe(false);
    expect(allowed.allows(`${'a'.repeat(254)}b`)).toBe(true);
  });
});
