import { describe, expect, it } from 'vitest';
import { parseBsdIfconfig } from '../../../src/hosts/common/bsd-ifconfig.js';
import { bsdFamilyParsers } from '../../../src/hosts/common/bsd-family-parsers.js';
import { parseDfPosix, withFsTypes } from '../../../src/hosts/common/df-posix.js';
import { parseBsdMount } from '../../../src/hosts/common/bsd-mount.js';
import { parseRouteGet } from '../../../src/hosts/common/route-get.js';
import { parseBootTimeFromSysctl } from '../../../src/hosts/common/boottime.js';
import { ParseError } from '../../../src/hosts/parse-error.js';
import { assertParserContract } from './parser-fuzz.js';

describe('the parsers the BSDs and macOS share', () => {
  for (const spec of Object.values(bsdFamilyParsers)) {
    it(`${spec.name} returns a value or throws ParseError on any input`, () => {
      assertParserContract(spec, 3000);
    });
  }

  it('lists thousands of jail aliases once each, in linear time', () => {
    const aliases = Array.from({ length: 20_000 }, (_, i) => `\tinet 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255} netmask 0xffffffff`);
    const out = parseBsdIfconfig('t', `em0: flags=8843<UP> mtu 1500\n${aliases.join('\n')}\n${aliases.join('\n')}\n`);
    expect(out['em0']!.ipv4_addresses).toHaveLength(20_000);
  });

  it('refuses an inet line whose address is not one', () => {
    expect(() => parseBsdIfconfig('t', 'em0: flags=8843<UP> mtu 1500\n\tinet 999.1.1.1 netmask 0xff\n')).toThrow(ParseError);
  });

  it('joins the df figures with the mount types, keeping mount points with spaces whole', () => {
    const df = parseDfPosix('Filesystem 1024-blocks Used Available Capacity Mounted on\nmap auto_home 0 0 0 100% /System/Volumes/Data/home\n/dev/disk5s1 1000000 500000 500000 50% /Volumes/My Passport\n');
    const types = parseBsdMount('map auto_home on /System/Volumes/Data/home (autofs, automounted, nobrowse)\n/dev/disk5s1 on /Volumes/My Passport (exfat, local, nodev, nosuid)\n');
    expect(withFsTypes(df, types)).toEqual([
      { mount: '/System/Volumes/Data/home', device: 'map auto_home', type: 'autofs', size_bytes: 0, used_bytes: 0, available_bytes: 0 },
      { mount: '/Volumes/My Passport', device: '/dev/disk5s1', type: 'exfat', size_bytes: 1024000000, used_bytes: 512000000, available_bytes: 512000000 },
    ]);
  });

  it('gives no gateway for a route through a link', () => {
    expect(parseRouteGet('   route to: default\n    gateway: link#2\n  interface: tun0\n')).toEqual({ gateway: null, interface: 'tun0' });
    expect(() => parseRouteGet('route: route has not been found\n')).toThrow(ParseError);
  });
});

describe('boot_time from the sysctl command the BSDs and macOS already run', () => {
  it('reads kern.boottime in its three forms, as ISO 8601 in UTC', () => {
    const iso = '2024-03-28T16:54:24Z';
    expect(parseBootTimeFromSysctl('t', 'kern.boottime: { sec = 1711644864, usec = 393940 } Thu Mar 28 16:54:24 2024\nnow=1711648464\n')).toBe(iso);
    expect(parseBootTimeFromSysctl('t', 'kern.boottime=1711644864\n')).toBe(iso);
    expect(parseBootTimeFromSysctl('t', 'kern.boottime = Thu Mar 28 16:54:24 2024\n')).toBe(iso);
  });

  it('is a parse error without a kern.boottime line, or with one of no known form', () => {
    expect(() => parseBootTimeFromSysctl('bsd.boot-time', 'hw.ncpu: 4\n')).toThrow(/bsd.boot-time: no kern.boottime line/);
    expect(() => parseBootTimeFromSysctl('bsd.boot-time', 'kern.boottime: soon\n')).toThrow(ParseError);
  });
});
