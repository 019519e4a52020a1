/**
 * The fact catalog `plesio facts --list` shows, generated from the fact definitions: each key with its
 * own description, the plugins it comes from, and per plugin the systems, commands, root and needs.
 */
import { describe, expect, it } from 'vitest';
import { factRegistry } from '../../src/hosts/builtins.js';
import { defineFact } from '../../src/hosts/define-fact.js';
import { definePlugin } from '../../src/hosts/plugin.js';
import { factCatalog } from '../../src/hosts/scan.js';
import { linuxFiles } from '../../src/hosts/linux/files.js';

const byName = (name: string) => factCatalog.find((f) => f.name === name)!;

describe('the built-in fact catalog', () => {
  it('lists every key the built-in plugins write, in report order', () => {
    expect(factCatalog.map((f) => f.name)).toEqual(factRegistry().names);
  });

  it('gives every fact a description of its own, on one line', () => {
    const descriptions = factCatalog.map((f) => f.description);
    for (const d of descriptions) expect(d).toMatch(/^[A-Z`].{20,}\.$/);
    expect(new Set(descriptions).size).toBe(descriptions.length);
  });

  it('describes the memory facts as memory, not as dmidecode\'s device and BIOS output', () => {
    expect(byName('installed_memory_in_MB').description).toMatch(/installed memory in MiB/);
    expect(byName('memory_source').description).toMatch(/^Where installed_memory_in_MB was read: dmi, memory-blocks or meminfo on Linux; prtconf on SunOS; /);
    for (const name of ['installed_memory_in_MB', 'memory_source']) expect(byName(name).description).not.toMatch(/BIOS|device/i);
  });

  it('says interfaces need root only on SunOS (Solaris 10 shows MACs to root), not elsewhere', () => {
    const sources = byName('interfaces').sources;
    expect(sources.map((s) => [s.plugin, s.os, s.needsRoot])).toEqual([
      ['linux', ['linux'], false], ['sunos', ['sunos'], true], ['bsd', ['freebsd', 'openbsd', 'netbsd', 'dragonfly', 'darwin'], false],
      ['aix', ['aix'], false], ['hpux', ['hpux'], false],
    ]);
  });

  it('names the plugin of each fact, the fact writing each key, and the facts a fact needs', () => {
    expect(byName('uname')).toMatchObject({ os: ['any'], plugins: ['common'] });
    expect(byName('hostid')).toMatchObject({ plugins: ['common', 'linux', 'bsd'] });
    expect(byName('hostid').sources[0]).toMatchObject({ os: ['sunos', 'aix'], commands: ['hostid'] });
    expect(byName('hostid_source').sources).toMatchObject([{ plugin: 'linux', fact: 'hostid', os: ['linux'] }]);
    expect(byName('bios').sources.map((s) => [s.plugin, s.fact])).toEqual(['linux', 'sunos', 'bsd', 'darwin', 'aix', 'hpux'].map((p) => [p, 'device']));
    expect(byName('kernel').sources[0]).toMatchObject({ plugin: 'common', fact: 'uname' });
    const virt = byName('virtualization').sources.find((s) => s.plugin === 'sunos')!;
    expect(virt).toMatchObject({ needs: ['zonename', 'zones', 'device', 'cpu'], commands: ['/usr/sbin/virtinfo'] });
  });

  it('lists each system\'s commands with its own plugin', () => {
    const device = byName('device').sources;
    expect(device.slice(0, 2).map((s) => s.commands)).toEqual([
      [linuxFiles.command, 'dmidecode -t 0 -t 1 -t 2 -t 3 -t 17'],
      ['/usr/sbin/smbios', 'P=/usr/sbin/prtdiag; [ -x $P ] || P=/usr/platform/`/usr/bin/uname -i`/sbin/prtdiag; $P; [ $? -le 1 ]'],
    ]);
    expect(device.slice(3).map((s) => [s.plugin, s.commands, s.needsRoot])).toEqual([
      ['darwin', ['system_profiler SPHardwareDataType -json'], false], ['aix', ['/usr/sbin/lsconf'], false], ['hpux', ['/usr/contrib/bin/machinfo'], true],
    ]);
    expect(byName('device')).toMatchObject({ needsRoot: true, os: ['any'] });
    // The Linux facts reading small files share one grep of them all.
    expect(linuxFiles.command).toMatch(/^grep -s \. \/dev\/null \/sys\/class\/dmi\/id\/\* .* \|\| true$/);
    for (const key of ['device', 'dns', 'ssh_host_keys', 'selinux']) expect(byName(key).sources.find((s) => s.plugin === 'linux')!.commands, key).toContain(linuxFiles.command);
  });
});

describe('the catalog with a user plugin', () => {
  const acme = definePlugin({
    name: 'acme', version: '1.2.0',
    facts: [
      defineFact({ name: 'timezone', os: ['linux', 'sunos'], description: 'The local timezone abbreviation.', command: 'date +%Z', parse: (s) => s.trim() }),
      defineFact({ name: 'hostid', os: 'linux', description: 'The first 8 digits of the machine id.', command: 'cat /etc/machine-id', parse: (s) => s.slice(0, 8) }),
      defineFact({ name: 'packages', os: 'linux', optIn: true, command: 'dpkg-query -W', parse: (s) => s.split('\n') }),
    ],
  });
  const catalog = factRegistry([acme]).catalog();

  it('lists the plugin\'s facts with their origin, systems and commands', () => {
    expect(catalog.find((f) => f.name === 'timezone')).toMatchObject({ os: ['linux', 'sunos'], plugins: ['acme'], commands: ['date +%Z'], description: 'The local timezone abbreviation.' });
    expect(catalog.find((f) => f.name === 'packages')?.sources[0]).toMatchObject({ optIn: true });
  });

  it('says which built-in fact a plugin fact replaces, and where the built-in one still runs', () => {
    expect(catalog.find((f) => f.name === 'hostid')?.sources.map((s) => ({ plugin: s.plugin, os: s.os, replaces: s.replaces }))).toEqual([
      { plugin: 'common', os: ['sunos', 'aix'], replaces: [] },
      { plugin: 'bsd', os: ['freebsd', 'openbsd', 'netbsd', 'dragonfly', 'darwin'], replaces: [] },
      { plugin: 'acme', os: ['linux'], replaces: ['linux'] },
    ]);
  });
});
