import { describe, expect, it } from 'vitest';
import { armCpuName } from '../../../src/hosts/linux/arm-cpu-parts.js';
import { linuxCpuinfo, parseCpuinfo } from '../../../src/hosts/linux/cpuinfo.js';
import { ParseError } from '../../../src/hosts/parse-error.js';
import { assertParserContract } from '../common/parser-fuzz.js';

/** One x86 logical CPU block. */
const x86 = (n: number, socket: number, core: number, cores: number): string =>
  `processor\t: ${n}\nmodel name\t: AMD EPYC 7763 64-Core Processor\nphysical id\t: ${socket}\ncore id\t\t: ${core}\ncpu cores\t: ${cores}\n\n`;

describe('linux.cpuinfo', () => {
  it('counts sockets, cores and threads of a two-socket host with SMT', () => {
    const blocks = [x86(0, 0, 0, 2), x86(1, 0, 1, 2), x86(2, 1, 0, 2), x86(3, 1, 1, 2), x86(4, 0, 0, 2), x86(5, 0, 1, 2), x86(6, 1, 0, 2), x86(7, 1, 1, 2)];
    expect(parseCpuinfo(blocks.join(''))).toEqual({ model: 'AMD EPYC 7763 64-Core Processor', sockets: 2, cores: 4, threads: 8, vendor: null, speed_mhz: null, flags: null });
  });

  it('falls back to "cpu cores" per socket when core ids are missing', () => {
    const out = 'processor : 0\nphysical id : 0\ncpu cores : 4\n\nprocessor : 1\nphysical id : 0\ncpu cores : 4\n';
    expect(parseCpuinfo(out)).toMatchObject({ sockets: 1, cores: 4, threads: 2 });
  });

  it('names an arm64 CPU from its implementer and part codes and leaves the topology unknown', () => {
    const out = 'processor\t: 0\nBogoMIPS\t: 50.00\nCPU implementer\t: 0x41\nCPU architecture: 8\nCPU variant\t: 0x3\nCPU part\t: 0xd0c\nCPU revision\t: 1\n';
    expect(parseCpuinfo(out)).toEqual({ model: 'ARM Neoverse-N1', sockets: null, cores: null, threads: 1, vendor: 'ARM', speed_mhz: null, flags: null });
  });

  it('reads the vendor, the current clock and the flags of an x86 CPU', () => {
    const out = parseCpuinfo('processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7763 64-Core Processor\ncpu MHz\t\t: 2445.405\nflags\t\t: fpu vme de pse tsc msr\n');
    expect(out).toMatchObject({ vendor: 'AuthenticAMD', speed_mhz: 2445, flags: ['fpu', 'vme', 'de', 'pse', 'tsc', 'msr'] });
  });

  it('parses Linux on SPARC, which prints no processor lines: ncpus active, the clock from Cpu0ClkTck (issue 18)', () => {
    const out = parseCpuinfo('cpu\t\t: UltraSparc T2 (Niagara2)\ntype\t\t: sun4v\nncpus probed\t: 64\nncpus active\t: 64\nCpu0ClkTck\t: 00000000457646c0\nState:\nCPU0:\t\tonline\n');
    expect(out).toEqual({ model: 'UltraSparc T2 (Niagara2)', sockets: null, cores: null, threads: 64, vendor: null, speed_mhz: 1165, flags: null });
  });

  it('names an unknown ARM part by its code', () => {
    expect(armCpuName('0x41', '0xd8f')).toBe('ARM part 0xd8f');
    expect(armCpuName('0x99', undefined)).toBe('implementer 0x99');
    expect(armCpuName(undefined, '0xd0c')).toBeNull();
  });

  it('reads the model of a MIPS router from "cpu model"', () => {
    const out = 'system type\t\t: Atheros AR9330 rev 1\nmachine\t\t\t: TP-LINK TL-WR703N v1\nprocessor\t\t: 0\ncpu model\t\t: MIPS 24Kc V7.4\n';
    expect(parseCpuinfo(out).model).toBe('MIPS 24Kc V7.4');
  });

  it('rejects output without any processor entry', () => {
    expect(() => parseCpuinfo('vendor_id : GenuineIntel\n')).toThrow(ParseError);
  });

  it('rejects a line without a colon', () => {
    expect(() => parseCpuinfo('processor : 0\nSegmentation fault\n')).toThrow(ParseError);
  });

  it('returns a value or throws ParseError on any input', () => {
    assertParserContract(linuxCpuinfo);
  });
});
