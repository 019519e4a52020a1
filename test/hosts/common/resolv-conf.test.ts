import { describe, expect, it } from 'vitest';
import { commonResolvConf, parseResolvConf } from '../../../src/hosts/common/resolv-conf.js';
import { ParseError } from '../../../src/hosts/parse-error.js';
import { assertParserContract } from './parser-fuzz.js';

describe('common.resolv-conf', () => {
  it('reads name servers, the search list, the domain and the options', () => {
    expect(parseResolvConf('search corp.example.com example.com\nnameserver 10.0.0.2\nnameserver fd00::53\noptions rotate timeout:2\n')).toEqual({
      nameservers: ['10.0.0.2', 'fd00::53'],
      search: ['corp.example.com', 'example.com'],
      domain: null,
      options: ['rotate', 'timeout:2'],
    });
  });

  it('skips comments, inline comments, unknown keywords and a name server that is not an address, as the resolver does', () => {
    const out = parseResolvConf('; dhclient\n# comment\nnameserver 127.0.0.1 # our cache\nnameserver dns.example.com\nsortlist 10.0.0.0\n');
    expect(out.nameservers).toEqual(['127.0.0.1']);
  });

  it('lets a later search line replace an earlier one, and reads systemd-resolved "search ." as no search domain', () => {
    expect(parseResolvConf('search a.example\nsearch b.example\n').search).toEqual(['b.example']);
    expect(parseResolvConf('nameserver 127.0.0.53\nsearch .\n').search).toEqual([]);
  });

  it('gives empty lists for an empty file', () => {
    expect(parseResolvConf('')).toEqual({ nameservers: [], search: [], domain: null, options: [] });
  });

  it('stops at the cap on name servers with a ParseError', () => {
    expect(() => parseResolvConf('nameserver 10.0.0.1\n'.repeat(70_000))).toThrow(ParseError);
  });

  it('returns a value or throws ParseError on any input', () => {
    assertParserContract(commonResolvConf);
  });
});
