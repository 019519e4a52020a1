import { describe, expect, it } from 'vitest';
import { linuxIfconfig, parseIfconfig } from '../../../src/hosts/linux/ifconfig.js';
import { ParseError } from '../../../src/hosts/parse-error.js';
import { assertParserContract } from '../common/parser-fuzz.js';

describe('linux.ifconfig', () => {
  it('reads a net-tools 2.x tun without MAC and merges an alias into its interface', () => {
    const out = [
      'tun0: flags=4305<UP,POINTOPOINT,RUNNING,NOARP,MULTICAST>  mtu 1500',
      '        inet 10.8.0.1  netmask 255.255.255.255  destination 10.8.0.2',
      '        unspec 00-00-00-00-00-00-00-00-00-00-00-00-00-00-00-00  txqueuelen 500  (UNSPEC)',
      '',
      'eth0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500',
      '        inet 10.0.0.5  netmask 255.255.255.0  broadcast 10.0.0.255',
      '        ether 52:54:00:12:34:56  txqueuelen 1000  (Ethernet)',
      '',
      'eth0:1: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500',
      '        inet 10.0.0.6  netmask 255.255.255.0  broadcast 10.0.0.255',
      '        ether 52:54:00:12:34:56  txqueuelen 1000  (Ethernet)',
    ].join('\n');
    expect(parseIfconfig(out)).toEqual({
      tun0: { ipv4_addresses: ['10.8.0.1'], ipv6_addresses: [], mac_address: null, zone: null },
      eth0: { ipv4_addresses: ['10.0.0.5', '10.0.0.6'], ipv6_addresses: [], mac_address: '52:54:00:12:34:56', zone: null },
    });
  });

  it('reads an IPv6 address whose first group looks like a word ("dead::")', () => {
    const out = 'eth0: flags=4163<UP>  mtu 1500\n        inet6 dead::21f:bcff:fe0d:5fb1  prefixlen 64  scopeid 0x20<link>\n';
    expect(parseIfconfig(out)['eth0']!.ipv6_addresses).toEqual(['dead::21f:bcff:fe0d:5fb1']);
  });

  it('reads the localised old layout ("inet adr:")', () => {
    const out = 'eth0      Link encap:Ethernet  HWaddr 00:0C:29:A1:B2:C3\n          inet adr:192.168.1.10  Bcast:192.168.1.255  Masque:255.255.255.0\n';
    expect(parseIfconfig(out)['eth0']!.ipv4_addresses).toEqual(['192.168.1.10']);
  });

  it('gives no MAC to an OpenVZ venet whose HWaddr is all zeros', () => {
    const out = 'venet0    Link encap:UNSPEC  HWaddr 00-00-00-00-00-00-00-00-00-00-00-00-00-00-00-00\n          inet addr:127.0.0.1  P-t-P:127.0.0.1  Bcast:0.0.0.0  Mask:255.255.255.255\n';
    expect(parseIfconfig(out)['venet0']!.mac_address).toBeNull();
  });

  it('rejects redacted addresses and lines that are not ifconfig output', () => {
    expect(() => parseIfconfig('venet0:0  Link encap:UNSPEC\n          inet addr:XXX.XXX.XXX.XX1  Mask:255.255.255.255\n')).toThrow(ParseError);
    expect(() => parseIfconfig('ifconfig: command not found\n')).toThrow(ParseError);
    expect(() => parseIfconfig('          inet addr:10.0.0.1\n')).toThrow(ParseError);
  });

  it('returns a value or throws ParseError on any input', () => {
    assertParserContract(linuxIfconfig);
  });
});
