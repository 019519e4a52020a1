import { describe, expect, it } from 'vitest';
import { commonOsRelease, parseOsRelease, parseOsReleaseFields } from '../../../src/hosts/common/os-release.js';
import { ParseError } from '../../../src/hosts/parse-error.js';
import { assertParserContract } from './parser-fuzz.js';

describe('common.os-release', () => {
  it('finds the family of a derivative through ID_LIKE', () => {
    expect(parseOsRelease('NAME="Linux Mint"\nID=linuxmint\nID_LIKE="ubuntu debian"\nVERSION_ID="21.3"\n').family).toBe('debian');
  });

  it('uses the ID as the family when no known family is named', () => {
    expect(parseOsRelease('NAME="Void"\nID="void"\n')).toEqual({ family: 'void', name: 'Void', version: null, id: 'void' });
  });

  it('falls back to VERSION when VERSION_ID is missing', () => {
    expect(parseOsRelease('NAME=Foo\nID=foo\nVERSION="2 (Bar)"\n').version).toBe('2 (Bar)');
  });

  it('undoes double quotes, single quotes and backslash escapes', () => {
    const fields = parseOsReleaseFields('A="x \\"y\\" \\$z"\nB=\'a b\'\nC=plain\\ word\nD="1" # comment\n');
    expect(Object.fromEntries(fields)).toEqual({ A: 'x "y" $z', B: 'a b', C: 'plain word', D: '1' });
  });

  it('keeps the first of two assignments to one key', () => {
    expect(parseOsRelease('ID=first\nID=second\n').id).toBe('first');
  });

  it('turns empty values into null, never the empty string', () => {
    expect(parseOsRelease('NAME=""\nID=x\nVERSION_ID=\n')).toEqual({ family: 'x', name: null, version: null, id: 'x' });
  });

  it('keeps a key named __proto__ an ordinary key', () => {
    expect(parseOsRelease('__proto__=1\nID=x\n').id).toBe('x');
  });

  it('rejects text with neither ID nor NAME', () => {
    expect(() => parseOsRelease('cat: /usr/lib/os-release: No such file or directory\n')).toThrow(ParseError);
  });

  it('returns a value or throws ParseError on any input', () => {
    assertParserContract(commonOsRelease);
  });

  it.each([
    ['ID=sles_sap\nNAME="SLES_SAP"\n', 'suse'],
    ['ID=devuan\nNAME="Devuan GNU/Linux"\n', 'debian'],
    ['ID=Deepin\nNAME="Deepin"\n', 'debian'],
    ['ID=UOS\nNAME="UnionTech OS Server 20"\n', 'debian'],
    ['ID="kylin"\nNAME="Kylin Linux Advanced Server"\n', 'rhel'],
    ['ID="openEuler"\nNAME="openEuler"\n', 'rhel'],
    ['ID=mageia\nNAME="Mageia"\n', 'mandrake'],
  ])('puts %j, which names no ID_LIKE, in its family (issue 18)', (text, family) => {
    expect(parseOsRelease(text).family).toBe(family);
  });
});
