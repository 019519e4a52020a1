import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withSpeeds } from '../../../src/hosts/common/interface-details.js';
import { linuxIpDetails, parseIpDetails } from '../../../src/hosts/linux/ip-details.js';
import { linuxIpDetailsJson, parseIpDetailsJson } from '../../../src/hosts/linux/ip-details-json.js';
import { linuxNetSpeed, parseNetSpeed } from '../../../src/hosts/linux/net-speed.js';
import { ParseError } from '../../../src/hosts/parse-error.js';
import { assertParserContract } from '../common/parser-fuzz.js';

const fixture = (folder: string, name: string): string => {
  const text = readFileSync(join(import.meta.dirname, '../../fixtures/parsers', folder, `${name}.txt`), 'utf8');
  return text.slice(text.indexOf('\n') + 1);
};

describe('linux interface details', () => {
  it('agree between ip -j -d addr and ip -d addr text on one namespace, names with @ included', () => {
    const json = parseIpDetailsJson(fixture('linux.ip-details-json', 'netns-bridge-veth-at-names'));
    expect(parseIpDetails(fixture('linux.ip-details', 'netns-bridge-veth-at-names'))).toEqual(json);
    expect(Object.keys(json)).toEqual(['lo', 'br0', 'veth1', 'veth0', 'uplink', 'tap@guest']);
    expect(json['br0']).toEqual({ mtu: 1500, up: true, type: 'bridge', speed_mbps: null, addresses: [{ family: 'inet', address: '192.0.2.10', prefix: 24 }, { family: 'inet6', address: 'fe80::401b:a0ff:fe3d:d5c7', prefix: 64 }], members: ['veth0'] });
  });

  it('reads a bond and its ports from plain ip address headers (master bond0), without -d', () => {
    const out = parseIpDetails(fixture('linux.ip-details', 'rocky9-vagrant-bond'));
    expect(out['bond0']!.members).toEqual(['eth1', 'eth2']);
    expect(out['bond0']!.addresses[0]).toEqual({ family: 'inet', address: '192.168.255.1', prefix: 30 });
  });

  it('marks an interface that is administratively down', () => {
    const out = parseIpDetailsJson('[{"ifname":"eth1","flags":["BROADCAST","MULTICAST"],"mtu":9000,"link_type":"ether","addr_info":[]}]');
    expect(out['eth1']).toMatchObject({ up: false, mtu: 9000, type: 'ether' });
  });

  it('reject a header without flags and JSON that is not an array', () => {
    expect(() => parseIpDetails('2: eth0: mtu 1500\n')).toThrow(ParseError);
    expect(() => parseIpDetailsJson('{}')).toThrow(ParseError);
  });

  it('stop an interface at the address cap', () => {
    const many = Array.from({ length: 65_537 }, (_, i) => `{"family":"inet6","local":"fd00::${i.toString(16)}","prefixlen":128}`).join(',');
    expect(() => parseIpDetailsJson(`[{"ifname":"eth0","addr_info":[${many}]}]`)).toThrow(/more than 65536 addresses on eth0/);
  });

  it('return a value or throw ParseError on any input', () => {
    assertParserContract(linuxIpDetailsJson, 3_000);
    assertParserContract(linuxIpDetails, 3_000);
  });
});

describe('linux.net-speed', () => {
  it('reads speeds in Mb/s and -1 as unknown', () => {
    expect(parseNetSpeed('/sys/class/net/eth0/speed:-1\n/sys/class/net/eno1/speed:25000\n')).toEqual({ eth0: null, eno1: 25000 });
  });

  it('fills speed_mbps of the details it knows, leaving the others', () => {
    const details = parseIpDetailsJson('[{"ifname":"eno1","mtu":1500,"flags":["UP"],"addr_info":[]},{"ifname":"lo","mtu":65536,"flags":["UP"],"addr_info":[]}]');
    const merged = withSpeeds(details, { eno1: 25000, eth9: 10 });
    expect(merged['eno1']!.speed_mbps).toBe(25000);
    expect(merged['lo']!.speed_mbps).toBeNull();
  });

  it('rejects lines that are not the grep of speed files', () => {
    expect(() => parseNetSpeed('grep: /sys/class/net: No such file or directory\n')).toThrow(ParseError);
  });

  it('returns a value or throws ParseError on any input', () => {
    assertParserContract(linuxNetSpeed);
  });
});
