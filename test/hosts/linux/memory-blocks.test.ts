import { describe, expect, it } from 'vitest';
import { linuxMemoryBlocks, parseMemoryBlocks } from '../../../src/hosts/linux/memory-blocks.js';
import { ParseError } from '../../../src/hosts/parse-error.js';
import { assertParserContract } from '../common/parser-fuzz.js';

describe('linux.memory-blocks', () => {
  it('multiplies the hexadecimal block size by the online blocks', () => {
    expect(parseMemoryBlocks('8000000\n192\n')).toEqual({
      source: 'memory-blocks',
      installed_memory_in_MB: 24576,
      block_size_bytes: 134217728,
      online_blocks: 192,
    });
  });

  it('reads a 2 GiB block size, above 2^31', () => {
    expect(parseMemoryBlocks('80000000\n41\n').installed_memory_in_MB).toBe(83968);
  });

  it('rejects a count of zero online blocks, so that the saga falls back to meminfo', () => {
    expect(() => parseMemoryBlocks('8000000\n0\n')).toThrow(ParseError);
  });

  it('rejects a missing count, as when grep found no state file', () => {
    expect(() => parseMemoryBlocks('8000000\n')).toThrow(ParseError);
  });

  it('rejects a decimal-looking size that is not hexadecimal', () => {
    expect(() => parseMemoryBlocks('128M\n3\n')).toThrow(ParseError);
  });

  it('returns a value or throws ParseError on any input', () => {
    assertParserContract(linuxMemoryBlocks);
  });
});
