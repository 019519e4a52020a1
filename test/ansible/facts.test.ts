/**
 * The Ansible view of whole reports: a Debian 12 host with the facts of issue 18 and a Solaris 11.4
 * host (reports.ts), plus the cases a report from a hostile or broken host brings. Values are those
 * Ansible's collectors give for the same machine (see the comments); the end-to-end test compares a
 * live host with real Ansible.
 */
import { describe, expect, test } from 'vitest';
import { ansibleFacts } from '../../src/ansible/facts.js';
import { debianReport, solarisReport } from './reports.js';

const NOW = new Date(Date.UTC(2025, 5, 2, 8, 30, 15, 250));
const linux = debianReport;

describe('the Ansible view of a Linux report', () => {
  const view = ansibleFacts(linux(), { now: NOW })!;

  test('has the platform and distribution keys Ansible writes for that host', () => {
    expect(view).toMatchObject({
      ansible_system: 'Linux', ansible_kernel: '6.18.44-fc-v595', ansible_kernel_version: '#1 SMP PREEMPT_DYNAMIC @0',
      ansible_machine: 'x86_64', ansible_architecture: 'x86_64', ansible_nodename: 'vm', ansible_hostname: 'vm',
      // `hostname -f` found no name with a dot: the host name, as getfqdn() falls back to it.
      ansible_fqdn: 'vm', ansible_domain: '',
      ansible_distribution: 'Debian', ansible_distribution_version: '12.11', ansible_distribution_major_version: '12', ansible_os_family: 'Debian',
    });
  });

  test('has the machine ID as Ansible\'s platform collector writes it, and none where no ID is set', () => {
    expect(view['ansible_machine_id']).toBe('3d1219c7c4c5404aaa1f6d2a48adfda4');
    const unset = linux();
    (unset.facts as Record<string, unknown>)['machine_id'] = null;
    expect(ansibleFacts(unset, { now: NOW })).not.toHaveProperty('ansible_machine_id');
  });

  test('has memory, processors, uptime and virtualization in Ansible\'s numbers and names', () => {
    expect(view).toMatchObject({
      ansible_memtotal_mb: 24105, ansible_swaptotal_mb: 2047, ansible_swapfree_mb: 2000,
      ansible_processor_count: 1, ansible_processor_cores: 2, ansible_processor_threads_per_core: 1, ansible_processor_vcpus: 2, ansible_processor_nproc: 2,
      ansible_processor: ['0', 'GenuineIntel', 'Intel(R) Xeon(R) Processor @ 2.50GHz', '1', 'GenuineIntel', 'Intel(R) Xeon(R) Processor @ 2.50GHz'],
      ansible_uptime_seconds: 982, ansible_virtualization_type: 'docker', ansible_virtualization_role: 'guest',
    });
  });

  test('writes NA for every DMI field it could not read, and no key for a fact it did not gather', () => {
    expect(view).toMatchObject({ ansible_product_name: 'NA', ansible_product_uuid: 'NA', ansible_bios_date: 'NA', ansible_system_vendor: 'NA', ansible_chassis_vendor: 'Dell Inc.', ansible_form_factor: 'Rack Mount Chassis', ansible_chassis_serial: 'NA' });
    // No baseboard fact in this report.
    expect(view).not.toHaveProperty('ansible_board_name');
  });

  test('describes each interface as Ansible\'s Linux collector does, addresses with netmask, network and broadcast', () => {
    expect(view['ansible_interfaces']).toEqual(['lo', 'ifb0', 'ifb1', 'eth0']);
    expect(view['ansible_eth0']).toEqual({
      device: 'eth0', macaddress: '02:fc:00:00:00:01', mtu: 1400, active: true, type: 'ether',
      ipv4: { address: '192.0.2.2', broadcast: '192.0.2.255', netmask: '255.255.255.0', network: '192.0.2.0', prefix: '24' },
      ipv4_secondaries: [{ address: '192.0.2.9', broadcast: '', netmask: '255.255.255.255', network: '192.0.2.9', prefix: '32' }],
      ipv6: [{ address: 'fd00::2', prefix: '64', scope: 'global' }, { address: 'fe80::fc:ff:fe00:1', prefix: '64', scope: 'link' }],
    });
    // Loopback has no MAC and no broadcast address; an ifb link is Ethernet to sysfs.
    expect(view['ansible_lo']).toEqual({
      device: 'lo', mtu: 65536, active: true, type: 'loopback',
      ipv4: { address: '127.0.0.1', broadcast: '', netmask: '255.0.0.0', network: '127.0.0.0', prefix: '8' },
      ipv6: [{ address: '::1', prefix: '128', scope: 'host' }],
    });
    expect(view['ansible_ifb0']).toEqual({ device: 'ifb0', macaddress: 'd2:9f:78:c6:44:f2', mtu: 1500, active: false, type: 'ether' });
    expect(view['ansible_all_ipv4_addresses']).toEqual(['192.0.2.2', '192.0.2.9']);
    expect(view['ansible_all_ipv6_addresses']).toEqual(['fd00::2', 'fe80::fc:ff:fe00:1']);
  });

  test('completes the default routes from their interface, the source address taken from it when the route names none', () => {
    expect(view['ansible_default_ipv4']).toEqual({
      interface: 'eth0', address: '192.0.2.2', gateway: '192.0.2.1', broadcast: '192.0.2.255', netmask: '255.255.255.0',
      network: '192.0.2.0', prefix: '24', macaddress: '02:fc:00:00:00:01', mtu: 1400, type: 'ether', alias: 'eth0',
    });
    expect(view['ansible_default_ipv6']).toEqual({ interface: 'eth0', address: 'fd00::2', gateway: 'fd00::1', prefix: '64', scope: 'global', macaddress: '02:fc:00:00:00:01', mtu: 1400, type: 'ether' });
  });

  test('has the security modules as Ansible\'s selinux and apparmor collectors name them', () => {
    expect(view).toMatchObject({ ansible_selinux: { status: 'enabled', mode: 'enforcing', config_mode: 'permissive', type: 'targeted' }, ansible_apparmor: { status: 'disabled' } });
  });

  test('reads dns as Ansible reads resolv.conf: keys only where the file has them, options as a dictionary', () => {
    expect(view['ansible_dns']).toEqual({ nameservers: ['10.255.255.53'], search: ['corp.example'], options: { ndots: '2', rotate: true, edns0: true } });
  });

  test('lists only device-backed mounts, and disks with Ansible\'s string sizes', () => {
    expect(view['ansible_mounts']).toEqual([{ mount: '/', device: '/dev/vda', fstype: 'ext4', size_total: 270553174016, size_available: 85538627584 }]);
    expect(view['ansible_devices']).toEqual({ vda: { vendor: '0x1af4', model: null, sectors: '536870912', size: '256.00 GB', rotational: '1' } });
  });

  test('writes the local time of the host\'s zone and the markers of a gathering', () => {
    expect(view['ansible_date_time']).toMatchObject({ date: '2025-06-02', time: '10:30:15', tz: 'CEST', tz_offset: '+0200', iso8601: '2025-06-02T08:30:15Z', weekday: 'Monday' });
    expect(view).toMatchObject({ _ansible_facts_gathered: true, module_setup: true });
    expect(Object.keys(view).filter((k) => !k.startsWith('ansible_'))).toEqual(['_ansible_facts_gathered', 'module_setup']);
  });
});

describe('the Ansible view of a SunOS report', () => {
  const report = solarisReport();
  const view = ansibleFacts(report, { now: NOW })!;

  test('names the distribution as get_distribution_SunOS does: Solaris, its version, its major from uname -r', () => {
    expect(view).toMatchObject({ ansible_system: 'SunOS', ansible_distribution: 'Solaris', ansible_distribution_version: '11.4', ansible_distribution_major_version: '11', ansible_os_family: 'Solaris', ansible_kernel_version: '11.4.0.15.0' });
    // i86pc is i386 to Ansible.
    expect(view).toMatchObject({ ansible_machine: 'i86pc', ansible_architecture: 'i386' });
  });

  test('has the SunOS hardware keys: prtconf\'s memory, every virtual processor as a core, prtdiag\'s vendor and product', () => {
    expect(view).toMatchObject({ ansible_memtotal_mb: 2048, ansible_swaptotal_mb: 1023, ansible_swapfree_mb: 1000, ansible_processor_count: 2, ansible_processor_cores: 16 });
    expect(view).toMatchObject({ ansible_system_vendor: 'VMware, Inc.', ansible_product_name: 'VMware Virtual Platform' });
    expect(view).not.toHaveProperty('ansible_processor_vcpus');
    expect(view).not.toHaveProperty('ansible_bios_date');
    expect(view).toMatchObject({ ansible_virtualization_type: 'vmware', ansible_virtualization_role: 'guest' });
  });

  test('lists the zone\'s own interfaces sorted, as generic_bsd\'s ifconfig parser leaves them, and merges the default interface', () => {
    expect(view['ansible_interfaces']).toEqual(['e1000g0', 'lo0']);
    expect(view['ansible_e1000g0']).toEqual({ device: 'e1000g0', type: 'unknown', macaddress: '08:00:27:20:64:b9', ipv4: [{ mtu: '1500', address: '192.168.56.110', broadcast: '192.168.56.255', netmask: '255.255.255.0', network: '192.168.56.0' }], ipv6: [] });
    expect(view['ansible_lo0']).toMatchObject({ type: 'loopback', macaddress: 'unknown', ipv4: [{ address: '127.0.0.1', broadcast: '127.255.255.255' }], ipv6: [{ mtu: '8232', address: '::1', prefix: '128' }] });
    expect(view['ansible_default_ipv4']).toEqual({
      interface: 'e1000g0', address: '192.168.56.110', gateway: '192.168.56.1', device: 'e1000g0', type: 'unknown', macaddress: '08:00:27:20:64:b9',
      mtu: '1500', broadcast: '192.168.56.255', netmask: '255.255.255.0', network: '192.168.56.0',
    });
    expect(view).not.toHaveProperty('ansible_devices');
    expect((view['ansible_mounts'] as { mount: string }[]).map((m) => m.mount)).toContain('/proc');
  });
});

describe('reports Ansible would not have cached as they are', () => {
  test('a failed host has no dictionary; a partial one has the keys of the facts it has', () => {
    expect(ansibleFacts({ ...linux(), status: 'failed', facts: {}, error: { code: 'auth', message: 'denied' } })).toBeUndefined();
    const partial = ansibleFacts({ host: 'h', status: 'partial', error: null, facts: { uname: 'Linux h 6.1.0 #1 SMP x86_64 GNU/Linux', architecture: 'x86_64', kernel: '6.1.0', errors: { cpu: { code: 'timeout', message: 't' } } }, sources: {}, duration_ms: 1 })!;
    expect(Object.keys(partial).sort()).toEqual(['_ansible_facts_gathered', 'ansible_architecture', 'ansible_date_time', 'ansible_domain', 'ansible_fqdn', 'ansible_hostname', 'ansible_kernel', 'ansible_kernel_version', 'ansible_machine', 'ansible_nodename', 'ansible_system', 'module_setup']);
  });

  test('names interfaces as Ansible\'s fact namespace does, and keeps a hostile name an ordinary key', () => {
    const report = linux();
    const interfaces = (report.facts as Record<string, any>)['interfaces'];
    interfaces['br-lan'] = { ipv4_addresses: [], ipv6_addresses: [], mac_address: null, zone: null, type: 'bridge', members: ['eth0'], mtu: 1500, up: true, addresses: [] };
    // As a report read back from JSON has it: an own key, not the object's prototype.
    Object.defineProperty(interfaces, '__proto__', { value: { ipv4_addresses: ['198.51.100.1'], ipv6_addresses: [], mac_address: null, zone: null }, enumerable: true });
    const view = ansibleFacts(report)!;
    expect(view['ansible_br_lan']).toEqual({ device: 'br-lan', mtu: 1500, active: true, type: 'bridge', interfaces: ['eth0'] });
    expect(view['ansible_interfaces']).toContain('br-lan');
    expect(Object.getPrototypeOf(view)).toBe(Object.prototype);
    expect(Object.hasOwn(view, 'ansible___proto__')).toBe(true);
  });

  test('drops keys Ansible\'s JSON decoder would turn into vault or unsafe values', () => {
    const report = linux();
    (report.facts as Record<string, any>)['dns'] = { nameservers: [], search: [], domain: null, options: ['__ansible_vault:x', 'ndots:1'] };
    expect(ansibleFacts(report)!['ansible_dns']).toEqual({ options: { ndots: '1' } });
  });

  test('leaves out a key whose fact has an unexpected shape instead of failing', () => {
    const view = ansibleFacts({ host: 'h', status: 'ok', error: null, facts: { uname: 'Linux h 6.1 #1 x86_64 GNU/Linux', os: 'Debian', cpu: { threads: 'two' }, interfaces: [1, 2], memory: null, dns: 'x', machine_id: { id: 'x' } }, sources: {}, duration_ms: 1 })!;
    expect(view).not.toHaveProperty('ansible_distribution');
    expect(view).not.toHaveProperty('ansible_machine_id');
    expect(view).not.toHaveProperty('ansible_processor_count');
    expect(view['ansible_interfaces']).toEqual([]);
  });
});
