import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../src/hosts/parse-error.js';
import { prtconfMemorySpec } from '../../../src/hosts/sunos/prtconf-memory.js';
import { prtdiagSpec } from '../../../src/hosts/sunos/prtdiag.js';
import { smbiosSpec } from '../../../src/hosts/sunos/smbios.js';

describe('sunos.smbios', () => {
  const system = (fields: string) => `ID    SIZE TYPE\n1     72   SMB_TYPE_SYSTEM (type 1) (system information)\n\n${fields}\n`;

  it('turns "To Be Filled By O.E.M." and other placeholders into null', () => {
    const out = smbiosSpec.parse(system('  Manufacturer: To Be Filled By O.E.M.\n  Product: Not Specified\n  Version: Default string\n  Serial Number: 0000000000'));
    expect(out.device).toEqual({ system_product: null, system_serial: null, system_uuid: null, system_vendor: null, system_version: null });
  });

  it('prefers the endian-corrected UUID and writes it in lowercase', () => {
    const out = smbiosSpec.parse(system('  Manufacturer: QEMU\n  UUID: FAAAD566-DEBF-D311-01A6-9C6B00871B75\n  UUID (Endian-corrected): 66D5AAFA-BFDE-11D3-01A6-9C6B00871B75'));
    expect(out.device.system_uuid).toBe('66d5aafa-bfde-11d3-01a6-9c6b00871b75');
  });

  it('reads only the first SYSTEM structure', () => {
    const out = smbiosSpec.parse(system('  Manufacturer: First') + system('  Manufacturer: Second'));
    expect(out.device.system_vendor).toBe('First');
  });

  it('throws when there is neither a BIOS nor a SYSTEM structure, as on SPARC', () => {
    expect(() => smbiosSpec.parse('')).toThrow(ParseError);
    expect(() => smbiosSpec.parse('smbios: failed to load SMBIOS: System does not export an SMBIOS table\n')).toThrow(ParseError);
  });
});

describe('sunos.prtdiag', () => {
  it('drops the sun4v platform word from a SPARC product name', () => {
    const out = prtdiagSpec.parse('System Configuration: Oracle Corporation sun4v SPARC T4-1\nMemory size: 32768 Megabytes\n');
    expect(out.device.system_vendor).toBe('Oracle Corporation');
    expect(out.device.system_product).toBe('SPARC T4-1');
    expect(out.bios).toEqual({ bios_date: null, bios_vendor: null, bios_version: null });
  });

  it('splits a vendor it does not know at the double blank prtdiag prints', () => {
    const out = prtdiagSpec.parse('System Configuration: Supermicro  X9DRW\nBIOS Configuration: American Megatrends Inc. 3.0a 02/06/2014\n');
    expect(out.device).toMatchObject({ system_vendor: 'Supermicro', system_product: 'X9DRW' });
    expect(out.bios).toEqual({ bios_vendor: 'American Megatrends Inc.', bios_version: '3.0a', bios_date: '02/06/2014' });
  });

  it('recognises a VMware guest by its vendor', () => {
    const out = prtdiagSpec.parse('System Configuration: VMware, Inc. VMware Virtual Platform\nBIOS Configuration: Phoenix Technologies LTD 6.00 04/14/2014\n');
    expect(out.device).toMatchObject({ system_vendor: 'VMware, Inc.', system_product: 'VMware Virtual Platform' });
    expect(out.bios.bios_vendor).toBe('Phoenix Technologies LTD');
  });

  it('throws without a System Configuration line, as in a non-global zone', () => {
    expect(() => prtdiagSpec.parse('prtdiag can only be run in the global zone\n')).toThrow(ParseError);
  });
});

describe('sunos.prtconf-memory', () => {
  it('converts Gigabytes to megabytes', () => {
    expect(prtconfMemorySpec.parse('System Configuration:  Oracle Corporation  sun4v\nMemory size: 256 Gigabytes\n')).toBe(262144);
  });

  it('finds the Memory size line in the full prtconf output', () => {
    expect(prtconfMemorySpec.parse('System Configuration:  Sun Microsystems  sun4u\nMemory size: 32768 Megabytes\nSystem Peripherals (Software Nodes):\n\nSUNW,Sun-Fire-V240\n')).toBe(32768);
  });

  it('throws when the line is missing or zero', () => {
    expect(() => prtconfMemorySpec.parse('prtconf: devinfo facility not available\n')).toThrow(ParseError);
    expect(() => prtconfMemorySpec.parse('Memory size: 0 Megabytes\n')).toThrow(ParseError);
  });
});
