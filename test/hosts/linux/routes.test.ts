import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withDefaultAddress } from '../../../src/hosts/common/routes.js';
import { linuxIpRoute, parseIpRoute } from '../../../src/hosts/linux/ip-route.js';
import { linuxIpRouteJson, parseIpRouteJson } from '../../../src/hosts/linux/ip-route-json.js';
import { linuxProcNetRoute, parseProcNetRoute } from '../../../src/hosts/linux/proc-net-route.js';
import { ParseError } from '../../../src/hosts/parse-error.js';
import { assertParserContract } from '../common/parser-fuzz.js';

const fixture = (folder: string, name: string): string => {
  const text = readFileSync(join(import.meta.dirname, '../../fixtures/parsers', folder, `${name}.txt`), 'utf8');
  return text.slice(text.indexOf('\n') + 1);
};

describe('the three Linux route sources', () => {
  it('agree on the same network namespace: ip -j route, ip route and /proc/net/route', () => {
    const json = parseIpRouteJson(fixture('linux.ip-route-json', 'netns-multipath-unreachable'));
    expect(parseIpRoute(fixture('linux.ip-route', 'netns-multipath-unreachable'))).toEqual(json);
    expect(parseProcNetRoute(fixture('linux.proc-net-route', 'netns-multipath-unreachable'))).toEqual(json);
  });

  it('pick the lowest-metric default route, never an unreachable one, and keep the first hop of a multipath route', () => {
    const json = parseIpRouteJson(fixture('linux.ip-route-json', 'netns-multipath-unreachable'));
    expect(json.default_ipv4).toEqual({ gateway: '10.10.0.1', interface: 'v0', address: null });
    expect(json.routes.find((r) => r.destination === '192.0.2.0/24')).toEqual({ family: 'inet', destination: '192.0.2.0/24', gateway: null, interface: null, metric: 0 });
  });
});

describe('linux.ip-route-json', () => {
  it('reads the source address of the default route from prefsrc', () => {
    const out = parseIpRouteJson('[{"dst":"default","gateway":"192.0.2.1","dev":"eth0","protocol":"dhcp","prefsrc":"192.0.2.2","metric":100}]');
    expect(out.default_ipv4).toEqual({ gateway: '192.0.2.1', interface: 'eth0', address: '192.0.2.2' });
    expect(out.default_ipv6).toBeNull();
  });

  it('rejects an error message, a third array and an entry without dst', () => {
    expect(() => parseIpRouteJson('Option "-j" is unknown, try "ip -help".\n')).toThrow(ParseError);
    expect(() => parseIpRouteJson('[]\n[]\n[]\n')).toThrow(ParseError);
    expect(() => parseIpRouteJson('[{"dev":"eth0"}]')).toThrow(ParseError);
  });

  it('returns a value or throws ParseError on any input', () => {
    assertParserContract(linuxIpRouteJson);
  });
});

describe('linux.ip-route', () => {
  it('tells the families apart by the marker, or by a colon when a command printed alone', () => {
    const out = parseIpRoute('default via fe80::1 dev eth0 proto ra metric 1024\n10.0.0.0/8 dev eth0 scope link\n');
    expect(out.routes.map((r) => r.family)).toEqual(['inet6', 'inet']);
    expect(out.default_ipv6).toEqual({ gateway: 'fe80::1', interface: 'eth0', address: null });
  });

  it('reads a route through an IPv6 gateway written "via inet6" and ignores flags without values', () => {
    const out = parseIpRoute('default via inet6 fe80::1 dev eth0 proto bird onlink\n');
    expect(out.routes[0]).toMatchObject({ gateway: 'fe80::1', interface: 'eth0' });
  });

  it('rejects an indented line that is not a nexthop, and text that is not a route', () => {
    expect(() => parseIpRoute('default via 10.0.0.1 dev eth0\n    cache\n')).toThrow(ParseError);
    expect(() => parseIpRoute('RTNETLINK answers: Operation not permitted\n')).toThrow(ParseError);
  });

  it('returns a value or throws ParseError on any input', () => {
    assertParserContract(linuxIpRoute);
  });
});

describe('linux.proc-net-route', () => {
  it('reads the table of a big-endian host, whose masks are contiguous only read high byte first', () => {
    const table = 'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\neth0\t00000000\tC0A80101\t0003\t0\t0\t0\t00000000\t0\t0\t0\neth0\tC0A80100\t00000000\t0001\t0\t0\t0\tFFFFFF00\t0\t0\t0\n';
    const out = parseProcNetRoute(table);
    expect(out.default_ipv4).toEqual({ gateway: '192.168.1.1', interface: 'eth0', address: null });
    expect(out.routes[1]!.destination).toBe('192.168.1.0/24');
  });

  it('rejects output without the header', () => {
    expect(() => parseProcNetRoute('eth0\t00000000\t0101A8C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n')).toThrow(ParseError);
  });

  it('returns a value or throws ParseError on any input', () => {
    assertParserContract(linuxProcNetRoute);
  });
});

describe('withDefaultAddress', () => {
  const interfaces = { eth0: { ipv4_addresses: ['192.0.2.2'], ipv6_addresses: ['fe80::1', 'fd00::2'], mac_address: null, zone: null } };

  it('fills the address from the interface: the first IPv4, the first IPv6 that is not link-local', () => {
    expect(withDefaultAddress({ gateway: '192.0.2.1', interface: 'eth0', address: null }, interfaces, 'inet')!.address).toBe('192.0.2.2');
    expect(withDefaultAddress({ gateway: 'fe80::1', interface: 'eth0', address: null }, interfaces, 'inet6')!.address).toBe('fd00::2');
  });

  it('keeps an address the route named, and a route whose interface is unknown', () => {
    expect(withDefaultAddress({ gateway: 'g', interface: 'eth0', address: '192.0.2.9' }, interfaces, 'inet')!.address).toBe('192.0.2.9');
    expect(withDefaultAddress({ gateway: 'g', interface: 'constructor', address: null }, interfaces, 'inet')!.address).toBeNull();
    expect(withDefaultAddress(null, interfaces, 'inet')).toBeNull();
  });
});
