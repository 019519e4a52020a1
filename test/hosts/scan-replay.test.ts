/**
 * Full scans replayed from fixtures: a Debian 12 host recorded with `recordExecutor`, and a Solaris host
 * assembled from the real outputs of the parser fixtures. Each whole report (facts, errors, sources,
 * status) is compared with its `*.expected.json`; only `duration_ms` is left out.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExecOptions, Executor } from '../../src/effects/command.js';
import { readFixture, type Fixture } from '../../src/executors/fixture.js';
import { replayExecutor } from '../../src/executors/replay.js';
import { linuxApk } from '../../src/hosts/linux/apk.js';
import { linuxDmidecode } from '../../src/hosts/linux/dmidecode.js';
import { linuxDpkg } from '../../src/hosts/linux/dpkg.js';
import { linuxFiles } from '../../src/hosts/linux/files.js';
import { linuxOpenrcServices } from '../../src/hosts/linux/openrc-services.js';
import { linuxRpm } from '../../src/hosts/linux/rpm.js';
import { linuxSystemdServices } from '../../src/hosts/linux/systemd-services.js';
import { pkginfoSpec } from '../../src/hosts/sunos/pkginfo.js';
import { pkgListSpec } from '../../src/hosts/sunos/pkg-list.js';
import { svcsSpec } from '../../src/hosts/sunos/svcs.js';
import type { HostReport } from '../../src/hosts/report.js';
import { scanHost } from '../../src/hosts/scan.js';

const root = join(import.meta.dirname, '..', '..');
const scans = join(root, 'test', 'fixtures', 'scans');

interface Asked { command: string; sudo: boolean }

/** A replay of `fixture` that also lists what the scan asked for. */
function replaying(fixture: Fixture): { executor: Executor; asked: Asked[] } {
  const inner = replayExecutor(fixture);
  const asked: Asked[] = [];
  const executor: Executor = {
    host: inner.host,
    exec: (command: string, options?: ExecOptions) => {
      asked.push({ command, sudo: options?.sudo === true });
      return inner.exec(command, options);
    },
    close: () => inner.close(),
  };
  return { executor, asked };
}

function expected(name: string): Omit<HostReport, 'duration_ms'> {
  return JSON.parse(readFileSync(join(scans, `${name}.expected.json`), 'utf8')) as Omit<HostReport, 'duration_ms'>;
}

function withoutDuration(report: HostReport): Omit<HostReport, 'duration_ms'> {
  const { duration_ms: _duration, ...rest } = report;
  return rest;
}

const unique = (items: readonly string[]): string[] => [...new Set(items)].sort();

/** The commands of the SunOS opt-in facts. */
const SUNOS_OPT_IN_COMMANDS = [pkgListSpec, pkginfoSpec, svcsSpec].map((s) => s.command);

/** The commands of the Linux opt-in facts, packages and services. */
const OPT_IN_COMMANDS = [linuxDpkg, linuxRpm, linuxApk, linuxSystemdServices, linuxOpenrcServices].map((s) => s.command);

describe('a replayed scan of the recorded Debian 12 host', () => {
  const name = 'linux-debian12-firecracker';

  it('reproduces the whole expected report', async () => {
    const { executor } = replaying(await readFixture(join(scans, `${name}.json`)));
    expect(withoutDuration(await scanHost({ executor }))).toEqual(expected(name));
  });

  it('reproduces the same report with sudo allowed, dmidecode then running through sudo and finding no SMBIOS', async () => {
    const { executor, asked } = replaying(await readFixture(join(scans, `${name}.json`)));
    const report = await scanHost({ executor, sudo: true });
    expect(asked).toContainEqual({ command: linuxDmidecode.command, sudo: true });
    expect(withoutDuration(report)).toEqual(expected(name));
  });

  it('asks for every recorded command but the opt-in facts\' ones, each once, and nothing that was not recorded', async () => {
    const fixture = await readFixture(join(scans, `${name}.json`));
    const { executor, asked } = replaying(fixture);
    await scanHost({ executor, sudo: true });
    const optIn = new Set([...OPT_IN_COMMANDS]);
    expect(unique(asked.map((a) => a.command))).toEqual(unique(fixture.entries.map((e) => e.command).filter((c) => !optIn.has(c))));
    expect(asked.length).toBe(unique(asked.map((a) => a.command)).length);
    // uname, then twelve commands at once (dmidecode, with --sudo, is the thirteenth): two waves of
    // eight channels, with room for a plugin's commands.
    expect(asked.filter((a) => !a.sudo).length).toBe(13);
  });

  it('runs the opt-in packages and services commands only when --facts names them, and reads the packages of dpkg', async () => {
    const fixture = await readFixture(join(scans, `${name}.json`));
    const { executor, asked } = replaying(fixture);
    const report = await scanHost({ executor, facts: ['packages', 'services'] });
    expect(unique(asked.map((a) => a.command))).toEqual(unique([fixture.entries[0]!.command, ...OPT_IN_COMMANDS]));
    expect(report.status).toBe('ok');
    const packages = report.facts['packages'] as Array<{ name: string; manager: string }>;
    // dpkg-query lists 731 installed packages on the recorded host; rpm and apk are absent (exit 127).
    expect(packages).toHaveLength(731);
    expect(new Set(packages.map((p) => p.manager))).toEqual(new Set(['dpkg']));
    expect(packages.find((p) => p.name === 'openssh-server')).toMatchObject({ arch: 'amd64', manager: 'dpkg' });
    expect(report.sources['packages']).toBe(linuxDpkg.command);
    // systemd is not PID 1 there: the unit files say what is enabled, nothing says what runs.
    const services = report.facts['services'] as Array<{ name: string; state: string | null; enabled: boolean | null }>;
    expect(services.find((s) => s.name === 'ssh.service')).toEqual({ name: 'ssh.service', state: null, enabled: true });
    expect(report.sources['services']).toBe(linuxSystemdServices.command);
  });

  it('says for every fact which command it came from', () => {
    const report = expected(name);
    expect(unique(Object.keys(report.sources))).toEqual(unique(Object.keys(report.facts)));
    expect(report.sources['installed_memory_in_MB']).toMatch(/^cat \/sys\/devices\/system\/memory\/block_size_bytes/);
    expect(report.sources['interfaces']).toBe('ip -j -d addr show && ip -j route show && ip -j -6 route show');
    expect(report.sources['default_ipv4']).toBe(report.sources['interfaces']);
    expect(report.sources['timezone']).toBe(report.sources['uptime_seconds']);
    expect(report.sources['dns']).toBe(linuxFiles.command);
  });
});

describe('a replayed scan of the assembled Solaris host', () => {
  const name = 'sunos-solaris11-assembled';

  it('reproduces the whole expected report', async () => {
    const { executor } = replaying(await readFixture(join(scans, `${name}.json`)));
    expect(withoutDuration(await scanHost({ executor }))).toEqual(expected(name));
  });

  it('answers every command the SunOS scan runs, and holds no answer the scan does not ask for but the opt-in facts\'', async () => {
    const fixture = await readFixture(join(scans, `${name}.json`));
    const { executor, asked } = replaying(fixture);
    await scanHost({ executor });
    const optIn = new Set(SUNOS_OPT_IN_COMMANDS);
    expect(unique(asked.map((a) => a.command))).toEqual(unique(fixture.entries.map((e) => e.command).filter((c) => !optIn.has(c))));
    // boot_time reads the uptime command's kstat line: no command of its own.
    expect(asked.filter((a) => a.command.includes('system_misc:boot_time'))).toHaveLength(1);
  });

  it('runs pkg list, pkginfo and svcs only when --facts names packages and services', async () => {
    const fixture = await readFixture(join(scans, `${name}.json`));
    const { executor, asked } = replaying(fixture);
    const report = await scanHost({ executor, facts: ['packages', 'services'] });
    expect(unique(asked.map((a) => a.command))).toEqual(unique([fixture.entries[0]!.command, ...SUNOS_OPT_IN_COMMANDS]));
    const packages = report.facts['packages'] as Array<{ manager: string }>;
    // IPS packages first, then the SVR4 ones pkginfo lists (from two different sample hosts here).
    expect([...new Set(packages.map((p) => p.manager))]).toEqual(['pkg', 'pkginfo']);
    expect(report.sources['packages']).toBe(pkgListSpec.command);
    expect((report.facts['services'] as unknown[]).length).toBeGreaterThan(0);
    expect(report.sources['services']).toBe(svcsSpec.command);
  });

  it('answers each command with the verbatim output of the parser fixture its entry names as source', async () => {
    const fixture = await readFixture(join(scans, `${name}.json`));
    for (const entry of fixture.entries as Array<Fixture['entries'][number] & { source?: string }>) {
      expect(entry.source, `${entry.command} names no source`).toMatch(/^test\/fixtures\/parsers\/[a-z]+\.[a-z-]+\/[^/]+\.txt$/);
      const text = readFileSync(join(root, entry.source!), 'utf8');
      expect(text.slice(0, text.indexOf('\n')), `${entry.source} names no origin on its first line`).toMatch(/^# source: \S/);
      expect(entry.result?.stdout, `${entry.command} differs from ${entry.source}`).toBe(text.slice(text.indexOf('\n') + 1));
    }
  });

  it('says for every fact which command it came from', () => {
    const report = expected(name);
    expect(unique(Object.keys(report.sources))).toEqual(unique(Object.keys(report.facts)));
    expect(report.sources['zones']).toBe('/usr/sbin/zoneadm list -cp');
    expect(report.sources['memory']).toBe('/usr/bin/pagesize && /usr/bin/kstat -p -n system_pages');
    expect(report.sources['default_ipv4']).toBe('/usr/bin/netstat -rn');
    // The global zone is listed, as Facter lists it, and makes no zone host of a machine without other zones.
    expect(report.facts['zones']).toHaveProperty('global', expect.objectContaining({ zonename: 'global', state: 'running' }));
  });
});
