import { describe, expect, it } from 'vitest';
import { linuxIpAddr, parseIpAddr } from '../../../src/hosts/linux/ip-addr.js';
import { ParseError } from '../../../src/hosts/parse-error.js';
import { assertParserContract } from '../common/parser-fuzz.js';

// Captured on a Debian 12 host with `ip -o link show; ip -o addr show`.
const ONE_LINE = [
  '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
  '4: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1400 qdisc pfifo_fast state UP mode DEFAULT group default qlen 1000\\    link/ether 02:fc:00:00:00:01 brd ff:ff:ff:ff:ff:ff',
  '1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever',
  '4: eth0    inet 192.0.2.2/24 brd 192.0.2.255 scope global eth0\\       valid_lft forever preferred_lft forever',
  '4: eth0    inet6 fd00::2/64 scope global nodad \\       valid_lft forever preferred_lft forever',
].join('\n');

describe('linux.ip-addr', () => {
  it('reads the one-line form of ip -o link and ip -o addr', () => {
    expect(parseIpAddr(ONE_LINE)).toEqual({
      lo: { ipv4_addresses: ['127.0.0.1'], ipv6_addresses: [], mac_address: null, zone: null },
      eth0: { ipv4_addresses: ['192.0.2.2'], ipv6_addresses: ['fd00::2'], mac_address: '02:fc:00:00:00:01', zone: null },
    });
  });

  it('keeps a tun without MAC, takes the local side of a point-to-point address and merges an alias label', () => {
    const out = [
      '5: tun0: <POINTOPOINT,MULTICAST,NOARP,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UNKNOWN group default qlen 500',
      '    link/none ',
      '    inet 10.8.0.1 peer 10.8.0.2/32 scope global tun0',
      '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP group default qlen 1000',
      '    link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff',
      '    inet 10.0.0.5/24 brd 10.0.0.255 scope global eth0',
      '    inet 10.0.0.6/24 brd 10.0.0.255 scope global secondary eth0:1',
    ].join('\n');
    expect(parseIpAddr(out)).toEqual({
      tun0: { ipv4_addresses: ['10.8.0.1'], ipv6_addresses: [], mac_address: null, zone: null },
      eth0: { ipv4_addresses: ['10.0.0.5', '10.0.0.6'], ipv6_addresses: [], mac_address: '52:54:00:12:34:56', zone: null },
    });
  });

  it('names a veth of a container by the part before @', () => {
    expect(Object.keys(parseIpAddr('18: vetha4c00c0@if17: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500\n    link/ether 0e:e5:ed:51:86:81 brd ff:ff:ff:ff:ff:ff link-netnsid 1\n'))).toEqual(['vetha4c00c0']);
  });

  it('names a VLAN and a veth by the part before the link suffix, even when a name holds @', () => {
    const out = [
      '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP',
      '    link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff',
      '5: vlan10@eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP',
      '    link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff',
      '    inet 10.10.0.1/24 scope global vlan10',
      '7: tap@guest@if6: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP',
      '    link/ether 0e:e5:ed:51:86:81 brd ff:ff:ff:ff:ff:ff link-netnsid 1',
      '8: v20@tap@guest: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP',
      '    link/ether 0e:e5:ed:51:86:81 brd ff:ff:ff:ff:ff:ff',
      '9: gre0@NONE: <NOARP> mtu 1476 qdisc noop state DOWN',
      '    link/gre 0.0.0.0 brd 0.0.0.0',
    ].join('\n');
    expect(Object.keys(parseIpAddr(out))).toEqual(['eth0', 'vlan10', 'tap@guest', 'v20', 'gre0']);
  });

  it('rejects a header whose name is longer than the kernel allows', () => {
    expect(() => parseIpAddr(`2: ${'a@'.repeat(100)}: <UP> mtu 1500\n`)).toThrow(ParseError);
  });

  it('rejects a detail line before any interface and a malformed address', () => {
    expect(() => parseIpAddr('    inet 10.0.0.1/24\n')).toThrow(ParseError);
    expect(() => parseIpAddr('2: eth0: <UP>\n    inet 10.0.0.999/24 scope global eth0\n')).toThrow(ParseError);
  });

  it('rejects an error message and empty output', () => {
    expect(() => parseIpAddr('Object "addr" is unknown, try "ip help".\n')).toThrow(ParseError);
    expect(() => parseIpAddr('')).toThrow(ParseError);
  });

  it('returns a value or throws ParseError on any input', () => {
    assertParserContract(linuxIpAddr);
  });
});
