/**
 * The Linux facts of issue 18 as the scan runs them (runFact: the real interpreter and fact runner
 * against a table of real outputs): which command answers, which falls back, how the sources join.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { factRegistry } from '../../../src/hosts/builtins.js';
import { commonOsRelease } from '../../../src/hosts/common/os-release.js';
import type { Fact } from '../../../src/hosts/define-fact.js';
import { CLOCK_COMMAND } from '../../../src/hosts/linux/clock.js';
import { IP_JSON_COMMAND } from '../../../src/hosts/linux/network.js';
import { linuxApk } from '../../../src/hosts/linux/apk.js';
import { linuxDmidecode } from '../../../src/hosts/linux/dmidecode.js';
import { linuxDpkg } from '../../../src/hosts/linux/dpkg.js';
import { linuxFiles } from '../../../src/hosts/linux/files.js';
import { linuxIfconfig } from '../../../src/hosts/linux/ifconfig.js';
import { linuxIpDetails } from '../../../src/hosts/linux/ip-details.js';
import { linuxIpRoute } from '../../../src/hosts/linux/ip-route.js';
import { linuxLsblk } from '../../../src/hosts/linux/lsblk.js';
import { linuxOpenrcServices } from '../../../src/hosts/linux/openrc-services.js';
import { linuxRpm } from '../../../src/hosts/linux/rpm.js';
import { linuxSysBlock } from '../../../src/hosts/linux/sys-block.js';
import { linuxSystemdServices } from '../../../src/hosts/linux/systemd-services.js';
import { ConnectionLostError } from '../../../src/executors/errors.js';
import { runFact } from '../../../src/testing/run-fact.js';

/** A real output kept in the parser fixtures, without the line naming its source. */
function sample(path: string): string {
  const text = readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'parsers', path), 'utf8');
  return text.slice(text.indexOf('\n') + 1);
}

const fact = (name: string): Fact => factRegistry().plan('linux', [name]).find((p) => p.fact.name === name)!.fact;
const missing = { code: 127, stderr: 'sh: 1: not found\n' };

describe('interfaces', () => {
  it('reads the interfaces and their details from one ip -j -d answer, with speeds from the file sweep', async () => {
    const { value, sources, calls } = await runFact(fact('interfaces'), {
      // The addresses array, then the two routes arrays of the same host.
      commands: { [IP_JSON_COMMAND]: sample('linux.ip-details-json/netns-bridge-veth-at-names.txt') + '[]\n[]\n', [linuxFiles.command]: sample('linux.net-speed/netns-bridge-veth.txt') },
    });
    const interfaces = value as Record<string, Record<string, unknown>>;
    expect(interfaces['br0']).toMatchObject({ mac_address: expect.any(String), zone: null, mtu: 1500, up: true, type: 'bridge', speed_mbps: 10000, members: ['veth0'] });
    // The name before the link suffix, even when the name itself holds an @.
    expect(Object.keys(interfaces)).toContain('tap@guest');
    expect(sources).toEqual({ interfaces: IP_JSON_COMMAND });
    expect(calls.map((c) => c.command).sort()).toEqual([linuxFiles.command, IP_JSON_COMMAND].sort());
  });

  it('falls back to ip -d addr text where -j is unknown, then to ifconfig, whose addresses keep no prefix', async () => {
    const noJson = { code: 255, stderr: 'Option "-j" is unknown, try "ip -help".\n' };
    const text = await runFact(fact('interfaces'), {
      commands: { [IP_JSON_COMMAND]: noJson, [linuxIpDetails.command]: sample('linux.ip-details/rocky9-vagrant-bond.txt'), [linuxFiles.command]: '' },
    });
    expect(text.sources).toEqual({ interfaces: linuxIpDetails.command });
    // Plain `ip address` (this sample): no kind lines, but the ports' `master bond0` make the members.
    expect((text.value as Record<string, { members: string[] }>)['bond0']).toMatchObject({ mtu: 1500, up: true, members: ['eth1', 'eth2'] });
    const old = await runFact(fact('interfaces'), {
      commands: { [IP_JSON_COMMAND]: noJson, [linuxIpDetails.command]: missing, [linuxIfconfig.command]: sample('linux.ifconfig/net-tools-1.60-global-ipv6.txt'), [linuxFiles.command]: '' },
    });
    expect(old.sources).toEqual({ interfaces: linuxIfconfig.command });
    const eth0 = (old.value as Record<string, { ipv4_addresses: string[]; ipv6_addresses: string[]; addresses: unknown[]; mtu: unknown }>)['eth0']!;
    expect(eth0.addresses).toEqual([
      ...eth0.ipv4_addresses.map((address) => ({ family: 'inet', address, prefix: null })),
      ...eth0.ipv6_addresses.map((address) => ({ family: 'inet6', address, prefix: null })),
    ]);
    expect(eth0.ipv4_addresses.length).toBeGreaterThan(0);
    expect(eth0.mtu).toBeNull();
  });
});

describe('routes, default_ipv4 and default_ipv6', () => {
  it('takes the default route\'s source address from its interface where the route names none', async () => {
    const state = { interfaces: { eth0: { ipv4_addresses: ['192.0.2.2'], ipv6_addresses: ['fe80::1', '2001:db8::2'], mac_address: null, zone: null } } };
    // The addresses array first (the interfaces read it), then the routes of a host with an RA default route.
    const { value, sources } = await runFact(fact('routes'), { commands: { [IP_JSON_COMMAND]: '[]\n' + sample('linux.ip-route-json/ipv6-only-ra-default.txt') }, state });
    expect(value).toMatchObject({
      default_ipv4: null,
      default_ipv6: { gateway: 'fe80::d2ea:11ff:fe29:ecfd', interface: 'eth0', address: '2001:db8::2' },
    });
    expect(sources['default_ipv6']).toBe(IP_JSON_COMMAND);
  });

  it('falls back to ip route text on an iproute2 without JSON', async () => {
    const { value, sources } = await runFact(fact('routes'), {
      commands: { [IP_JSON_COMMAND]: { code: 255, stderr: 'Option "-j" is unknown\n' }, [linuxIpRoute.command]: sample('linux.ip-route/busybox-1.35-netns.txt') },
    });
    expect((value as { routes: unknown[] }).routes.length).toBeGreaterThan(0);
    expect(sources['routes']).toBe(linuxIpRoute.command);
  });
});

describe('disks', () => {
  it('reads lsblk, and /sys/block where lsblk has no -J', async () => {
    const json = await runFact(fact('disks'), { commands: { [linuxLsblk.command]: sample('linux.lsblk/rhel8-ec2-nvme-util-linux-2.32.txt') } });
    expect(Object.keys(json.value as object).length).toBeGreaterThan(0);
    const old = await runFact(fact('disks'), { commands: { [linuxLsblk.command]: { code: 1, stderr: 'lsblk: invalid option -- \'J\'\n' }, [linuxSysBlock.command]: sample('linux.sys-block/centos-ram0-four-ssds.txt') } });
    expect(Object.values(old.value as Record<string, { type: string }>).map((d) => d.type)).toContain('ssd');
    expect(old.sources).toEqual({ disks: linuxSysBlock.command });
  });
});

describe('os', () => {
  it('gives the point release of the distribution\'s release file where os-release has only the major version', async () => {
    const osRelease = 'NAME="CentOS Linux"\nVERSION="8 (Core)"\nID="centos"\nID_LIKE="rhel fedora"\nVERSION_ID="8"\n';
    const { value, sources } = await runFact(fact('os'), { commands: { [commonOsRelease.command]: osRelease, [linuxFiles.command]: sample('linux.release-files/centos-8.1.txt') } });
    expect(value).toEqual({ family: 'rhel', name: 'CentOS Linux', version: '8.1', id: 'centos' });
    expect(sources).toEqual({ os: commonOsRelease.command });
  });

  it('keeps what os-release says when the release files cannot be read', async () => {
    const { value } = await runFact(fact('os'), { commands: { [commonOsRelease.command]: sample('common.os-release/rocky9.5.txt'), [linuxFiles.command]: { code: 2, stderr: 'grep: not found\n' } } });
    expect(value).toMatchObject({ family: 'rhel', version: '9.5' });
  });
});

describe('device, bios, chassis and baseboard', () => {
  it('reads sysfs from the file sweep, and fills the root-only serials from dmidecode with --sudo', async () => {
    const sysfs = sample('linux.dmi-sysfs/surface-book-non-root.txt');
    const plain = await runFact(fact('device'), { commands: { [linuxFiles.command]: sysfs } });
    expect(plain.value).toMatchObject({ chassis: { type: 'Laptop', vendor: 'Microsoft Corporation', serial: null }, baseboard: { vendor: 'Microsoft Corporation', product: 'Surface Book' } });
    const root = await runFact(fact('device'), { sudo: true, commands: { [linuxFiles.command]: sysfs, [linuxDmidecode.command]: sample('linux.dmidecode/asus-m5a97-oem-placeholders.txt') } });
    // sysfs keeps its answers (two machines' outputs here, to tell them apart); dmidecode fills only what sysfs left unknown.
    expect((root.value as { baseboard: unknown }).baseboard).toEqual({ vendor: 'Microsoft Corporation', product: 'Surface Book', version: 'Rev 1.xx', serial: 'MT7022044104990' });
    expect(root.sources['chassis']).toBe(linuxFiles.command);
  });
});

describe('uptime_seconds, boot_time and timezone', () => {
  it('are read with the time zone from one command, each fact from its own lines', async () => {
    const commands = { [CLOCK_COMMAND]: '5352.12 10000.31\nbtime 1796605643\n' + sample('linux.timezone/systemd-berlin.txt') };
    const [uptime, boot, zone] = await Promise.all(['uptime_seconds', 'boot_time', 'timezone'].map((name) => runFact(fact(name), { commands })));
    expect(uptime!.value).toBe(5352);
    expect(boot!.value).toBe('2026-12-07T01:07:23Z');
    expect(zone!.value).toMatchObject({ name: 'Europe/Berlin' });
  });

  it('keep the time zone when /proc/uptime cannot be read, and fail the uptime alone', async () => {
    const commands = { [CLOCK_COMMAND]: sample('linux.timezone/debian12-firecracker-utc.txt') };
    expect((await runFact(fact('timezone'), { commands })).value).toEqual({ name: 'Etc/UTC', abbreviation: 'UTC', utc_offset: '+00:00' });
    expect((await runFact(fact('uptime_seconds'), { commands })).error).toMatchObject({ code: 'parse' });
  });
});

describe('packages (opt-in)', () => {
  it('lists every manager\'s packages, and names the one that listed the most as the source', async () => {
    const { value, sources } = await runFact(fact('packages'), {
      commands: { [linuxDpkg.command]: sample('linux.dpkg/debian12-amd64.txt'), [linuxRpm.command]: sample('linux.rpm/centos7-ohai.txt'), [linuxApk.command]: missing },
    });
    const managers = (value as Array<{ manager: string }>).map((p) => p.manager);
    expect(new Set(managers)).toEqual(new Set(['dpkg', 'rpm']));
    expect(sources).toEqual({ packages: managers.filter((m) => m === 'dpkg').length >= managers.filter((m) => m === 'rpm').length ? linuxDpkg.command : linuxRpm.command });
  });

  it('fails with dpkg\'s error when no manager answers, and stops at a lost connection', async () => {
    const none = await runFact(fact('packages'), { commands: { [linuxDpkg.command]: missing, [linuxRpm.command]: missing, [linuxApk.command]: missing } });
    expect(none.error).toMatchObject({ code: 'command-failed', message: expect.stringContaining('dpkg-query') });
    const lost = new ConnectionLostError('h: connection lost', { host: 'h' });
    const cut = await runFact(fact('packages'), { commands: (command) => (command === linuxRpm.command ? Promise.reject(lost) : { stdout: '', stderr: 'not found\n', code: 127 }) });
    expect(cut.error).toEqual({ code: 'connection-lost', message: 'h: connection lost' });
  });

  it('is not in a default scan', () => {
    for (const name of ['packages', 'services']) expect(factRegistry().plan('linux').map((p) => p.fact.name)).not.toContain(name);
  });
});

describe('services (opt-in)', () => {
  it('takes systemd\'s units, or OpenRC\'s services where systemd lists none', async () => {
    const systemd = await runFact(fact('services'), { commands: { [linuxSystemdServices.command]: sample('linux.systemd-services/ubuntu22.04-vps-running-and-enabled.txt'), [linuxOpenrcServices.command]: missing } });
    expect(systemd.sources).toEqual({ services: linuxSystemdServices.command });
    const openrc = await runFact(fact('services'), { commands: { [linuxSystemdServices.command]: missing, [linuxOpenrcServices.command]: sample('linux.openrc-services/alpine-dns-server-all-runlevels.txt') } });
    expect(openrc.sources).toEqual({ services: linuxOpenrcServices.command });
    expect((openrc.value as Array<{ state: string }>).length).toBeGreaterThan(0);
  });
});
