/**
 * Full scans of the assembled FreeBSD, OpenBSD, NetBSD, macOS, AIX and HP-UX hosts, replayed: each
 * whole report (facts, errors, sources, status) is compared with its `*.expected.json`, as the Linux
 * and SunOS scans are in scan-replay.test.ts. Each fixture entry answers one command with real
 * outputs from the parser fixtures, verbatim, or says how it was constructed (uname, absent files).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExecOptions, Executor } from '../../src/effects/command.js';
import { readFixture, type Fixture } from '../../src/executors/fixture.js';
import { replayExecutor } from '../../src/executors/replay.js';
import type { HostReport } from '../../src/hosts/report.js';
import { scanHost } from '../../src/hosts/scan.js';

const root = join(import.meta.dirname, '..', '..');
const scans = join(root, 'test', 'fixtures', 'scans');

type Entry = Fixture['entries'][number] & { source?: string; sources?: string[]; constructed?: string };
interface Asked { command: string; sudo: boolean }

/** A replay of `fixture` that lists what the scan asked for; `asRoot` answers a sudo run with the recorded plain one. */
function replaying(fixture: Fixture, asRoot = false): { executor: Executor; asked: Asked[] } {
  const inner = replayExecutor(fixture);
  const asked: Asked[] = [];
  const exec = (command: string, options?: ExecOptions) => {
    asked.push({ command, sudo: options?.sudo === true });
    return inner.exec(command, asRoot ? { ...options, sudo: false } : options);
  };
  return { asked, executor: { host: inner.host, exec, close: () => inner.close() } };
}

const expected = (name: string): Omit<HostReport, 'duration_ms'> => JSON.parse(readFileSync(join(scans, `${name}.expected.json`), 'utf8'));
const withoutDuration = ({ duration_ms: _d, ...rest }: HostReport): Omit<HostReport, 'duration_ms'> => rest;
const unique = (items: readonly string[]): string[] => [...new Set(items)].sort();
const sample = (path: string): string => {
  const text = readFileSync(join(root, path), 'utf8');
  expect(text.slice(0, text.indexOf('\n')), `${path} names no origin on its first line`).toMatch(/^# source: \S/);
  return text.slice(text.indexOf('\n') + 1);
};

// The facts each assembled host reports under errors, and why: no sample its sysctl answer is made of
// has the line they read (kern.hostid, kern.disks or hw.disknames, kern.boottime for boot_time).
const GAPS: Readonly<Record<string, readonly string[]>> = {
  freebsd: ['boot_time'], openbsd: [], netbsd: ['hostid'], darwin: [], aix: [], hpux: [],
};

describe.each(Object.keys(GAPS))('a replayed scan of the assembled %s host', (family) => {
  const name = `${family}-assembled`;
  const load = () => readFixture(join(scans, `${name}.json`));

  it('reproduces the whole expected report', async () => {
    const { executor } = replaying(await load());
    expect(withoutDuration(await scanHost({ executor }))).toEqual(expected(name));
  });

  it('gathers the family\'s facts, with errors only where no sample exists, and no unsupported_os', () => {
    const report = expected(name);
    expect(report.facts).not.toHaveProperty('unsupported_os');
    expect(Object.keys(report.facts.errors ?? {})).toEqual(GAPS[family]);
    for (const key of ['uname', 'hostname', 'os', 'device', 'bios', 'installed_memory_in_MB', 'interfaces', 'cpu', 'uptime_seconds', 'virtualization', 'dns', 'ssh_host_keys']) {
      expect(report.facts, key).toHaveProperty(key);
    }
    expect(unique(Object.keys(report.sources))).toEqual(unique(Object.keys(report.facts).filter((k) => k !== 'errors')));
  });

  it('asks for every recorded command and nothing that was not recorded', async () => {
    const fixture = await load();
    const { executor, asked } = replaying(fixture);
    await scanHost({ executor });
    expect(unique(asked.map((a) => a.command))).toEqual(unique(fixture.entries.map((e) => e.command)));
  });

  it('answers each command verbatim with the parser fixtures it names, or says how the answer was constructed', async () => {
    for (const entry of (await load()).entries as Entry[]) {
      const files = entry.sources ?? (entry.source === undefined ? [] : [entry.source]);
      if (files.length === 0) {
        expect(entry.constructed, `${entry.command} names neither a source nor how it was constructed`).toMatch(/^.{10,}$/);
        continue;
      }
      for (const f of files) expect(f).toMatch(/^test\/fixtures\/parsers\/[a-z]+\.[a-z0-9-]+\/[^/]+\.txt$/);
      expect(entry.result?.stdout, `${entry.command} differs from ${files.join(' + ')}`).toBe(files.map(sample).join(''));
    }
  });
});

describe('replayed family scans with sudo allowed', () => {
  it('runs HP-UX machinfo, whose serial number may be root\'s only, through sudo, and every other command without it', async () => {
    const { executor, asked } = replaying(await readFixture(join(scans, 'hpux-assembled.json')), true);
    const report = await scanHost({ executor, sudo: true });
    expect(unique(asked.filter((a) => a.sudo).map((a) => a.command))).toEqual(['/usr/contrib/bin/machinfo']);
    expect(withoutDuration(report)).toEqual(expected('hpux-assembled'));
  });

  it('runs FreeBSD kenv through sudo and keeps its SMBIOS names', async () => {
    const { executor, asked } = replaying(await readFixture(join(scans, 'freebsd-assembled.json')), true);
    const report = await scanHost({ executor, sudo: true, facts: ['device'] });
    expect(asked).toContainEqual({ command: "kenv | grep '^smbios\\.'", sudo: true });
    expect(report.facts['device']).toEqual(expected('freebsd-assembled').facts['device']);
    expect(report.sources['device']).toBe("kenv | grep '^smbios\\.'");
  });
});
