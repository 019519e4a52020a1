import { describe, expect, it } from 'vitest';
import { commonUname, parseUname } from '../../../src/hosts/common/uname.js';
import { ParseError } from '../../../src/hosts/parse-error.js';
import { assertParserContract } from './parser-fuzz.js';

const SOLARIS = 'SunOS\nsunday\n5.11\n11.4.0.15.0\ni86pc\nSunOS sunday 5.11 11.4.0.15.0 i86pc i386 i86pc\n';

describe('common.uname', () => {
  it('keeps the full uname -a line and reads the kernel name, release and machine of SunOS', () => {
    expect(parseUname(SOLARIS)).toEqual({
      uname: 'SunOS sunday 5.11 11.4.0.15.0 i86pc i386 i86pc',
      kernel_name: 'SunOS',
      nodename: 'sunday',
      kernel_release: '5.11',
      kernel_version: '11.4.0.15.0',
      architecture: 'i86pc',
    });
  });

  it('keeps a kernel version that holds spaces whole', () => {
    const out = 'Linux\nh\n6.1.0-18-amd64\n#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)\nx86_64\nLinux h 6.1.0-18-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01) x86_64 GNU/Linux\n';
    expect(parseUname(out).kernel_version).toBe('#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)');
  });

  it('accepts Windows line ends', () => {
    expect(parseUname(SOLARIS.replace(/\n/g, '\r\n')).architecture).toBe('i86pc');
  });

  it('rejects output with a missing line', () => {
    expect(() => parseUname('Linux\nh\n6.1.0\nx86_64\nLinux h 6.1.0 x86_64\n')).toThrow(ParseError);
  });

  it('rejects a uname -a line that does not start with the kernel name', () => {
    expect(() => parseUname('Linux\nh\n6.1\n#1\nx86_64\nuname: illegal option\n')).toThrow(ParseError);
  });

  it('rejects a machine field with a space, which no uname prints', () => {
    expect(() => parseUname('Linux\nh\n6.1\n#1\nx86 64\nLinux h 6.1 #1 x86 64\n')).toThrow(ParseError);
  });

  it('returns a value or throws ParseError on any input', () => {
    assertParserContract(commonUname);
  });
});
