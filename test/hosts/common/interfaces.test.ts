import { describe, expect, it } from 'vitest';
import { bareAddress, InterfaceTable, isIpv4, isIpv6, normaliseMac } from '../../../src/hosts/common/interfaces.js';
import { LIMITS } from '../../../src/hosts/common/limits.js';

describe('interface helpers', () => {
  it('normalises a MAC to lowercase colon form, from dashes and single digits too', () => {
    expect(normaliseMac('00-1F-BC-0D-5F-B1')).toBe('00:1f:bc:0d:5f:b1');
    expect(normaliseMac('0:14:4f:a:b:c')).toBe('00:14:4f:0a:0b:0c');
  });

  it('gives no MAC for the all-zero address, an IPv4 address or a 20-byte infiniband address', () => {
    expect(normaliseMac('00:00:00:00:00:00')).toBeNull();
    expect(normaliseMac('0.0.0.0')).toBeNull();
    expect(normaliseMac('80:00:02:08:fe:80:00:00:00:00:00:00:00:02:c9:03:00:0a:7e:c1')).toBeNull();
  });

  it('drops the prefix length and the IPv6 zone of an address', () => {
    expect(bareAddress('10.0.0.1/24')).toBe('10.0.0.1');
    expect(bareAddress('fe80::1%eth0')).toBe('fe80::1');
  });

  it('tells IPv4 from IPv6 addresses', () => {
    expect(isIpv4('192.168.1.256')).toBe(false);
    expect(isIpv4('192.168.1.255')).toBe(true);
    expect(isIpv6('::ffff:10.0.0.1')).toBe(true);
    expect(isIpv6('eth0')).toBe(false);
  });

  it('keeps an interface called __proto__ an own property of the fact', () => {
    const table = new InterfaceTable('test.parser');
    table.addAddress('__proto__', 'inet', '10.0.0.1');
    const record = table.toRecord();
    expect(Object.keys(record)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
  });

  it('adds an address to an interface once', () => {
    const table = new InterfaceTable('test.parser');
    table.addAddress('eth0', 'inet6', 'fe80::1');
    table.addAddress('eth0', 'inet6', 'fe80::1');
    expect(table.toRecord()['eth0']!.ipv6_addresses).toEqual(['fe80::1']);
  });

  it('stops an interface at the address cap with a ParseError naming the cap', () => {
    const table = new InterfaceTable('test.parser');
    for (let i = 0; i < LIMITS.addressesPerInterface; i++) table.addAddress('eth0', 'inet6', `fd00::${i.toString(16)}`);
    expect(() => table.addAddress('eth0', 'inet6', 'fe80::1')).toThrow(new RegExp(`more than ${LIMITS.addressesPerInterface} addresses on eth0`));
    expect(() => table.addAddress('eth0', 'inet6', 'fd00::0')).not.toThrow();
  });
});
