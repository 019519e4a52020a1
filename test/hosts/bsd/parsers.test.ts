import { describe, expect, it } from 'vitest';
import { parseBsdCpu } from '../../../src/hosts/bsd/cpu.js';
import { parseBsdDisks } from '../../../src/hosts/bsd/disks.js';
import { parseBsdHostid } from '../../../src/hosts/bsd/hostid.js';
import { parseFreebsdVersion } from '../../../src/hosts/bsd/freebsd-version.js';
import { parseGeomDisks } from '../../../src/hosts/bsd/geom-disks.js';
import { parseJlsJson } from '../../../src/hosts/bsd/jls-json.js';
import { parseJlsPlain } from '../../../src/hosts/bsd/jls-plain.js';
import { bsdPlugin } from '../../../src/hosts/bsd/plugin.js';
import { commonOsRelease } from '../../../src/hosts/common/os-release.js';
import { runFact } from '../../../src/testing/run-fact.js';
import { parseKenv } from '../../../src/hosts/bsd/kenv.js';
import { parseBsdMemory } from '../../../src/hosts/bsd/memory.js';
import { bsdParsers } from '../../../src/hosts/bsd/parsers.js';
import { BSD_SYSCTL_COMMAND } from '../../../src/hosts/bsd/sysctl-command.js';
import { osFromUname } from '../../../src/hosts/bsd/uname-os.js';
import { bsdUptime } from '../../../src/hosts/bsd/uptime.js';
import { parseBsdVirtualization, withJails } from '../../../src/hosts/bsd/virtualization.js';
import { ParseError } from '../../../src/hosts/parse-error.js';
import { assertParserContract } from '../common/parser-fuzz.js';

describe('the BSD parsers', () => {
  it('are registered under their own names, and the sysctl facts share one command', () => {
    for (const [name, spec] of Object.entries(bsdParsers)) {
      expect(spec.name).toBe(name);
      expect(spec.description).not.toContain('\n');
    }
    const sysctl = Object.values(bsdParsers).filter((s) => s.name.startsWith('bsd.'));
    expect(sysctl.map((s) => s.command)).toEqual(sysctl.map(() => BSD_SYSCTL_COMMAND));
  });

  for (const spec of Object.values(bsdParsers)) {
    it(`${spec.name} returns a value or throws ParseError on any input`, () => {
      assertParserContract(spec, 3000);
    });
  }

  it('reads FreeBSD cores from kern.smp.cores and DragonFly sockets and cores from its topology names', () => {
    expect(parseBsdCpu('hw.model: Intel(R) Xeon(R) CPU           E5620  @ 2.40GHz\nhw.ncpu: 16\nkern.smp.cores: 8\n')).toEqual({
      model: 'Intel(R) Xeon(R) CPU E5620 @ 2.40GHz', sockets: null, cores: 8, threads: 16,
    });
    expect(parseBsdCpu('hw.ncpu: 8\nhw.cpu_topology_phys_ids: 1\nhw.cpu_topology_core_ids: 4\n')).toMatchObject({ sockets: 1, cores: 4, threads: 8 });
  });

  it('counts the CPUs OpenBSD keeps online, not those SMT settings park', () => {
    expect(parseBsdCpu('hw.ncpu=4\nhw.ncpufound=8\nhw.ncpuonline=4\n').threads).toBe(4);
  });

  it('prefers FreeBSD hw.realmem (installed) over hw.physmem (managed)', () => {
    expect(parseBsdMemory('hw.physmem: 4266598400\nhw.realmem: 4294967296\n')).toEqual({ source: 'hw.realmem', installed_memory_in_MB: 4096 });
  });

  it('writes kern.hostid as 8 hex digits, whatever sign an old kernel printed', () => {
    expect(parseBsdHostid('kern.hostid: 3870225410\n')).toBe('e6aef402');
    expect(parseBsdHostid('kern.hostid=-424741886\n')).toBe('e6aef402');
    expect(() => parseBsdHostid('kern.hostid: 99999999999\n')).toThrow(ParseError);
  });

  it('keeps an OpenBSD disk name without its DUID, and an empty list as no disk', () => {
    expect(Object.keys(parseBsdDisks('hw.disknames=sd0:9e1bd96cb20ab429,cd0:\n'))).toEqual(['cd0', 'sd0']);
    expect(parseBsdDisks('kern.disks: \n')).toEqual({});
  });

  it('leaves NetBSD wedges and pseudo-disks out of the disks, as Linux leaves out partitions and loop devices', () => {
    expect(Object.keys(parseBsdDisks('hw.disknames = wd0 dk0 dk1 vnd0 cgd0 raid0 ccd0 wd1\n'))).toEqual(['wd0', 'wd1']);
    expect(Object.keys(parseBsdDisks('hw.disknames=sd0:3c9be252c1607a88,vnd2:953c2509f76c14eb\n'))).toEqual(['sd0']);
  });

  it('calls a jail a guest, and a machine running jails a jail host', () => {
    expect(parseBsdVirtualization('security.jail.jailed: 1\nkern.vm_guest: kvm\n')).toEqual({ role: 'guest', type: 'jail' });
    expect(parseBsdVirtualization('kern.vm_guest: hv\nsecurity.jail.jailed: 0\n')).toEqual({ role: 'guest', type: 'hyperv' });
    expect(parseBsdVirtualization('kern.vm_guest: generic\nhw.hv_vendor: KVMKVMKVM\n')).toEqual({ role: 'guest', type: 'kvm' });
    expect(parseBsdVirtualization('hw.vendor=OpenBSD\nhw.product=VMM\n')).toEqual({ role: 'guest', type: 'vmm' });
    const none = parseBsdVirtualization('kern.vm_guest: none\nsecurity.jail.jailed: 0\n');
    expect(withJails(none, { www: {} })).toEqual({ role: 'host', type: 'jail' });
    expect(withJails(none, {})).toEqual({ role: null, type: null });
  });

  it('refuses a kenv line that is not smbios.<name>="<value>"', () => {
    expect(() => parseKenv('smbios.system.maker="QEMU"\nLINES="24"\n')).toThrow(ParseError);
  });

  it('keeps a hostile jail name an ordinary key', () => {
    const jails = parseJlsJson('{"jail-information": {"jail": [{"jid": 1, "name": "__proto__", "path": "/j"}]}}');
    expect(Object.keys(jails)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(jails)).toBe(Object.prototype);
  });

  it('caps the number of jails with an error naming the cap', () => {
    const many = Array.from({ length: 10_001 }, (_, i) => ({ jid: i + 1, name: `j${i}` }));
    expect(() => parseJlsJson(JSON.stringify({ 'jail-information': { jail: many } }))).toThrow(/more than 10000 jails/);
  });

  it('reads freebsd-version: one release line, its leading number the version', () => {
    expect(parseFreebsdVersion('14.0-BETA2\n')).toEqual({ family: 'freebsd', name: 'FreeBSD', version: '14.0', id: 'freebsd' });
    expect(() => parseFreebsdVersion('14.3-RELEASE-p1\n13.2-RELEASE\n')).toThrow(/one line/);
    expect(() => parseFreebsdVersion('freebsd-version: not found\n')).toThrow(ParseError);
  });

  it('names a FreeBSD without os-release by freebsd-version, and by uname only when that fails too', async () => {
    const os = bsdPlugin.facts.find((f) => f.name === 'os')!;
    const state = { uname: 'FreeBSD h 14.1-RELEASE', kernel: '14.1-RELEASE' };
    const fail = { stdout: '', stderr: 'not found', code: 1 };
    const userland = await runFact(os, { os: 'freebsd', state, commands: { [commonOsRelease.command]: fail, 'freebsd-version': '14.3-RELEASE-p1\n' } });
    expect(userland.value).toEqual({ family: 'freebsd', name: 'FreeBSD', version: '14.3', id: 'freebsd' });
    expect(userland.sources).toEqual({ os: 'freebsd-version' });
    const kernel = await runFact(os, { os: 'freebsd', state, commands: { [commonOsRelease.command]: fail, 'freebsd-version': fail } });
    expect(kernel.value).toMatchObject({ version: '14.1' });
  });

  it('reads geom disk list: (null) and unknown are no value, rotationrate 0 a solid-state disk, cd a CD drive', () => {
    const disks = parseGeomDisks('Geom name: cd0\nProviders:\n1. Name: cd0\n   Mediasize: 0 (0B)\n   descr: QEMU DVD\n   ident: (null)\n   rotationrate: unknown\n');
    expect(disks).toEqual({ cd0: { size_bytes: 0, type: 'cdrom', vendor: null, model: 'QEMU DVD', serial: null, wwn: null, rotational: null } });
    expect(() => parseGeomDisks('   descr: orphan\n')).toThrow(/key: value/);
    expect(() => parseGeomDisks('')).toThrow(/Geom name/);
    expect(() => parseGeomDisks('Geom name: __proto__\n')).toThrow(ParseError);
  });

  it('takes FreeBSD disks from geom, and their names from kern.disks when geom prints nothing (a jail)', async () => {
    const disks = bsdPlugin.facts.find((f) => f.name === 'disks')!;
    const sysctl = 'kern.disks: ada0\nnow=1\n';
    const geom = await runFact(disks, { os: 'freebsd', commands: { 'geom disk list': 'Geom name: ada0\nProviders:\n1. Name: ada0\n   Mediasize: 512 (512B)\n', [BSD_SYSCTL_COMMAND]: sysctl } });
    expect(geom.value).toMatchObject({ ada0: { size_bytes: 512 } });
    expect(geom.sources).toEqual({ disks: 'geom disk list' });
    const names = await runFact(disks, { os: 'freebsd', commands: { 'geom disk list': '', [BSD_SYSCTL_COMMAND]: sysctl } });
    expect(names.value).toMatchObject({ ada0: { size_bytes: null } });
    const openbsd = await runFact(disks, { os: 'openbsd', commands: { [BSD_SYSCTL_COMMAND]: 'hw.disknames=sd0:9e1bd96cb20ab429\n' } });
    expect(Object.keys(openbsd.value!)).toEqual(['sd0']);
    expect(openbsd.calls.map((c) => c.command)).toEqual([BSD_SYSCTL_COMMAND]);
  });

  it('lists the jails from plain jls where jls refuses libxo (FreeBSD 10), by JID', async () => {
    const jails = bsdPlugin.facts.find((f) => f.name === 'jails')!;
    const table = '   JID  IP Address      Hostname                      Path\n     7  192.0.2.7       www                           /j/www\n';
    const run = await runFact(jails, { os: 'freebsd', commands: { 'jls -v --libxo json': { stdout: '', stderr: 'jls: illegal option -- -', code: 1 }, jls: table } });
    expect(run.value).toEqual({ 7: { jid: 7, name: '7', hostname: 'www', root: '/j/www', state: 'running', ipv4_addresses: ['192.0.2.7'], ipv6_addresses: [] } });
    expect(run.sources).toEqual({ jails: 'jls' });
    expect(parseJlsPlain('   JID  IP Address      Hostname                      Path\n')).toEqual({});
    expect(() => parseJlsPlain('   JID  IP Address      Hostname                      Path\n     1  not-an-ip       www                           /j\n')).toThrow(ParseError);
  });

  it('takes the OS from uname on the systems without os-release', () => {
    expect(osFromUname('OpenBSD', '7.9')).toEqual({ family: 'openbsd', name: 'OpenBSD', version: '7.9', id: 'openbsd' });
    expect(osFromUname('DragonFly', '6.4-RELEASE')).toEqual({ family: 'dragonfly', name: 'DragonFly', version: '6.4', id: 'dragonfly' });
    expect(osFromUname('NetBSD', '9.3_STABLE')?.version).toBe('9.3');
    expect(osFromUname('Linux', '6.1.0')).toBeUndefined();
  });
});

describe('bsd.uptime (no public sample pairs a boot time with the host clock, so it has no fixture folder yet)', () => {
  // The boot-time lines are real (NetBSD 10.1 and OpenBSD 7.9 QEMU guests, a FreeBSD OPNsense comment);
  // the clock lines are what `date +now=%s` would print one hour later.
  it('reads the epoch form (NetBSD 10.1)', () => {
    expect(bsdUptime.parse('kern.boottime = 1781723607\nnow=1781727207\n')).toBe(3600);
  });
  it('reads the ctime form as UTC (OpenBSD 7.9 with TZ=UTC)', () => {
    expect(bsdUptime.parse('kern.boottime=Wed Jun 17 21:13:32 2026\nnow=1781734412\n')).toBe(3600);
  });
  it('reads the struct form (FreeBSD, OPNsense)', () => {
    expect(bsdUptime.parse('kern.boottime: { sec = 1634047554, usec = 237429 } Tue Oct 12 08:05:54 2021\nnow=1634051154\n')).toBe(3600);
  });
  it('refuses a boot time after the host clock, and a missing clock', () => {
    expect(() => bsdUptime.parse('kern.boottime = 1781723607\nnow=1\n')).toThrow(ParseError);
    expect(() => bsdUptime.parse('kern.boottime = 1781723607\n')).toThrow(/now=/);
  });
});
