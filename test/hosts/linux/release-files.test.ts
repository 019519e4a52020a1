import { describe, expect, it } from 'vitest';
import { parseOsRelease } from '../../../src/hosts/common/os-release.js';
import { linuxReleaseFiles, parseReleaseFiles, withPointRelease } from '../../../src/hosts/linux/release-files.js';
import { ParseError } from '../../../src/hosts/parse-error.js';
import { assertParserContract } from '../common/parser-fuzz.js';

describe('linux.release-files', () => {
  it("prefers the distribution's own file to the generic ones", () => {
    const out = parseReleaseFiles('/etc/redhat-release:Rocky Linux release 8.10 (Green Obsidian)\n/etc/rocky-release:Rocky Linux release 8.10 (Green Obsidian)\n/etc/system-release:Rocky Linux release 8.10 (Green Obsidian)\n');
    expect(out).toEqual({ file: '/etc/rocky-release', description: 'Rocky Linux release 8.10 (Green Obsidian)', version: '8.10' });
  });

  it('reads VERSION and PATCHLEVEL of an old SuSE-release', () => {
    const out = parseReleaseFiles('/etc/SuSE-release:SUSE Linux Enterprise Server 11 (x86_64)\n/etc/SuSE-release:VERSION = 11\n/etc/SuSE-release:PATCHLEVEL = 3\n');
    expect(out.version).toBe('11.3');
  });

  it('gives no version for a Debian testing debian_version', () => {
    expect(parseReleaseFiles('/etc/debian_version:trixie/sid\n').version).toBeNull();
  });

  it('refines a major-only os-release version with the point release (CentOS 8 -> 8.1, Debian 7 -> 7.9)', () => {
    const centos = parseOsRelease('NAME="CentOS Linux"\nID="centos"\nID_LIKE="rhel fedora"\nVERSION_ID="8"\n');
    expect(withPointRelease(centos, parseReleaseFiles('/etc/centos-release:CentOS Linux release 8.1.1911 (Core) \n')).version).toBe('8.1');
    const debian = parseOsRelease('NAME="Debian GNU/Linux"\nID=debian\nVERSION_ID="7"\n');
    expect(withPointRelease(debian, parseReleaseFiles('/etc/debian_version:7.9\n')).version).toBe('7.9');
  });

  it('leaves a version alone when the release file is of another major or os-release already has a point', () => {
    const rocky = parseOsRelease('NAME="Rocky Linux"\nID="rocky"\nVERSION_ID="9.5"\n');
    expect(withPointRelease(rocky, parseReleaseFiles('/etc/rocky-release:Rocky Linux release 9.5 (Blue Onyx)\n'))).toBe(rocky);
    const debian = parseOsRelease('ID=debian\nVERSION_ID="12"\n');
    expect(withPointRelease(debian, parseReleaseFiles('/etc/debian_version:11.9\n')).version).toBe('12');
  });

  it('answers no file when none is readable, and rejects other text', () => {
    expect(parseReleaseFiles('')).toEqual({ file: null, description: null, version: null });
    expect(() => parseReleaseFiles('grep: /etc: Permission denied\n')).toThrow(ParseError);
  });

  it('returns a value or throws ParseError on any input', () => {
    assertParserContract(linuxReleaseFiles);
  });
});
