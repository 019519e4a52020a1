import { describe, expect, it } from 'vitest';
import { linuxDmidecode, parseDmidecode } from '../../../src/hosts/linux/dmidecode.js';
import { ParseError } from '../../../src/hosts/parse-error.js';
import { assertParserContract } from '../common/parser-fuzz.js';

const device = (size: string): string => `Handle 0x0040, DMI type 17, 40 bytes\nMemory Device\n\tSize: ${size}\n\tLocator: DIMM\n\n`;

describe('linux.dmidecode', () => {
  it('sums memory devices given in GB, MB and kB, skipping empty slots', () => {
    const out = device('16 GB') + device('No Module Installed') + device('8192 MB') + device('512 kB');
    expect(parseDmidecode(out).installed_memory_in_MB).toBe(16384 + 8192 + 1);
  });

  it('reads the empty slot of dmidecode 2.x ("Not Installed")', () => {
    expect(parseDmidecode(device('Not Installed') + device('1024 MB')).installed_memory_in_MB).toBe(1024);
  });

  it('does not add the Volatile Size or Logical Size lines of a device', () => {
    const out = 'Handle 0x1, DMI type 17, 84 bytes\nMemory Device\n\tSize: 32 GB\n\tVolatile Size: 32 GB\n\tLogical Size: None\n';
    expect(parseDmidecode(out).installed_memory_in_MB).toBe(32768);
  });

  it('reports no memory rather than a wrong sum when one size is unreadable', () => {
    expect(parseDmidecode(device('8 GB') + device('8 GiB')).installed_memory_in_MB).toBeNull();
  });

  it('reads the two-line record header of dmidecode 2.0 to 2.6', () => {
    const out = 'Handle 0x0001\n\tDMI type 1, 25 bytes.\n\tSystem Information\n\t\tManufacturer: To Be Filled By O.E.M.\n\t\tProduct Name: IR2300\n';
    expect(parseDmidecode(out).device).toMatchObject({ system_vendor: null, system_product: 'IR2300' });
  });

  it('gives every field null for "No SMBIOS nor DMI entry point found"', () => {
    const result = parseDmidecode('# dmidecode 3.4\n# No SMBIOS nor DMI entry point found, sorry.\n');
    expect(result).toEqual({
      device: { system_product: null, system_serial: null, system_uuid: null, system_vendor: null, system_version: null },
      bios: { bios_date: null, bios_vendor: null, bios_version: null },
      chassis: { type: null, vendor: null, serial: null, asset_tag: null },
      baseboard: { vendor: null, product: null, version: null, serial: null },
      installed_memory_in_MB: null,
    });
  });

  it('rejects output that is not dmidecode talking', () => {
    expect(() => parseDmidecode('sudo: a password is required\n')).toThrow(ParseError);
  });

  it('needs root', () => {
    expect(linuxDmidecode.needsRoot).toBe(true);
  });

  it('returns a value or throws ParseError on any input', () => {
    assertParserContract(linuxDmidecode);
  });
});
