import { describe, expect, it } from 'vitest';
import { linuxMeminfo, parseMeminfo } from '../../../src/hosts/linux/meminfo.js';
import { ParseError } from '../../../src/hosts/parse-error.js';
import { assertParserContract } from '../common/parser-fuzz.js';

describe('linux.meminfo', () => {
  it('says its source and rounds MemTotal to MiB', () => {
    expect(parseMeminfo('MemTotal:        3985428 kB\nMemAvailable:    1396348 kB\nSwapTotal: 0 kB\n')).toEqual({
      source: 'meminfo',
      installed_memory_in_MB: 3892,
      mem_total_kB: 3985428,
      mem_available_kB: 1396348,
      swap_total_kB: 0,
      memory: { total_mb: 3892, available_mb: 1363, swap_total_mb: 0, swap_free_mb: null },
    });
  });

  it('estimates available memory on kernels without MemAvailable: free, buffers, page cache and reclaimable slab, less shmem', () => {
    const out = parseMeminfo('MemTotal: 1048576 kB\nMemFree: 102400 kB\nBuffers: 10240 kB\nCached: 512000 kB\nShmem: 102400 kB\nSReclaimable: 20480 kB\nSwapTotal: 2097152 kB\nSwapFree: 1048576 kB\n');
    expect(out.memory).toEqual({ total_mb: 1024, available_mb: 530, swap_total_mb: 2048, swap_free_mb: 1024 });
  });

  it('gives null, not zero, for MemAvailable on kernels before 3.14', () => {
    expect(parseMeminfo('MemTotal: 255908 kB\n').mem_available_kB).toBeNull();
  });

  it('accepts the unitless HugePages lines', () => {
    expect(parseMeminfo('MemTotal: 1024 kB\nHugePages_Total:       0\n').mem_total_kB).toBe(1024);
  });

  it('rejects output without MemTotal', () => {
    expect(() => parseMeminfo('MemFree: 1 kB\n')).toThrow(ParseError);
  });

  it('rejects a line that is not "Key: value"', () => {
    expect(() => parseMeminfo('MemTotal: 1 kB\ncat: /proc/meminfo: Permission denied\n')).toThrow(ParseError);
  });

  it('returns a value or throws ParseError on any input', () => {
    assertParserContract(linuxMeminfo);
  });
});
