import { describe, expect, it } from 'vitest';
import { linuxDmiSysfs, parseDmiSysfs } from '../../../src/hosts/linux/dmi-sysfs.js';
import { ParseError } from '../../../src/hosts/parse-error.js';
import { assertParserContract } from '../common/parser-fuzz.js';

describe('linux.dmi-sysfs', () => {
  it('reads root-readable serial and UUID and turns OEM placeholders into null', () => {
    const out = [
      'sys_vendor:To Be Filled By O.E.M.',
      'product_name:To Be Filled By O.E.M.',
      'product_serial:Default string',
      'product_uuid:03000200-0400-0500-0006-000700080009',
      'bios_vendor:American Megatrends Inc.',
      'bios_version:P1.60',
      'bios_date:03/14/2017',
    ].join('\n');
    expect(parseDmiSysfs(out)).toEqual({
      device: {
        system_product: null,
        system_serial: null,
        system_uuid: '03000200-0400-0500-0006-000700080009',
        system_vendor: null,
        system_version: null,
      },
      bios: { bios_date: '03/14/2017', bios_vendor: 'American Megatrends Inc.', bios_version: 'P1.60' },
    });
  });

  it('keeps the colons of a value', () => {
    expect(parseDmiSysfs('/sys/class/dmi/id/product_version:1:2:3\n').device.system_version).toBe('1:2:3');
  });

  it('gives every field null when the host has no DMI table', () => {
    expect(Object.values(parseDmiSysfs('').device).every((v) => v === null)).toBe(true);
  });

  it('rejects a line that is not grep output', () => {
    expect(() => parseDmiSysfs('grep: /sys/class/dmi/id/product_serial: Permission denied\n')).toThrow(ParseError);
  });

  it('returns a value or throws ParseError on any input', () => {
    assertParserContract(linuxDmiSysfs);
  });
});
