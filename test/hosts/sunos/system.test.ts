import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../src/hosts/parse-error.js';
import { psrinfoSpec } from '../../../src/hosts/sunos/psrinfo.js';
import { releaseSpec } from '../../../src/hosts/sunos/release.js';
import { timezoneSpec } from '../../../src/hosts/sunos/timezone.js';
import { bootTimeSpec } from '../../../src/hosts/sunos/boot-time.js';
import { kstatPagesSpec, sunosMemory, swapListSpec, swapSummarySpec } from '../../../src/hosts/sunos/memory.js';
import { pkgListSpec } from '../../../src/hosts/sunos/pkg-list.js';
import { pkginfoSpec } from '../../../src/hosts/sunos/pkginfo.js';
import { svcsSpec } from '../../../src/hosts/sunos/svcs.js';
import { zpoolListSpec } from '../../../src/hosts/sunos/zpool-list.js';
import { cpuInfoSpec } from '../../../src/hosts/sunos/cpu-info.js';
import { iostatEnSpec } from '../../../src/hosts/sunos/iostat-en.js';
import { uptimeSpec } from '../../../src/hosts/sunos/uptime.js';
import { virtinfoSpec } from '../../../src/hosts/sunos/virtinfo.js';
import { deriveVirtualization } from '../../../src/hosts/sunos/virtualization.js';

describe('sunos.release', () => {
  it.each([
    ['  OmniOS v11 r151046\n', { name: 'OmniOS', version: 'r151046', id: 'omnios' }],
    ['  OpenIndiana Hipster 2023.10 (powered by illumos)\n', { name: 'OpenIndiana', version: '2023.10', id: 'openindiana' }],
    ['  Solaris 10 10/09 s10x_u8wos_08a X86\n', { name: 'Solaris', version: '10 10/09', id: 'solaris' }],
    ['  OpenSolaris 2009.06 snv_111b X86\n', { name: 'OpenSolaris', version: '2009.06', id: 'opensolaris' }],
    ['      Open Storage Appliance v3.1.6\n', { name: 'Nexenta', version: '3.1.6', id: 'nexenta' }],
  ])('names the distribution and release in %j', (stdout, expected) => {
    expect(releaseSpec.parse(stdout)).toEqual({ family: 'solaris', ...expected });
  });

  it('rejects an empty file and a shell error', () => {
    expect(() => releaseSpec.parse('\n\n')).toThrow(ParseError);
    expect(() => releaseSpec.parse('cat: cannot open /etc/release\n')).toThrow(ParseError);
  });

  it('rejects words that name no release instead of reporting an OS called "test test" (issue 18)', () => {
    expect(() => releaseSpec.parse('test test\n')).toThrow(ParseError);
  });
});

describe('sunos.psrinfo', () => {
  it('counts a SPARC T4 socket with its cores and strips the per-chip clock from the model', () => {
    const out = psrinfoSpec.parse('The physical processor has 8 cores and 64 virtual processors (0-63)\n  The core has 8 virtual processors (0-7)\n  SPARC-T4 (chipid 0, clock 2848 MHz)\n');
    expect(out).toEqual({ model: 'SPARC-T4', sockets: 1, cores: 8, threads: 64 });
  });

  it('leaves cores null when a socket with several virtual processors does not say its core count', () => {
    const out = psrinfoSpec.parse('The physical processor has 2 virtual processors (0 1)\n  x86 (GenuineIntel F29 family 15 model 2 step 9 clock 3000 MHz)\n        Intel(r) Pentium(r) 4 CPU 3.00GHz\n');
    expect(out).toEqual({ model: 'Intel(r) Pentium(r) 4 CPU 3.00GHz', sockets: 1, cores: null, threads: 2 });
  });

  it('keeps the implementation line as the model when no brand string follows it', () => {
    expect(psrinfoSpec.parse('The physical processor has 1 virtual processor (0)\n  x86 (GenuineIntel family 6 model 2 step 3 clock 2667 MHz)\n').model).toBe('x86 (GenuineIntel family 6 model 2 step 3 clock 2667 MHz)');
  });

  it('rejects output of plain psrinfo without -pv', () => {
    expect(() => psrinfoSpec.parse('0       on-line   since 07/01/2014 12:13:54\n')).toThrow(ParseError);
  });
});

describe('sunos.uptime', () => {
  it('subtracts the boot time from the host clock', () => {
    expect(uptimeSpec.parse('unix:0:system_misc:boot_time\t1700000000\nnow\t1700086400\n')).toBe(86400);
  });

  it('throws when the host clock is before the boot time or a line is missing', () => {
    expect(() => uptimeSpec.parse('unix:0:system_misc:boot_time\t1700000000\nnow\t1600000000\n')).toThrow(ParseError);
    expect(() => uptimeSpec.parse('unix:0:system_misc:boot_time\t1700000000\n')).toThrow(ParseError);
    expect(() => uptimeSpec.parse('now\t1700000000\n')).toThrow(ParseError);
  });

  it('prints the host clock with nawk, which Solaris 10 has, rather than date +%s, which it lacks', () => {
    expect(uptimeSpec.command).toContain('/usr/bin/nawk');
    expect(uptimeSpec.command).not.toContain('date +%s');
  });
});

describe('sunos.virtinfo', () => {
  it('reads the LDoms domain role of older SPARC releases', () => {
    expect(virtinfoSpec.parse('Domain role: LDoms guest\n')).toEqual({ current: [], parents: [], domain_role: 'LDoms guest' });
  });

  it('throws on output with no table row and no domain role', () => {
    expect(() => virtinfoSpec.parse('virtinfo: Unable to get domain role\n')).toThrow(ParseError);
  });
});

describe('deriveVirtualization', () => {
  const device = (system_vendor: string | null, system_product: string | null) => ({ system_vendor, system_product, system_serial: null, system_uuid: null, system_version: null });

  it('calls a non-global zone a zone guest', () => {
    expect(deriveVirtualization({ zonename: 'web' })).toEqual({ role: 'guest', type: 'zone' });
  });

  it('calls a global zone with an installed zone a zone host, but not one with only configured zones', () => {
    const zone = (state: string) => ({ web: { brand: 'native', ip_mode: 'shared', root: '/zones/web', state, uuid: null, zonename: 'web' } });
    expect(deriveVirtualization({ zonename: 'global', zones: zone('installed') })).toEqual({ role: 'host', type: 'zone' });
    expect(deriveVirtualization({ zonename: 'global', zones: zone('configured') })).toEqual({ role: null, type: null });
    // The global zone is listed too (zones includes it, as Facter's does): alone, it makes no host.
    const global = { global: { brand: 'solaris', ip_mode: 'shared', root: '/', state: 'running', uuid: null, zonename: 'global' } };
    expect(deriveVirtualization({ zonename: 'global', zones: global })).toEqual({ role: null, type: null });
    expect(deriveVirtualization({ zonename: 'global', zones: { ...global, ...zone('installed') } })).toEqual({ role: 'host', type: 'zone' });
  });

  it('recognises a kernel zone, which calls itself global, from virtinfo', () => {
    expect(deriveVirtualization({ zonename: 'global', virtinfo: { current: ['kernel-zone'], parents: ['logical-domain'], domain_role: null } })).toEqual({ role: 'guest', type: 'kernel-zone' });
  });

  it('tells an LDoms guest from a control domain', () => {
    expect(deriveVirtualization({ virtinfo: { current: [], parents: [], domain_role: 'LDoms guest' } })).toEqual({ role: 'guest', type: 'ldom' });
    expect(deriveVirtualization({ virtinfo: { current: [], parents: [], domain_role: 'LDoms control I/O service root' } })).toEqual({ role: 'host', type: 'ldom' });
  });

  it.each([
    [device('VMware, Inc.', 'VMware Virtual Platform'), 'vmware'],
    [device('innotek GmbH', 'VirtualBox'), 'virtualbox'],
    [device('QEMU', 'Standard PC (i440FX + PIIX, 1996)'), 'kvm'],
    [device('Xen', 'HVM domU'), 'xen'],
    [device('Microsoft Corporation', 'Virtual Machine'), 'hyperv'],
  ])('names the hypervisor of firmware %j', (dev, type) => {
    expect(deriveVirtualization({ zonename: 'global', device: dev })).toEqual({ role: 'guest', type });
  });

  it('puts the hypervisor guest role before the zone host role', () => {
    const zones = { web: { brand: 'native', ip_mode: 'shared', root: '/zones/web', state: 'running', uuid: null, zonename: 'web' } };
    expect(deriveVirtualization({ zonename: 'global', zones, device: device('VMware, Inc.', 'VMware Virtual Platform') })).toEqual({ role: 'guest', type: 'vmware' });
  });

  it('falls back to the QEMU virtual CPU model and otherwise reports bare metal as nulls', () => {
    expect(deriveVirtualization({ cpuModel: 'QEMU Virtual CPU version 2.5+' })).toEqual({ role: 'guest', type: 'kvm' });
    expect(deriveVirtualization({ zonename: 'global', zones: {}, device: device('Oracle Corporation', 'SPARC T4-1') })).toEqual({ role: null, type: null });
  });
});

describe('sunos.timezone and sunos.boot-time', () => {
  it('prefer the SMF property to /etc/default/init, and give no offset when date prints %z literally', () => {
    expect(timezoneSpec.parse('date=MST %z\ninit=TZ=localtime\nsmf=US/Mountain\n')).toEqual({ name: 'US/Mountain', abbreviation: 'MST', utc_offset: null });
  });

  it('use backquotes, which the Bourne shell of Solaris 10 understands', () => {
    expect(timezoneSpec.command).not.toContain('$(');
  });

  it('give the kstat boot time as ISO 8601 and reject anything else', () => {
    expect(bootTimeSpec.parse('unix:0:system_misc:boot_time\t1236919980\n')).toBe('2009-03-13T04:53:00Z');
    expect(() => bootTimeSpec.parse('kstat: not found\n')).toThrow(ParseError);
  });
});

describe('SunOS memory', () => {
  it('joins the page counts and the swap devices into the memory fact', () => {
    const pages = kstatPagesSpec.parse('4096\nunix:0:system_pages:physmem\t2095708\nunix:0:system_pages:freemem\t1433903\n');
    const swapDevices = swapListSpec.parse('swapfile dev swaplo blocks free\n/dev/zvol/dsk/rpool/swap 181,2 8 4194296 2097148\n');
    expect(sunosMemory({ pages, swapDevices })).toEqual({ total_mb: 8186, available_mb: 5601, swap_total_mb: 2047, swap_free_mb: 1023 });
  });

  it('takes swap from swap -s inside a zone, where swap -l lists no device', () => {
    const swapDevices = swapListSpec.parse('No swap devices configured\n');
    const swapSummary = swapSummarySpec.parse('total: 316132k bytes allocated + 200072k reserved = 516204k used, 7567260k available\n');
    expect(sunosMemory({ swapDevices, swapSummary })).toEqual({ total_mb: null, available_mb: null, swap_total_mb: 7894, swap_free_mb: 7389 });
  });

  it('rejects a kstat output without the page size first, and swap rows without the header', () => {
    expect(() => kstatPagesSpec.parse('unix:0:system_pages:physmem\t100\n')).toThrow(ParseError);
    expect(() => swapListSpec.parse('/dev/swap 1,1 16 100 100\n')).toThrow(ParseError);
    expect(() => swapSummarySpec.parse('swap: permission denied\n')).toThrow(ParseError);
  });
});

describe('SunOS inventories', () => {
  it('read an IPS package from a second publisher, and reject a line that is not pkg list', () => {
    expect(pkgListSpec.parse('ooce/database/lmdb (extra.omnios)  0.9.28-151038.0  i--\n')).toEqual([{ name: 'ooce/database/lmdb', version: '0.9.28-151038.0', arch: null, manager: 'pkg' }]);
    expect(() => pkgListSpec.parse('pkg: no packages installed\n')).toThrow(ParseError);
  });

  it('read pkginfo -l blocks, skipping the FILES continuation lines', () => {
    const out = pkginfoSpec.parse('   PKGINST:  SUNWzoneu\n      ARCH:  i386\n   VERSION:  11.11,REV=2009.04.08.17.26\n     FILES:       22 installed pathnames\n                  10 shared pathnames\n');
    expect(out).toEqual([{ name: 'SUNWzoneu', version: '11.11,REV=2009.04.08.17.26', arch: 'i386', manager: 'pkginfo' }]);
    expect(() => pkginfoSpec.parse('      ARCH:  i386\n')).toThrow(ParseError);
  });

  it('read SMF states, an instance in transition, and legacy rc scripts whose enabling is unknown', () => {
    const out = svcsSpec.parse('online*        10:02:11 svc:/network/ssh:default\nlegacy_run     Jan_09   lrc:/etc/rc3_d/S90samba\ndisabled       Jan_09   svc:/network/telnet:default\n');
    expect(out).toEqual([
      { name: 'svc:/network/ssh:default', state: 'online', enabled: true },
      { name: 'lrc:/etc/rc3_d/S90samba', state: 'legacy_run', enabled: null },
      { name: 'svc:/network/telnet:default', state: 'disabled', enabled: false },
    ]);
  });

  it('read exact zpool byte counts from -p, and ISA flags from isainfo -x', () => {
    expect(zpoolListSpec.parse('rpool\t53150220288\t26575110144\t26575110144\t50\t1.00\tDEGRADED\n')).toEqual([{ name: 'rpool', size_bytes: 53150220288, allocated_bytes: 26575110144, health: 'DEGRADED' }]);
    const cpu = cpuInfoSpec.parse('cpu_info:0:cpu_info0:vendor_id\tGenuineIntel\ncpu_info:0:cpu_info0:clock_MHz\t2400\namd64: avx sse4.2 sse2 fpu\ni386: avx sse4.2 sse2 fpu\n');
    expect(cpu).toEqual({ model: null, vendor: 'GenuineIntel', speed_mhz: 2400, flags: ['avx', 'sse4.2', 'sse2', 'fpu'] });
  });

  it('give disks from iostat -En with a CD-ROM told by its product name', () => {
    const out = iostatEnSpec.parse('c0t0d0 Soft Errors: 0 Hard Errors: 0 Transport Errors: 0\nVendor: Optiarc  Product: DVD-ROM DDU810A  Revision: RX02 Serial No:\nSize: 0.00GB <0 bytes>\n');
    expect(out['c0t0d0']).toEqual({ size_bytes: 0, type: 'cdrom', vendor: 'Optiarc', model: 'DVD-ROM DDU810A', serial: null, wwn: null, rotational: null });
    expect(() => iostatEnSpec.parse('Vendor: X Product: Y\n')).toThrow(ParseError);
  });
});
