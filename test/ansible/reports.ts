/**
 * Two whole reports for the Ansible view's tests, written out here rather than read from the scan
 * fixtures (which are re-recorded as the facts grow): a Debian 12 guest with issue 18's facts, in the
 * values a Debian 12 Firecracker microVM running Docker gave, and a Solaris 11.4 VMware guest whose
 * values come from the SunOS samples of test/fixtures/parsers (the assembled Solaris scan).
 */
import type { HostReport } from '../../src/hosts/report.js';

const iface = (mac: string | null, detail: Record<string, unknown>, ipv4: string[] = [], ipv6: string[] = []): Record<string, unknown> => ({
  ipv4_addresses: ipv4, ipv6_addresses: ipv6, mac_address: mac, zone: null, speed_mbps: null, members: [], ...detail,
});

/** The Debian host. */
export function debianReport(host = 'web1'): HostReport {
  return {
    host, status: 'ok', error: null, sources: {}, duration_ms: 0,
    facts: {
      uname: 'Linux vm 6.18.44-fc-v595 #1 SMP PREEMPT_DYNAMIC @0 x86_64 GNU/Linux', kernel: '6.18.44-fc-v595', architecture: 'x86_64',
      hostid: '007f0100', machine_id: '3d1219c7c4c5404aaa1f6d2a48adfda4', hostname: 'vm', fqdn: null,
      os: { family: 'debian', name: 'Debian GNU/Linux', version: '12.11', id: 'debian' },
      device: { system_product: null, system_serial: null, system_uuid: null, system_vendor: null, system_version: null },
      bios: { bios_date: null, bios_vendor: null, bios_version: null },
      chassis: { type: 'Rack Mount Chassis', vendor: 'Dell Inc.', serial: null, asset_tag: null },
      installed_memory_in_MB: 24576, memory_source: 'memory-blocks',
      memory: { total_mb: 24105, available_mb: 22841, swap_total_mb: 2047, swap_free_mb: 2000 },
      interfaces: {
        lo: iface(null, { mtu: 65536, up: true, type: 'loopback', addresses: [{ family: 'inet', address: '127.0.0.1', prefix: 8 }, { family: 'inet6', address: '::1', prefix: 128 }] }, ['127.0.0.1'], ['::1']),
        ifb0: iface('d2:9f:78:c6:44:f2', { mtu: 1500, up: false, type: 'ifb', addresses: [] }),
        ifb1: iface('5e:16:74:7b:83:42', { mtu: 1500, up: false, type: 'ifb', addresses: [] }),
        eth0: iface('02:fc:00:00:00:01', { mtu: 1400, up: true, type: 'ether', addresses: [
          { family: 'inet', address: '192.0.2.2', prefix: 24 }, { family: 'inet', address: '192.0.2.9', prefix: 32 },
          { family: 'inet6', address: 'fd00::2', prefix: 64 }, { family: 'inet6', address: 'fe80::fc:ff:fe00:1', prefix: 64 },
        ] }, ['192.0.2.2', '192.0.2.9'], ['fd00::2', 'fe80::fc:ff:fe00:1']),
      },
      cpu: { model: 'Intel(R) Xeon(R) Processor @ 2.50GHz', sockets: 1, cores: 2, threads: 2, vendor: 'GenuineIntel', speed_mhz: 2500, flags: ['fpu', 'vme'] },
      uptime_seconds: 982,
      virtualization: { role: 'guest', type: 'docker' },
      filesystems: [
        { mount: '/dev', device: 'devtmpfs', type: 'devtmpfs', size_bytes: 12630552576, used_bytes: 0, available_bytes: 12630552576 },
        { mount: '/', device: '/dev/vda', type: 'ext4', size_bytes: 270553174016, used_bytes: 23405666304, available_bytes: 85538627584 },
      ],
      disks: { vda: { size_bytes: 274_877_906_944, type: 'disk', vendor: '0x1af4', model: null, serial: null, wwn: null, rotational: true } },
      default_ipv4: { gateway: '192.0.2.1', interface: 'eth0', address: null },
      default_ipv6: { gateway: 'fd00::1', interface: 'eth0', address: 'fd00::2' },
      dns: { nameservers: ['10.255.255.53'], search: ['corp.example'], domain: null, options: ['ndots:2', 'rotate', 'edns0:'] },
      timezone: { name: 'Europe/Berlin', abbreviation: 'CEST', utc_offset: '+02:00' },
      selinux: { status: 'enabled', mode: 'enforcing', config_mode: 'permissive', policy: 'targeted' },
      apparmor: { status: null },
    },
  };
}

/** The Solaris host. */
export function solarisReport(host = 'sol1'): HostReport {
  return {
    host, status: 'ok', error: null, sources: {}, duration_ms: 0,
    facts: {
      uname: 'SunOS sunday 5.11 11.4.0.15.0 i86pc i386 i86pc', kernel: '5.11', architecture: 'i86pc',
      hostid: '59ff40d5', hostname: 'web01', fqdn: 'web01.corp.example.com',
      os: { family: 'solaris', name: 'Oracle Solaris', version: '11.4', id: 'solaris' },
      device: { system_product: 'VMware Virtual Platform', system_serial: 'VMware-50 3f f7 14 42 d1 f1 da-3b 46 27 d0 29 b4 74 1d', system_uuid: 'a86cc405-e1b9-447b-ad05-6f8db39d876a', system_vendor: 'VMware, Inc.', system_version: null },
      bios: { bios_date: null, bios_vendor: null, bios_version: null },
      installed_memory_in_MB: 2048, memory_source: 'prtconf',
      memory: { total_mb: 2048, available_mb: null, swap_total_mb: 1023, swap_free_mb: 1000 },
      interfaces: {
        lo0: { ...iface(null, { mtu: 8232, up: true, type: 'loopback', addresses: [{ family: 'inet', address: '127.0.0.1', prefix: 8 }, { family: 'inet6', address: '::1', prefix: 128 }] }) },
        e1000g0: iface('08:00:27:20:64:b9', { mtu: 1500, up: true, type: null, addresses: [{ family: 'inet', address: '192.168.56.110', prefix: 24 }] }, ['192.168.56.110']),
        'e669fd30-7c81-463d-99bc-7989f9e8af78/net0': { ...iface('72:53:2c:7d:77:17', { mtu: null, up: null, type: null, addresses: [] }), zone: 'e669fd30-7c81-463d-99bc-7989f9e8af78' },
      },
      cpu: { model: 'Intel(r) Xeon(r) CPU E5-2670 0 @ 2.60GHz', sockets: 2, cores: 8, threads: 16 },
      uptime_seconds: 3600,
      virtualization: { role: 'guest', type: 'vmware' },
      filesystems: [
        { mount: '/', device: 'rpool/ROOT/openindiana', type: 'zfs', size_bytes: 32765902848, used_bytes: 1695481856, available_bytes: 26343609344 },
        { mount: '/proc', device: 'proc', type: 'proc', size_bytes: 0, used_bytes: 0, available_bytes: 0 },
      ],
      default_ipv4: { gateway: '192.168.56.1', interface: 'e1000g0', address: null },
      zonename: 'global',
    },
  };
}
