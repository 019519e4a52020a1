import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../src/hosts/parse-error.js';
import { dfSpec, withFsTypes } from '../../../src/hosts/sunos/df.js';
import { mountTypesSpec } from '../../../src/hosts/sunos/mount-types.js';

const fixture = (folder: string, name: string): string => {
  const text = readFileSync(join(import.meta.dirname, '../../fixtures/parsers', folder, `${name}.txt`), 'utf8');
  return text.slice(text.indexOf('\n') + 1);
};

describe('sunos.df', () => {
  it('joins a device name printed alone with the figures on the next line', () => {
    const out = dfSpec.parse('Filesystem            kbytes    used   avail capacity  Mounted on\nrpool/ROOT/s10x_u8wos_08a\n                     70189056 6123929 57318298    10%    /\n/proc                      0       0       0     0%    /proc\n');
    expect(out).toEqual([
      { mount: '/', device: 'rpool/ROOT/s10x_u8wos_08a', type: null, size_bytes: 70189056 * 1024, used_bytes: 6123929 * 1024, available_bytes: 57318298 * 1024 },
      { mount: '/proc', device: '/proc', type: null, size_bytes: 0, used_bytes: 0, available_bytes: 0 },
    ]);
  });

  it('keeps blanks inside a mount point', () => {
    expect(dfSpec.parse('Filesystem kbytes used avail capacity Mounted on\n/dev/dsk/c0t0d0s7 1000 10 990 1% /export/my files\n')[0]!.mount).toBe('/export/my files');
  });

  it('rejects output without the header or with a malformed row', () => {
    expect(() => dfSpec.parse('')).toThrow(ParseError);
    expect(() => dfSpec.parse('df: cannot statvfs /mnt: Permission denied\n')).toThrow(ParseError);
    expect(() => dfSpec.parse('Filesystem kbytes used avail capacity Mounted on\n/dev/dsk/c0t0d0s0 many used avail 1% /\n')).toThrow(ParseError);
  });
});

describe('sunos.mount-types', () => {
  it('keeps the type of the filesystem mounted last on a mount point', () => {
    const out = mountTypesSpec.parse('swap on /tmp type tmpfs read/write/setuid/devices/xattr/dev=1 on Mon Jan  1 00:00:00 2024\nrpool/tmp on /tmp type zfs read/write/dev=2 on Mon Jan  1 00:00:01 2024\n');
    expect(out).toEqual({ '/tmp': 'zfs' });
  });

  it('rejects plain `mount` output, which has no type', () => {
    expect(() => mountTypesSpec.parse('/ on rpool/ROOT/solaris read/write/setuid/devices/dev=4bd0b7e on Fri Feb  2 16:27:36 2018\n')).toThrow(ParseError);
  });
});

describe('withFsTypes', () => {
  it('completes df rows with the types mount -v gave on the same host', () => {
    const filesystems = withFsTypes(dfSpec.parse(fixture('sunos.df', 'openindiana-2021.10-zfs')), mountTypesSpec.parse(fixture('sunos.mount-types', 'openindiana-2021.10-zfs')));
    expect(filesystems.find((fs) => fs.mount === '/')).toEqual({ mount: '/', device: 'rpool/ROOT/openindiana', type: 'zfs', size_bytes: 32765902848, used_bytes: 1695481856, available_bytes: 26343609344 });
    expect(filesystems.find((fs) => fs.mount === '/lib/libc.so.1')!.type).toBe('lofs');
    expect(filesystems.every((fs) => fs.type !== null)).toBe(true);
  });

  it('leaves type null for a mount point mount -v did not list', () => {
    expect(withFsTypes([{ mount: '/x', device: 'd', type: null, size_bytes: 1, used_bytes: 0, available_bytes: 1 }], { '/y': 'ufs' })[0]!.type).toBeNull();
  });
});
