import { describe, expect, it } from 'vitest';
import { linuxUptime, parseUptime } from '../../../src/hosts/linux/uptime.js';
import { ParseError } from '../../../src/hosts/parse-error.js';
import { assertParserContract } from '../common/parser-fuzz.js';

describe('linux.uptime', () => {
  it('returns whole seconds, dropping the fraction', () => {
    expect(parseUptime('350735.47 234388.90\n')).toBe(350735);
  });

  it('accepts an uptime without the idle column', () => {
    expect(parseUptime('12.00\n')).toBe(12);
  });

  it('rejects a second line', () => {
    expect(() => parseUptime('1.0 2.0\n3.0 4.0\n')).toThrow(ParseError);
  });

  it('rejects a negative or non-numeric uptime', () => {
    expect(() => parseUptime('-5.0 1.0\n')).toThrow(ParseError);
    expect(() => parseUptime('up 3 days\n')).toThrow(ParseError);
  });

  it('returns a value or throws ParseError on any input', () => {
    assertParserContract(linuxUptime);
  });
});
