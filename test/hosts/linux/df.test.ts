import { describe, expect, it } from 'vitest';
import { linuxDf, parseDf } from '../../../src/hosts/linux/df.js';
import { ParseError } from '../../../src/hosts/parse-error.js';
import { assertParserContract } from '../common/parser-fuzz.js';

describe('linux.df', () => {
  it('reads a device and a mount point that both hold spaces', () => {
    const out = 'Filesystem     Type 1024-blocks  Used Available Capacity Mounted on\nmy share       cifs        100    40        60      40% /mnt/a  b \n';
    expect(parseDf(out)).toEqual([{ mount: '/mnt/a  b ', device: 'my share', type: 'cifs', size_bytes: 102400, used_bytes: 40960, available_bytes: 61440 }]);
  });

  it('scales 512-byte blocks and gives null sizes for "-"', () => {
    const out = 'Filesystem    512-blocks      Used Available Capacity Mounted on\n/dev/hd4         4194304    780504   3413800      19% /\n/proc                  -         -         -       - /proc\n';
    expect(parseDf(out)).toEqual([
      { mount: '/', device: '/dev/hd4', type: null, size_bytes: 2147483648, used_bytes: 399618048, available_bytes: 1747865600 },
      { mount: '/proc', device: '/proc', type: null, size_bytes: null, used_bytes: null, available_bytes: null },
    ]);
  });

  it("reads Available as printed, below size - used when ext4 reserves blocks for root (issue 14)", () => {
    const out = 'Filesystem     Type 1024-blocks     Used Available Capacity Mounted on\n/dev/vda1      ext4    20511312 15000000   4446352      78% /\n';
    const [root] = parseDf(out);
    expect(root!.available_bytes).toBe(4446352 * 1024);
    expect(root!.available_bytes).toBeLessThan(root!.size_bytes! - root!.used_bytes!);
  });

  it('returns no filesystem for a header alone', () => {
    expect(parseDf('Filesystem 1024-blocks Used Available Capacity Mounted on\n')).toEqual([]);
  });

  it('rejects output without the header and a line without the numeric columns', () => {
    expect(() => parseDf('/dev/sda1 100 50 50 50% /\n')).toThrow(ParseError);
    expect(() => parseDf('Filesystem 1024-blocks Used Available Capacity Mounted on\ndf: /mnt/nfs: Stale file handle\n')).toThrow(ParseError);
  });

  it('probes for -T before the real run, so a partial failure cannot print the list twice', () => {
    expect(linuxDf.command).toBe('if df -PkT / >/dev/null 2>&1; then df -PkT; else df -Pk; fi');
  });

  it('returns a value or throws ParseError on any input', () => {
    assertParserContract(linuxDf);
  });
});
