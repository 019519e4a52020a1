import { describe, expect, it } from 'vitest';
import { commonHostname, parseHostname } from '../../../src/hosts/common/hostname.js';
import { ParseError } from '../../../src/hosts/parse-error.js';
import { assertParserContract } from './parser-fuzz.js';

describe('common.hostname', () => {
  it('reads the host name and the fully qualified name', () => {
    expect(parseHostname('web01\nweb01.corp.example.com\n')).toEqual({ hostname: 'web01', fqdn: 'web01.corp.example.com' });
  });

  it('gives a null fqdn when the resolver does not know the name', () => {
    expect(parseHostname('build-7f3c\n')).toEqual({ hostname: 'build-7f3c', fqdn: null });
  });

  it('gives a null fqdn when the resolver hands back a name without a dot (issue 14)', () => {
    expect(parseHostname('vm\nvm\n')).toEqual({ hostname: 'vm', fqdn: null });
    expect(parseHostname('vm\nlocalhost\n')).toEqual({ hostname: 'vm', fqdn: null });
  });

  it('gives a null fqdn for an empty second line', () => {
    expect(parseHostname('build-7f3c\n\n')).toEqual({ hostname: 'build-7f3c', fqdn: null });
  });

  it('rejects a third line', () => {
    expect(() => parseHostname('a\nb\nc\n')).toThrow(ParseError);
  });

  it('rejects a host name with a space, such as an error message', () => {
    expect(() => parseHostname('hostname: not found\n')).toThrow(ParseError);
  });

  it('never runs hostname -f on SunOS, where it would try to rename the host', () => {
    expect(commonHostname.command).toMatch(/if \[ "\$\(uname -s\)" = Linux \]; then hostname -f/);
  });

  it('returns a value or throws ParseError on any input', () => {
    assertParserContract(commonHostname);
  });
});
