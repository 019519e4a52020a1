import { describe, expect, it } from 'vitest';
import { linuxIpAddrJson, parseIpAddrJson } from '../../../src/hosts/linux/ip-addr-json.js';
import { ParseError } from '../../../src/hosts/parse-error.js';
import { assertParserContract } from '../common/parser-fuzz.js';

const VLAN = JSON.stringify([
  { ifindex: 5, link: 'eth0', ifname: 'eth0.100', link_type: 'ether', address: '52:54:00:AA:BB:01', addr_info: [{ family: 'inet', local: '10.1.0.5', prefixlen: 24 }] },
  { ifindex: 6, ifname: 'wg0', link_type: 'none', addr_info: [{ family: 'inet', local: '10.9.0.1', prefixlen: 24 }] },
  { ifindex: 7, ifname: 'ib0', link_type: 'infiniband', address: '80:00:02:08:fe:80:00:00:00:00:00:00:00:02:c9:03:00:0a:7e:c1', addr_info: [] },
]);

describe('linux.ip-addr-json', () => {
  it('names a VLAN by its ifname, lowercases its MAC and gives none to a wireguard or infiniband link', () => {
    expect(parseIpAddrJson(VLAN)).toEqual({
      'eth0.100': { ipv4_addresses: ['10.1.0.5'], ipv6_addresses: [], mac_address: '52:54:00:aa:bb:01', zone: null },
      wg0: { ipv4_addresses: ['10.9.0.1'], ipv6_addresses: [], mac_address: null, zone: null },
      ib0: { ipv4_addresses: [], ipv6_addresses: [], mac_address: null, zone: null },
    });
  });

  it('skips the empty objects some iproute2 versions print for filtered links', () => {
    expect(Object.keys(parseIpAddrJson('[{},{"ifname":"lo","addr_info":[{}]}]'))).toEqual(['lo']);
  });

  it('rejects garbage, a JSON object and an interface without ifname', () => {
    expect(() => parseIpAddrJson('Option "-j" is unknown, try "ip -help".')).toThrow(ParseError);
    expect(() => parseIpAddrJson('{"ifname":"lo"}')).toThrow(ParseError);
    expect(() => parseIpAddrJson('[{"ifindex":1}]')).toThrow(ParseError);
    expect(() => parseIpAddrJson('[{"ifname":"lo","addr_info":{}}]')).toThrow(ParseError);
  });

  it('survives deeply nested JSON', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(() => parseIpAddrJson(deep)).toThrow(ParseError);
  });

  it('returns a value or throws ParseError on any input', () => {
    assertParserContract(linuxIpAddrJson);
  });
});
