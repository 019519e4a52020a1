import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../src/hosts/parse-error.js';
import { dladmPhysMacsSpec } from '../../../src/hosts/sunos/dladm-phys-macs.js';
import { dladmVnicsSpec } from '../../../src/hosts/sunos/dladm-vnics.js';
import { ifconfigSpec } from '../../../src/hosts/sunos/ifconfig.js';
import { mergeInterfaces } from '../../../src/hosts/sunos/interfaces.js';
import { netstatRnSpec } from '../../../src/hosts/sunos/netstat-rn.js';
import { ifconfigDetailsSpec } from '../../../src/hosts/sunos/ifconfig-details.js';
import { dladmLinksSpec } from '../../../src/hosts/sunos/dladm-links.js';

const fixture = (folder: string, name: string): string => {
  const text = readFileSync(join(import.meta.dirname, '../../fixtures/parsers', folder, `${name}.txt`), 'utf8');
  return text.slice(text.indexOf('\n') + 1);
};

describe('sunos.ifconfig', () => {
  it('reports the 2009 scanner example: bge0 with its address and zero-padded MAC, lo0 with no address', () => {
    const out = ifconfigSpec.parse(
      'lo0: flags=2001000849<UP,LOOPBACK,RUNNING,MULTICAST,IPv4,VIRTUAL> mtu 8232 index 1\n\tinet 127.0.0.1 netmask ff000000\n' +
        'bge0: flags=1000843<UP,BROADCAST,RUNNING,MULTICAST,IPv4> mtu 1500 index 2\n\tinet 10.20.30.40 netmask ffffff00 broadcast 10.20.30.255\n\tether 0:1b:24:5c:18:b5\n',
    );
    expect(out).toEqual({
      lo0: { ipv4_addresses: [], ipv6_addresses: [], mac_address: null, zone: null },
      bge0: { ipv4_addresses: ['10.20.30.40'], ipv6_addresses: [], mac_address: '00:1b:24:5c:18:b5', zone: null },
    });
  });

  it('keeps a logical interface owned by a shared-IP zone as its own entry, with the zone and the physical MAC', () => {
    const out = ifconfigSpec.parse(fixture('sunos.ifconfig', 'solaris10-global-zone-shared-ip-zones'));
    expect(out['bnx3:2']).toEqual({ ipv4_addresses: ['55.16.201.145'], ipv6_addresses: [], mac_address: '00:24:e8:35:9d:dd', zone: 'frcp00vpd0388' });
    expect(out['bnx3']!.zone).toBeNull();
  });

  it('drops a zone-owned logical loopback whose only address is 127.0.0.1', () => {
    const out = ifconfigSpec.parse(fixture('sunos.ifconfig', 'solaris10-global-zone-shared-ip-zones'));
    expect(Object.keys(out).filter((name) => name.startsWith('lo0'))).toEqual(['lo0', 'lo0:4']);
  });

  it('folds global-zone logical interfaces and the IPv6 block into the physical entry, without prefixes', () => {
    const out = ifconfigSpec.parse(fixture('sunos.ifconfig', 'solaris10-sparc-hme0-ipv6'));
    expect(out['hme0']!.ipv6_addresses).toEqual(['fe80::a00:20ff:fed1:6d79', '2404:130:0:1000:a00:20ff:fed1:6d79']);
    expect(Object.keys(out)).toEqual(['lo0', 'hme0']);
  });

  it('reads the near end of a point-to-point address and skips tunnel endpoints', () => {
    const out = ifconfigSpec.parse(fixture('sunos.ifconfig', 'solaris11-ipmp-tunnels-mixed'));
    expect(out['ip6.tun0']!.ipv4_addresses).toEqual(['10.0.0.208']);
    expect(out['ip.tun0']!.ipv4_addresses).toEqual([]);
  });

  it('leaves out unconfigured 0.0.0.0 and :: addresses but keeps the interface', () => {
    const out = ifconfigSpec.parse('net1: flags=1000802<BROADCAST,MULTICAST,IPv4> mtu 1500 index 3\n        inet 0.0.0.0 netmask 0\nnet1: flags=2000840<RUNNING,MULTICAST,IPv6> mtu 1500 index 3\n        inet6 ::/0\n');
    expect(out).toEqual({ net1: { ipv4_addresses: [], ipv6_addresses: [], mac_address: null, zone: null } });
  });

  it('keeps an interface called constructor an ordinary entry (a Map, not an object, collects them)', () => {
    const out = ifconfigSpec.parse('constructor: flags=1000843<UP> mtu 1500 index 2\n\tinet 10.0.0.1 netmask ff000000\n');
    expect(out['constructor']).toEqual({ ipv4_addresses: ['10.0.0.1'], ipv6_addresses: [], mac_address: null, zone: null });
  });

  it('rejects output that does not start with an interface header', () => {
    expect(() => ifconfigSpec.parse('')).toThrow(ParseError);
    expect(() => ifconfigSpec.parse('        inet 10.0.0.1 netmask ff000000\n')).toThrow(ParseError);
    expect(() => ifconfigSpec.parse('ifconfig: SIOCGLIFCONF: Permission denied\n')).toThrow(ParseError);
  });
});

describe('sunos.dladm-phys-macs', () => {
  it('returns an empty map for an empty output, as in a zone without physical links', () => {
    expect(dladmPhysMacsSpec.parse('')).toEqual({});
  });

  it('keeps only the primary slot of each link', () => {
    const out = dladmPhysMacsSpec.parse('LINK SLOT ADDRESS INUSE CLIENT\nnet0 primary 0:14:4f:f8:5e:a8 yes net0\nnet0 1 2:8:20:aa:bb:cc no --\n');
    expect(out).toEqual({ net0: '00:14:4f:f8:5e:a8' });
  });

  it('rejects a table without LINK and ADDRESS columns', () => {
    expect(() => dladmPhysMacsSpec.parse('LINK MEDIA STATE SPEED DUPLEX DEVICE\ne1000g0 Ethernet up 1000 full e1000g0\n')).toThrow(ParseError);
  });
});

describe('sunos.dladm-vnics', () => {
  it('takes the zone from the zone/ prefix Solaris 11 puts on a zone VNIC', () => {
    const out = dladmVnicsSpec.parse('LINK OVER SPEED MACADDRESS MACADDRTYPE VIDS\nzone1/vnic1 net0 1000 2:8:20:c2:39:38 random 0\n');
    expect(out).toEqual([{ link: 'vnic1', over: 'net0', mac_address: '02:08:20:c2:39:38', zone: 'zone1' }]);
  });

  it('rejects rows with more cells than the header has columns', () => {
    expect(() => dladmVnicsSpec.parse('LINK OVER MACADDRESS\nvnic0 net0 2:8:20:1:2:3 extra\n')).toThrow(ParseError);
  });
});

describe('mergeInterfaces', () => {
  const cn110 = {
    ifconfig: ifconfigSpec.parse(fixture('sunos.ifconfig', 'smartos-cn110-global-zone')),
    physMacs: dladmPhysMacsSpec.parse(fixture('sunos.dladm-phys-macs', 'smartos-cn110-three-nics')),
    vnics: dladmVnicsSpec.parse(fixture('sunos.dladm-vnics', 'smartos-cn110-zone-vnics')),
  };

  it('adds each exclusive-IP zone VNIC seen from the global zone as zone/link with its MAC', () => {
    const out = mergeInterfaces(cn110);
    expect(Object.keys(out)).toEqual([
      'lo0',
      'e1000g0',
      'e669fd30-7c81-463d-99bc-7989f9e8af78/net0',
      'c9fd4db6-5da0-4b0d-8c7a-87c55b10caff/net0',
      'c9fd4db6-5da0-4b0d-8c7a-87c55b10caff/net1',
    ]);
    expect(out['c9fd4db6-5da0-4b0d-8c7a-87c55b10caff/net1']).toEqual({
      ipv4_addresses: [],
      ipv6_addresses: [],
      mac_address: 'c2:9c:ab:c3:de:4d',
      zone: 'c9fd4db6-5da0-4b0d-8c7a-87c55b10caff',
    });
  });

  it('fills a MAC that non-root ifconfig did not print from dladm show-phys -m', () => {
    const ifconfig = ifconfigSpec.parse('net0: flags=1000843<UP,BROADCAST,RUNNING,MULTICAST,IPv4> mtu 1500 index 2\n\tinet 10.0.0.5 netmask ffffff00 broadcast 10.0.0.255\n');
    expect(mergeInterfaces({ ifconfig, physMacs: { net0: '00:11:22:a9:ee:66' } })['net0']!.mac_address).toBe('00:11:22:a9:ee:66');
  });

  it('fills the MAC of an exclusive-IP zone interface from the VNIC list seen inside that zone', () => {
    const ifconfig = ifconfigSpec.parse('net0: flags=1000843<UP,BROADCAST,RUNNING,MULTICAST,IPv4> mtu 1500 index 2\n\tinet 10.0.22.100 netmask ffffff00 broadcast 10.0.22.255\n');
    const vnics = [{ link: 'net0', over: null, mac_address: 'e2:c9:ae:f6:82:1a', zone: 'vm100' }];
    const out = mergeInterfaces({ ifconfig, vnics, zonename: 'vm100' });
    expect(out).toEqual({ net0: { ipv4_addresses: ['10.0.22.100'], ipv6_addresses: [], mac_address: 'e2:c9:ae:f6:82:1a', zone: null } });
  });
});

describe('sunos.netstat-rn', () => {
  it('names the gateway only for G routes and the interface only when printed', () => {
    const out = netstatRnSpec.parse(fixture('sunos.netstat-rn', 'smartos-default-without-interface'));
    expect(out.default_ipv4).toEqual({ gateway: '211.78.255.254', interface: null, address: null });
    expect(out.routes[2]).toEqual({ family: 'inet', destination: '211.78.255.0', gateway: null, interface: 'net0', metric: null });
  });

  it('rejects a row outside a routing table and output without one', () => {
    expect(() => netstatRnSpec.parse('default 10.0.0.1 UG 1 0 net0\n')).toThrow(ParseError);
    expect(() => netstatRnSpec.parse('')).toThrow(ParseError);
  });
});

describe('sunos.ifconfig-details', () => {
  it('gives prefixes from the hex netmask and /N, the MTU and the kind, with the keys of sunos.ifconfig', () => {
    const text = fixture('sunos.ifconfig', 'solaris11-ipmp-tunnels-mixed');
    const out = ifconfigDetailsSpec.parse(text);
    expect(Object.keys(out)).toEqual(Object.keys(ifconfigSpec.parse(text)));
    expect(out['ipmp0']).toMatchObject({ mtu: 1500, up: true, type: 'ipmp', addresses: [{ family: 'inet', address: '10.10.130.103', prefix: 23 }] });
    expect(out['ip.tun0']!.type).toBe('tunnel');
  });

  it('lists the members of a Solaris 11 IPMP group interface from their groupname lines', () => {
    const out = ifconfigDetailsSpec.parse(
      'ipmp0: flags=8011000803<UP,BROADCAST,MULTICAST,IPv4,IPMP> mtu 1500 index 4\n\tinet 10.0.0.5 netmask ffffff00 broadcast 10.0.0.255\n\tgroupname ipmp0\n' +
        'net0: flags=9040843<UP,BROADCAST,RUNNING,MULTICAST,DEPRECATED,IPv4,NOFAILOVER> mtu 1500 index 2\n\tinet 0.0.0.0 netmask ff000000\n\tgroupname ipmp0\n' +
        'net1: flags=9040843<UP,BROADCAST,RUNNING,MULTICAST,DEPRECATED,IPv4,NOFAILOVER> mtu 1500 index 3\n\tinet 0.0.0.0 netmask ff000000\n\tgroupname ipmp0\n',
    );
    expect(out['ipmp0']!.members).toEqual(['net0', 'net1']);
    expect(out['net0']!.addresses).toEqual([]);
  });
});

describe('sunos.dladm-links', () => {
  it('joins show-link and show-phys by link, with aggregation ports split on blanks or commas', () => {
    const out = dladmLinksSpec.parse(fixture('sunos.dladm-links', 'illumos-aggr-myri10ge-gist'));
    expect(out['myri10ge0']).toEqual({ mtu: 9000, up: true, type: 'phys', speed_mbps: 10000, addresses: [], members: [] });
    expect(out['aggr0']!.members).toEqual(['bnx0', 'bnx1']);
    expect(dladmLinksSpec.parse(fixture('sunos.dladm-links', 'solaris11.2-docs-aggr0-commas'))['aggr0']!.members).toEqual(['net1', 'net4']);
  });

  it("rejects Solaris 10's show-link lines, which have no header", () => {
    expect(() => dladmLinksSpec.parse('bge0            type: non-vlan  mtu: 1500       device: bge0\n')).toThrow(ParseError);
  });
});
