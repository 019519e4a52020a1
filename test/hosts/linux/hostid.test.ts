import { describe, expect, it } from 'vitest';
import { linuxHostid, parseLinuxHostid } from '../../../src/hosts/linux/hostid.js';
import { ParseError } from '../../../src/hosts/parse-error.js';
import { assertParserContract } from '../common/parser-fuzz.js';

describe('linux.hostid', () => {
  it('marks a hostid glibc derived from the address of the host name (no /etc/hostid)', () => {
    expect(parseLinuxHostid('007f0101\netc_hostid_bytes=none\n')).toEqual({ hostid: '007f0101', hostid_source: 'ip-address' });
  });

  it('trusts a hostid read from a 4-byte /etc/hostid', () => {
    expect(parseLinuxHostid('a8c00a01\netc_hostid_bytes=4\n')).toEqual({ hostid: 'a8c00a01', hostid_source: 'etc-hostid' });
  });

  it('treats a file shorter than 4 bytes as absent, as glibc does', () => {
    expect(parseLinuxHostid('007f0101\netc_hostid_bytes=   2\n').hostid_source).toBe('ip-address');
  });

  it('says none for 00000000 whatever the file: musl ignores it, glibc gives 0 when the name does not resolve', () => {
    expect(parseLinuxHostid('00000000\netc_hostid_bytes=4\n')).toEqual({ hostid: '00000000', hostid_source: 'none' });
  });

  it('rejects output without the marker line, and an error message', () => {
    expect(() => parseLinuxHostid('007f0101\n')).toThrow(ParseError);
    expect(() => parseLinuxHostid('sh: hostid: not found\netc_hostid_bytes=none\n')).toThrow(ParseError);
  });

  it('reads only the size of /etc/hostid and never waits on stdin', () => {
    expect(linuxHostid.command).toContain('wc -c < /etc/hostid');
  });

  it('returns a value or throws ParseError on any input', () => {
    assertParserContract(linuxHostid);
  });
});
