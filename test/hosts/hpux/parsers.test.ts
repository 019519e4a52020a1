import { describe, expect, it } from 'vitest';
import { parseBdf } from '../../../src/hosts/hpux/bdf.js';
import { hpuxParsers } from '../../../src/hosts/hpux/parsers.js';
import { parseLanscan } from '../../../src/hosts/hpux/lanscan.js';
import { parseMachinfo } from '../../../src/hosts/hpux/machinfo.js';
import { parseSwlist } from '../../../src/hosts/hpux/swlist.js';
import { parsePsEtime } from '../../../src/hosts/common/ps-etime.js';
import { commonPsEtime } from '../../../src/hosts/common/ps-etime.js';
import { ParseError } from '../../../src/hosts/parse-error.js';
import { assertParserContract } from '../common/parser-fuzz.js';

describe('the HP-UX parsers', () => {
  it('are registered under their own names with absolute command paths', () => {
    for (const [name, spec] of Object.entries(hpuxParsers)) {
      expect(spec.name).toBe(name);
      expect(spec.command).toMatch(/^\/usr\//);
    }
    expect(hpuxParsers['hpux.machinfo']!.needsRoot).toBe(true);
  });

  for (const spec of [...Object.values(hpuxParsers), commonPsEtime]) {
    it(`${spec.name} returns a value or throws ParseError on any input`, () => {
      assertParserContract(spec, 3000);
    });
  }

  it('reads a real machine id as the UUID, and a masked one as none', () => {
    const m = parseMachinfo('Model: "ia64 hp server rx2660"\nMachine ID number: 9C1B2F3A-0D4E-11DF-8A39-0800200C9A66\nMachine serial number: XXXXXXXXXX\nMemory: 16353 MB (15.97 GB)\n');
    expect(m.device).toMatchObject({ system_uuid: '9c1b2f3a-0d4e-11df-8a39-0800200c9a66', system_serial: null, system_product: 'ia64 hp server rx2660' });
    expect(() => parseMachinfo('CPU info:\n  nothing here\n')).toThrow(ParseError);
  });

  it('refuses a lanscan line that is not an address and an interface', () => {
    expect(() => parseLanscan('Hardware Station Crd Hdw Net-Interface\n')).toThrow(ParseError);
  });

  it('finds no release in a bundle list without an Operating Environment', () => {
    expect(() => parseSwlist('  HPUXBaseOS  B.11.31  HP-UX Base OS\n')).toThrow(/OE bundle/);
  });

  it('reads every form of an elapsed time and refuses minutes past 59', () => {
    expect(parsePsEtime('01:02:03\n')).toBe(3723);
    expect(parsePsEtime('00:07\n')).toBe(7);
    expect(() => parsePsEtime('1:60:00\n')).toThrow(ParseError);
  });
  it('reads bdf lines whose long device name wraps onto the next line, and refuses a line cut short', () => {
    const out = 'Filesystem          kbytes    used   avail %used Mounted on\nnas:/export/with/a/long/path\n                   2048    1024    1024   50% /mnt\n';
    expect(parseBdf(out)).toEqual([{ mount: '/mnt', device: 'nas:/export/with/a/long/path', type: null, size_bytes: 2097152, used_bytes: 1048576, available_bytes: 1048576 }]);
    expect(() => parseBdf('Filesystem          kbytes    used   avail %used Mounted on\nnas:/export\n')).toThrow(ParseError);
    expect(() => parseBdf('Filesystem 1024-blocks Used Available Capacity Mounted on\n')).toThrow(/header/);
  });
});
