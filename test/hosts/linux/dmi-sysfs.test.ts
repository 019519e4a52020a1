import { describe, expect, it } from 'vitest';
import { chassisTypeName } from '../../../src/hosts/common/dmi.js';
import { linuxDmiSysfs, parseDmiSysfs } from '../../../src/hosts/linux/dmi-sysfs.js';
import { parseDmidecode } from '../../../src/hosts/linux/dmidecode.js';
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
      chassis: { type: null, vendor: null, serial: null, asset_tag: null },
      baseboard: { vendor: null, product: null, version: null, serial: null },
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

describe('chassis and baseboard', () => {
  it('name the enclosure type from the sysfs code and drop template strings', () => {
    const out = parseDmiSysfs('/sys/class/dmi/id/chassis_type:23\n/sys/class/dmi/id/chassis_vendor:Dell Inc.\n/sys/class/dmi/id/chassis_asset_tag:Not Specified\n/sys/class/dmi/id/board_vendor:Dell Inc.\n/sys/class/dmi/id/board_name:0H21J3\n/sys/class/dmi/id/board_version:A06\n');
    expect(out.chassis).toEqual({ type: 'Rack Mount Chassis', vendor: 'Dell Inc.', serial: null, asset_tag: null });
    expect(out.baseboard).toEqual({ vendor: 'Dell Inc.', product: '0H21J3', version: 'A06', serial: null });
  });

  it('read the chassis and base board records of dmidecode, which names the type itself', () => {
    const out = parseDmidecode('Handle 0x0300, DMI type 3, 22 bytes\nChassis Information\n\tManufacturer: Dell Inc.\n\tType: Rack Mount Chassis\n\tSerial Number: 7XK1Z53\n\tAsset Tag: Not Specified\n\nHandle 0x0200, DMI type 2, 8 bytes\nBase Board Information\n\tManufacturer: Dell Inc.\n\tProduct Name: 0H21J3\n\tVersion: A06\n\tSerial Number: ..CN747515A20126.\n');
    expect(out.chassis).toEqual({ type: 'Rack Mount Chassis', vendor: 'Dell Inc.', serial: '7XK1Z53', asset_tag: null });
    expect(out.baseboard.serial).toBe('..CN747515A20126.');
  });

  it('give null for an unknown or out-of-range enclosure code', () => {
    expect(chassisTypeName('2')).toBeNull();
    expect(chassisTypeName('99')).toBeNull();
    expect(chassisTypeName('0x97')).toBe('Rack Mount Chassis'); // the top bit only says a lock is present
  });
});
