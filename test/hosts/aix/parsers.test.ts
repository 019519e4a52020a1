import { describe, expect, it } from 'vitest';
import { aixParsers } from '../../../src/hosts/aix/parsers.js';
import { lparVirtualization, parseLparstat } from '../../../src/hosts/aix/lparstat.js';
import { parseLsconf } from '../../../src/hosts/aix/lsconf.js';
import { parseNetstatIn } from '../../../src/hosts/aix/netstat-in.js';
import { parseOslevel } from '../../../src/hosts/aix/oslevel.js';
import { ParseError } from '../../../src/hosts/parse-error.js';
import { assertParserContract } from '../common/parser-fuzz.js';

describe('the AIX parsers', () => {
  it('are registered under their own names with absolute command paths', () => {
    for (const [name, spec] of Object.entries(aixParsers)) {
      expect(spec.name).toBe(name);
      expect(spec.command).toMatch(/^\/usr\/(s?bin)\//);
    }
  });

  for (const spec of Object.values(aixParsers)) {
    it(`${spec.name} returns a value or throws ParseError on any input`, () => {
      assertParserContract(spec, 3000);
    });
  }

  it('reads the summary of lsconf and stops at the installed-resource list', () => {
    const s = parseLsconf('System Model: IBM,8286-42A\nMachine Serial Number: 21ABCDE\nMemory Size: 4096 MB\nINSTALLED RESOURCE LIST\nMemory Size: 1 MB\n');
    expect(s.device).toMatchObject({ system_vendor: 'IBM', system_product: '8286-42A', system_serial: '21ABCDE' });
    expect(s.installed_memory_in_MB).toBe(4096);
    expect(() => parseLsconf('Network Information\n        Host Name: aix45\n')).toThrow(ParseError);
  });

  it('calls a numbered partition an LPAR guest, and an unpartitioned machine no guest', () => {
    expect(lparVirtualization(parseLparstat('Partition Name : p1\nPartition Number : 3\nType : Shared-SMT-8\n'))).toEqual({ role: 'guest', type: 'lpar' });
    expect(lparVirtualization(parseLparstat('Partition Name : -\nPartition Number : -\nType : Dedicated\n'))).toEqual({ role: null, type: null });
    expect(parseLparstat('Partition Number : 3\nType : Shared-SMT-8\n').smt_threads).toBe(8);
    expect(parseLparstat('Partition Number : 3\nType : Dedicated\n').smt_threads).toBe(1);
  });

  it('keeps the oslevel string as the version, and refuses anything else', () => {
    expect(parseOslevel('7300-02-01-2346\n')).toEqual({ family: 'aix', name: 'AIX', version: '7300-02-01-2346', id: 'aix' });
    expect(() => parseOslevel('7.3.0.0\n')).toThrow(ParseError);
  });

  it('pads the octets AIX prints without leading zeros, and keeps a hostile name an ordinary key', () => {
    const macs = parseNetstatIn('Name  Mtu   Network     Address            Ipkts Ierrs    Opkts Oerrs  Coll\n__proto__ 1500 link#2 a.b.c.d.e.f 1 0 1 0 0\n');
    expect(Object.keys(macs)).toEqual(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(macs, '__proto__')?.value).toBe('0a:0b:0c:0d:0e:0f');
  });
});
