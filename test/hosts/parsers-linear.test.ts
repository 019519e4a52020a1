// Issue 13 item 5: every parser is linear in its input. Timing belongs to the benchmark
// (bench/hosts/parsers.bench.mjs); here the outputs say it: n, 2n and 3n distinct items parse into
// values that grow by the same amount each time, and a list past its cap is one fact's ParseError.
import { describe, expect, it } from 'vitest';
import { GENERATORS, makeOutput, structuralSize } from '../../bench/hosts/parser-inputs.mjs';
import { LIMITS } from '../../src/hosts/common/limits.js';
import { ParseError } from '../../src/hosts/parse-error.js';
import { allParsers } from '../../src/hosts/parsers.js';

describe('parsers over outputs of n, 2n and 3n items', () => {
  for (const name of Object.keys(GENERATORS)) {
    it(`${name} grows its value by the same amount for every n items`, () => {
      const spec = allParsers[name];
      expect(spec, `${name} is a registered parser`).toBeDefined();
      const sizes = [500, 1000, 1500].map((n) => structuralSize(spec!.parse(makeOutput(name, n)!)));
      expect(sizes[2]! - sizes[1]!).toBe(sizes[1]! - sizes[0]!);
    });
  }
});

describe('the issue 13 case: 150,000 addresses on one interface', () => {
  it('reads 60,000 distinct addresses on one interface, every one kept', () => {
    const value = allParsers['linux.ip-addr']!.parse(makeOutput('linux.ip-addr', 60_000)!) as Record<string, { ipv4_addresses: string[] }>;
    expect(value['eth0']!.ipv4_addresses).toHaveLength(60_000);
  });

  it('stops at the per-interface cap with a ParseError naming it, for text and JSON alike', () => {
    for (const name of ['linux.ip-addr', 'linux.ip-addr-json']) {
      let error: unknown;
      try {
        allParsers[name]!.parse(makeOutput(name, 150_000)!);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ParseError);
      expect((error as Error).message).toMatch(new RegExp(`more than ${LIMITS.addressesPerInterface} addresses on eth0`));
    }
  });
});

describe('caps on lists that had none', () => {
  const cases: [string, number, string][] = [
    ['linux.cpuinfo', LIMITS.items, 'processors'],
    ['sunos.zoneadm-list', LIMITS.items, 'zones'],
    ['sunos.mount-types', LIMITS.filesystems, 'mounts'],
  ];
  for (const [name, cap, what] of cases) {
    it(`${name} reads ${cap} ${what} and refuses one more with a ParseError naming the cap`, () => {
      expect(() => allParsers[name]!.parse(makeOutput(name, cap - 1)!)).not.toThrow();
      expect(() => allParsers[name]!.parse(makeOutput(name, cap + 1)!)).toThrow(new RegExp(`more than ${cap} ${what}`));
    });
  }
});
