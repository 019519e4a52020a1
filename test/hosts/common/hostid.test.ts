import { describe, expect, it } from 'vitest';
import { commonHostid, parseHostid } from '../../../src/hosts/common/hostid.js';
import { ParseError } from '../../../src/hosts/parse-error.js';
import { assertParserContract } from './parser-fuzz.js';

describe('common.hostid', () => {
  it('pads a host id printed without leading zeros to 8 digits', () => {
    expect(parseHostid('7f0100\n')).toBe('007f0100');
  });

  it('writes an uppercase host id in lowercase', () => {
    expect(parseHostid('A8C09B0E\n')).toBe('a8c09b0e');
  });

  it('accepts a 0x prefix', () => {
    expect(parseHostid('0x0ec2daa6')).toBe('0ec2daa6');
  });

  it('rejects a number wider than 32 bits', () => {
    expect(() => parseHostid('1234567890\n')).toThrow(ParseError);
  });

  it('rejects an error message', () => {
    expect(() => parseHostid('sh: hostid: not found\n')).toThrow(ParseError);
  });

  it('rejects empty output', () => {
    expect(() => parseHostid('')).toThrow(ParseError);
  });

  it('returns a value or throws ParseError on any input', () => {
    assertParserContract(commonHostid);
  });
});
