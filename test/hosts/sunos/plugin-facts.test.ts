/**
 * The SunOS facts of issue 18 as the scan runs them (runFact against real outputs): the sources each
 * fact joins, what stands when one of them fails, and the commands they share with other facts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { factRegistry } from '../../../src/hosts/builtins.js';
import type { Fact } from '../../../src/hosts/define-fact.js';
import { cpuInfoSpec } from '../../../src/hosts/sunos/cpu-info.js';
import { dladmLinksSpec } from '../../../src/hosts/sunos/dladm-links.js';
import { dladmPhysMacsSpec } from '../../../src/hosts/sunos/dladm-phys-macs.js';
import { dladmVnicsSpec } from '../../../src/hosts/sunos/dladm-vnics.js';
import { ifconfigSpec } from '../../../src/hosts/sunos/ifconfig.js';
import { kstatPagesSpec, swapListSpec, swapSummarySpec } from '../../../src/hosts/sunos/memory.js';
import { netstatRnSpec } from '../../../src/hosts/sunos/netstat-rn.js';
import { pkginfoSpec } from '../../../src/hosts/sunos/pkginfo.js';
import { pkgListSpec } from '../../../src/hosts/sunos/pkg-list.js';
import { prtdiagSpec } from '../../../src/hosts/sunos/prtdiag.js';
import { psrinfoSpec } from '../../../src/hosts/sunos/psrinfo.js';
import { smbiosSpec } from '../../../src/hosts/sunos/smbios.js';
import { uptimeSpec } from '../../../src/hosts/sunos/uptime.js';
import { zonenameSpec } from '../../../src/hosts/sunos/zonename.js';
import { zpoolListSpec } from '../../../src/hosts/sunos/zpool-list.js';
import { runFact } from '../../../src/testing/run-fact.js';

function sample(path: string): string {
  const text = readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'parsers', path), 'utf8');
  return text.slice(text.indexOf('\n') + 1);
}

const fact = (name: string): Fact => factRegistry().plan('sunos', [name]).find((p) => p.fact.name === name)!.fact;
const missing = { code: 127, stderr: 'sh: not found\n' };
/** The `isainfo -x` line after the kstat statistics (written for this test: the samples stop before it). */
const ISAINFO = 'amd64: avx2 avx xsave pclmulqdq aes movbe sse4.2 sse4.1 ssse3 amd_lzcnt popcnt tscp ahf cx16 sse3 sse2 sse fxsr amd_mmx mmx cmov amd_sysc cx8 tsc fpu\n';

describe('memory', () => {
  it('joins the page counts and the swap devices', async () => {
    const { value, sources } = await runFact(fact('memory'), {
      commands: { [kstatPagesSpec.command]: sample('sunos.kstat-pages/solaris11.4-oci-8g.txt'), [swapListSpec.command]: sample('sunos.swap-l/facter-single.txt'), [swapSummarySpec.command]: sample('sunos.swap-s/solaris11.4-oci-8g.txt') },
    });
    expect(value).toMatchObject({ total_mb: 8186, available_mb: 5601 });
    expect((value as { swap_total_mb: number }).swap_total_mb).toBeGreaterThan(0);
    expect(sources).toEqual({ memory: kstatPagesSpec.command });
  });

  it('gives the virtual swap of swap -s in a zone, where swap -l lists no device, and nulls what failed', async () => {
    const { value, error } = await runFact(fact('memory'), {
      commands: { [kstatPagesSpec.command]: missing, [swapListSpec.command]: sample('sunos.swap-l/smartos-zone.txt'), [swapSummarySpec.command]: sample('sunos.swap-s/illumos-telegraf.txt') },
    });
    expect(error).toBeUndefined();
    expect(value).toMatchObject({ total_mb: null, available_mb: null, swap_total_mb: expect.any(Number), swap_free_mb: expect.any(Number) });
  });

  it('fails only when no source answered', async () => {
    const { error } = await runFact(fact('memory'), { commands: { [kstatPagesSpec.command]: missing, [swapListSpec.command]: missing, [swapSummarySpec.command]: missing } });
    expect(error).toMatchObject({ code: 'command-failed', message: expect.stringContaining('pagesize') });
  });
});

describe('cpu', () => {
  it('adds kstat\'s vendor and clock and isainfo\'s flags to psrinfo\'s model and topology', async () => {
    const { value, sources } = await runFact(fact('cpu'), { commands: { [psrinfoSpec.command]: sample('sunos.psrinfo/solaris-x86-2x-xeon-e5-2670.txt'), [cpuInfoSpec.command]: sample('sunos.cpu-info/illumos-ryzen-perl-test.txt') + ISAINFO } });
    // Two machines' outputs, to tell the sources apart: the model stays psrinfo's.
    expect(value).toMatchObject({ model: 'Intel(r) Xeon(r) CPU E5-2670 0 @ 2.60GHz', sockets: 2, cores: 8, threads: 16, vendor: 'AuthenticAMD', speed_mhz: expect.any(Number), flags: expect.arrayContaining(['sse2']) });
    expect(sources).toEqual({ cpu: psrinfoSpec.command });
  });

  it('keeps psrinfo\'s answer with null vendor, speed and flags where kstat cannot be read', async () => {
    const { value } = await runFact(fact('cpu'), { commands: { [psrinfoSpec.command]: sample('sunos.psrinfo/solaris-sparc-t5-64-vcpus.txt'), [cpuInfoSpec.command]: missing } });
    expect(value).toMatchObject({ threads: 64, vendor: null, speed_mhz: null, flags: null });
  });
});

describe('boot_time', () => {
  it('reads the kstat line of the uptime command: no command of its own', async () => {
    const { value, calls } = await runFact(fact('boot_time'), { commands: { [uptimeSpec.command]: sample('sunos.uptime/solaris-facter-one-hour.txt') } });
    expect(value).toBe('2009-03-13T04:53:00Z');
    expect(calls.map((c) => c.command)).toEqual([uptimeSpec.command]);
  });
});

describe('device on SPARC', () => {
  it('falls back to prtdiag, which names no chassis nor board: all their fields are null', async () => {
    const { value, sources } = await runFact(fact('device'), { commands: { [smbiosSpec.command]: missing, [prtdiagSpec.command]: sample('sunos.prtdiag/solaris-sparc-enterprise-t5120.txt') } });
    expect(value).toMatchObject({ chassis: { type: null, vendor: null, serial: null, asset_tag: null }, baseboard: { vendor: null, product: null, version: null, serial: null } });
    expect(sources['chassis']).toBe(prtdiagSpec.command);
  });
});

describe('interfaces with their details', () => {
  it('reads ifconfig once for both parsers, and completes each interface with its datalink', async () => {
    const ifconfig = 'lo0: flags=2001000849<UP,LOOPBACK,RUNNING,MULTICAST,IPv4,VIRTUAL> mtu 8232 index 1\n        inet 127.0.0.1 netmask ff000000\n'
      + 'aggr0: flags=1000843<UP,BROADCAST,RUNNING,MULTICAST,IPv4> mtu 1500 index 2\n        inet 192.0.2.10 netmask ffffff00 broadcast 192.0.2.255\n';
    const { value, calls } = await runFact(fact('interfaces'), {
      commands: {
        [ifconfigSpec.command]: ifconfig, [dladmPhysMacsSpec.command]: '', [dladmVnicsSpec.command]: '', [zonenameSpec.command]: 'global\n',
        [dladmLinksSpec.command]: sample('sunos.dladm-links/illumos-aggr-myri10ge-gist.txt'),
      },
    });
    expect(calls.filter((c) => c.command === ifconfigSpec.command)).toHaveLength(1);
    expect((value as Record<string, unknown>)['aggr0']).toEqual({
      ipv4_addresses: ['192.0.2.10'], ipv6_addresses: [], mac_address: null, zone: null,
      mtu: 1500, up: true, type: 'aggr', speed_mbps: null, addresses: [{ family: 'inet', address: '192.0.2.10', prefix: 24 }], members: ['bnx0', 'bnx1'],
    });
    expect((value as Record<string, { type: string }>)['lo0']!.type).toBe('loopback');
  });

  it('stands on ifconfig\'s details where dladm has no show-link table (Solaris 10)', async () => {
    const { value, error } = await runFact(fact('interfaces'), {
      commands: {
        [ifconfigSpec.command]: sample('sunos.ifconfig/solaris11-ipmp-tunnels-mixed.txt'), [dladmPhysMacsSpec.command]: missing, [dladmVnicsSpec.command]: missing,
        [zonenameSpec.command]: 'global\n', [dladmLinksSpec.command]: { code: 1, stderr: 'dladm: invalid subcommand\n' },
      },
    });
    expect(error).toBeUndefined();
    expect((value as Record<string, { type: string | null; members: string[] }>)['ipmp0']).toMatchObject({ type: 'ipmp', mtu: 1500 });
  });
});

describe('routes', () => {
  it('fills the default route\'s address from its interface, which netstat does not print', async () => {
    const state = { interfaces: { e1000g0: { ipv4_addresses: ['10.13.37.157'], ipv6_addresses: [], mac_address: null, zone: null } } };
    const { value } = await runFact(fact('routes'), { commands: { [netstatRnSpec.command]: sample('sunos.netstat-rn/solaris10-e1000g0-ohai.txt') }, state });
    expect(value).toMatchObject({ default_ipv4: { gateway: '10.13.37.1', interface: 'e1000g0', address: '10.13.37.157' }, default_ipv6: null });
  });
});

describe('zpools', () => {
  it('is an empty list on a host without pools, and the pools elsewhere', async () => {
    expect((await runFact(fact('zpools'), { commands: { [zpoolListSpec.command]: 'no pools available\n' } })).value).toEqual([]);
    const { value } = await runFact(fact('zpools'), { commands: { [zpoolListSpec.command]: sample('sunos.zpool-list/solaris11.1-ohai.txt') } });
    expect((value as Array<{ name: string }>).map((p) => p.name)).toContain('rpool');
  });
});

describe('packages and services (opt-in)', () => {
  it('lists the SVR4 packages alone on Solaris 10, where there is no pkg', async () => {
    const { value, sources } = await runFact(fact('packages'), { commands: { [pkgListSpec.command]: missing, [pkginfoSpec.command]: sample('sunos.pkginfo/solaris10-x86-fusioninventory.txt') } });
    expect(new Set((value as Array<{ manager: string }>).map((p) => p.manager))).toEqual(new Set(['pkginfo']));
    expect(sources).toEqual({ packages: pkginfoSpec.command });
  });

  it('are not in a default scan', () => {
    const names = factRegistry().plan('sunos').map((p) => p.fact.name);
    expect(names).not.toContain('packages');
    expect(names).not.toContain('services');
  });
});
