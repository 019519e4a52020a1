import { describe, expect, it } from 'vitest';
import { zoneName } from '../../../src/hosts/common/timezone.js';
import { linuxBootTime, parseBootTime } from '../../../src/hosts/linux/boot-time.js';
import { linuxSecurity, parseSecurity } from '../../../src/hosts/linux/security.js';
import { linuxTimezone, parseLinuxTimezone } from '../../../src/hosts/linux/timezone.js';
import { ParseError } from '../../../src/hosts/parse-error.js';
import { assertParserContract } from '../common/parser-fuzz.js';

describe('linux.timezone', () => {
  it('names the zone from the /etc/localtime link before /etc/timezone, with abbreviation and offset from date', () => {
    expect(parseLinuxTimezone('date=IST +0530\nlocaltime=/usr/share/zoneinfo/Asia/Kolkata\ntimezone=Asia/Calcutta\nclock=\n')).toEqual({ name: 'Asia/Kolkata', abbreviation: 'IST', utc_offset: '+05:30' });
  });

  it('reads the zone through posix/ and right/ links, and refuses a name that is no zone', () => {
    expect(zoneName('/usr/share/zoneinfo/posix/Europe/Paris')).toBe('Europe/Paris');
    expect(zoneName('../../etc/passwd x')).toBeNull();
  });

  it('rejects output without the date line and lines it does not know', () => {
    expect(() => parseLinuxTimezone('localtime=/usr/share/zoneinfo/UTC\n')).toThrow(ParseError);
    expect(() => parseLinuxTimezone('date=UTC +0000\nsh: readlink: not found\n')).toThrow(ParseError);
  });

  it('returns a value or throws ParseError on any input', () => {
    assertParserContract(linuxTimezone);
  });
});

describe('linux.boot-time', () => {
  it('gives the btime line as ISO 8601 in UTC, also from a whole /proc/stat', () => {
    expect(parseBootTime('btime 1700000000\n')).toBe('2023-11-14T22:13:20Z');
    expect(parseBootTime('cpu  1 2 3 4\ncpu0 1 2 3 4\nintr 5 0 0\nctxt 9\nbtime 0\nprocesses 3\n')).toBe('1970-01-01T00:00:00Z');
  });

  it('rejects output without btime and text that is not /proc/stat', () => {
    expect(() => parseBootTime('cpu 1 2 3\n')).toThrow(ParseError);
    expect(() => parseBootTime('grep: /proc/stat: No such file or directory\n')).toThrow(ParseError);
  });

  it('returns a value or throws ParseError on any input', () => {
    assertParserContract(linuxBootTime);
  });
});

describe('linux.security', () => {
  it('says SELinux is disabled when no enforce file exists, whatever the config says', () => {
    expect(parseSecurity('/etc/selinux/config:SELINUX=enforcing\n').selinux).toEqual({ status: 'disabled', mode: null, config_mode: 'enforcing', policy: null });
  });

  it('reads AppArmor disabled on a kernel that has the module', () => {
    expect(parseSecurity('/sys/module/apparmor/parameters/enabled:N\n').apparmor).toEqual({ status: 'disabled' });
  });

  it('rejects lines of other files', () => {
    expect(() => parseSecurity('/etc/passwd:root:x:0:0::/root:/bin/sh\n')).toThrow(ParseError);
  });

  it('returns a value or throws ParseError on any input', () => {
    assertParserContract(linuxSecurity);
  });
});
