import { describe, expect, it } from 'vitest';
import { darwinParsers } from '../../../src/hosts/darwin/parsers.js';
import { darwinUptime, parseDarwinVirtualization } from '../../../src/hosts/darwin/sysctl.js';
import { parseSystemProfiler } from '../../../src/hosts/darwin/system-profiler.js';
import { parseSwVers } from '../../../src/hosts/darwin/sw-vers.js';
import { ParseError } from '../../../src/hosts/parse-error.js';
import { assertParserContract } from '../common/parser-fuzz.js';

describe('the macOS parsers', () => {
  it('are registered under their own names', () => {
    expect(Object.keys(darwinParsers).sort()).toEqual(['darwin.cpu', 'darwin.memory', 'darwin.sw-vers', 'darwin.system-profiler', 'darwin.virtualization']);
    for (const [name, spec] of Object.entries(darwinParsers)) expect(spec.name).toBe(name);
  });

  for (const spec of Object.values(darwinParsers)) {
    it(`${spec.name} returns a value or throws ParseError on any input`, () => {
      assertParserContract(spec, 3000);
    });
  }

  it('names the hypervisor from the model identifier of a VM', () => {
    expect(parseDarwinVirtualization('hw.model: VirtualMac2,1\nkern.hv_vmm_present: 1\n')).toEqual({ role: 'guest', type: 'apple' });
    expect(parseDarwinVirtualization('hw.model: VMware7,1\n')).toEqual({ role: 'guest', type: 'vmware' });
    expect(parseDarwinVirtualization('hw.model: MacBookPro18,3\nkern.hv_vmm_present: 0\n')).toEqual({ role: null, type: null });
  });

  it('reads Mac OS X before the rename, and refuses a version that is not dotted numbers', () => {
    expect(parseSwVers('ProductName:\tMac OS X\nProductVersion:\t10.6.8\nBuildVersion:\t10K549\n').name).toBe('Mac OS X');
    expect(() => parseSwVers('ProductName:\tmacOS\nProductVersion:\tfourteen\n')).toThrow(ParseError);
  });

  it('leaves the memory null when system_profiler prints a unit it does not know', () => {
    const out = parseSystemProfiler('{"SPHardwareDataType": [{"machine_model": "Mac14,2", "physical_memory": "lots"}]}');
    expect(out.installed_memory_in_MB).toBeNull();
    expect(out.device.system_product).toBe('Mac14,2');
  });

  it('computes the uptime from the struct boot time (ansible M1 Pro dump) and the host clock', () => {
    expect(darwinUptime.parse('kern.boottime: { sec = 1711644864, usec = 393940 } Thu Mar 28 09:54:24 2024\nnow=1711648464\n')).toBe(3600);
  });
});
