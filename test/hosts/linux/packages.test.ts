import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../../src/hosts/common/limits.js';
import { linuxApk, parseApk } from '../../../src/hosts/linux/apk.js';
import { linuxDpkg, parseDpkg } from '../../../src/hosts/linux/dpkg.js';
import { linuxRpm, parseRpm } from '../../../src/hosts/linux/rpm.js';
import { ParseError } from '../../../src/hosts/parse-error.js';
import { assertParserContract } from '../common/parser-fuzz.js';

describe('linux.dpkg', () => {
  it('keeps installed packages and drops removed ones whose configuration files remain', () => {
    const out = 'install ok installed\tbash\t5.2.15-2+b8\tamd64\ndeinstall ok config-files\tnano\t7.2-1\tamd64\nhold ok installed\tlibc6\t2.36-9+deb12u4\tamd64\n';
    expect(parseDpkg(out)).toEqual([
      { name: 'bash', version: '5.2.15-2+b8', arch: 'amd64', manager: 'dpkg' },
      { name: 'libc6', version: '2.36-9+deb12u4', arch: 'amd64', manager: 'dpkg' },
    ]);
  });

  it('reads the arch from a multi-arch qualified name when no column gives it', () => {
    expect(parseDpkg('libc6:i386\t2.36-9\n')).toEqual([{ name: 'libc6', version: '2.36-9', arch: 'i386', manager: 'dpkg' }]);
  });

  it('rejects lines that are not dpkg-query rows', () => {
    expect(() => parseDpkg('dpkg-query: no packages found matching x\n')).toThrow(ParseError);
    expect(() => parseDpkg('install ok installed\tBad Name\t1.0\tall\n')).toThrow(ParseError);
  });

  it('stops at the package cap with a ParseError naming it', () => {
    const out = Array.from({ length: LIMITS.packages + 1 }, (_, i) => `p${i}\t1.0\n`).join('');
    expect(() => parseDpkg(out)).toThrow(/more than 200000 packages/);
  });

  it('returns a value or throws ParseError on any input', () => {
    assertParserContract(linuxDpkg);
  });
});

describe('linux.rpm', () => {
  it('joins epoch, version and release as rpm prints them, the epoch only when not 0', () => {
    const out = 'bind-utils\t32\t9.11.4\t26.P2.el7\t1600000000\tx86_64\nbash\t0\t4.2.46\t35.el7_9\t1600000001\tx86_64\n';
    expect(parseRpm(out)).toEqual([
      { name: 'bind-utils', version: '32:9.11.4-26.P2.el7', arch: 'x86_64', manager: 'rpm' },
      { name: 'bash', version: '4.2.46-35.el7_9', arch: 'x86_64', manager: 'rpm' },
    ]);
  });

  it('splits plain rpm -qa names at the last two dashes, and leaves out the gpg-pubkey keys', () => {
    expect(parseRpm('python-libs-2.6.6-52.el6.x86_64\ngpg-pubkey-ec551f03-53619141.(none)\n')).toEqual([
      { name: 'python-libs', version: '2.6.6-52.el6', arch: 'x86_64', manager: 'rpm' },
    ]);
  });

  it('rejects lines of other shapes', () => {
    expect(() => parseRpm('error: rpmdb: BDB0113 Thread/process 123 failed\n')).toThrow(ParseError);
    expect(() => parseRpm('bash\tx\t4.2\t1\t1600000000\tx86_64\n')).toThrow(ParseError);
    expect(() => parseRpm('nodashes\n')).toThrow(ParseError);
  });

  it('returns a value or throws ParseError on any input', () => {
    assertParserContract(linuxRpm);
  });
});

describe('linux.apk', () => {
  it('reads apk info -v lines of old apk-tools, without an architecture', () => {
    expect(parseApk('musl-1.1.16-r14\nbusybox-1.26.2-r7\n')).toEqual([
      { name: 'musl', version: '1.1.16-r14', arch: null, manager: 'apk' },
      { name: 'busybox', version: '1.26.2-r7', arch: null, manager: 'apk' },
    ]);
  });

  it('rejects a package line that is not installed and words that are no package', () => {
    expect(() => parseApk('musl-1.2.4-r2 x86_64 {musl} (MIT) [upgradable from: musl-1.2.3-r0]\n')).toThrow(ParseError);
    expect(() => parseApk('ERROR: unable to select packages\n')).toThrow(ParseError);
  });

  it('returns a value or throws ParseError on any input', () => {
    assertParserContract(linuxApk);
  });
});
