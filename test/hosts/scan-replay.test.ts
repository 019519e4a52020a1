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
import { linuxDmidecode } from '../../src/hosts/linux/dmidecode.js';
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

  it('asks for every recorded command and nothing that was not recorded', async () => {
    const fixture = await readFixture(join(scans, `${name}.json`));
    const { executor, asked } = replaying(fixture);
    await scanHost({ executor, sudo: true });
    expect(unique(asked.map((a) => a.command))).toEqual(unique(fixture.entries.map((e) => e.command)));
  });

  it('says for every fact which command it came from', () => {
    const report = expected(name);
    expect(unique(Object.keys(report.sources))).toEqual(unique(Object.keys(report.facts)));
    expect(report.sources['installed_memory_in_MB']).toMatch(/^cat \/sys\/devices\/system\/memory\/block_size_bytes/);
    expect(report.sources['interfaces']).toBe('ip -j addr show');
  });
});

describe('a replayed scan of the assembled Solaris host', () => {
  const name = 'sunos-solaris11-assembled';

  it('reproduces the whole expected report', async () => {
    const { executor } = replaying(await readFixture(join(scans, `${name}.json`)));
    expect(withoutDuration(await scanHost({ executor }))).toEqual(expected(name));
  });

  it('answers every command the SunOS scan runs, and holds no answer the scan does not ask for', async () => {
    const fixture = await readFixture(join(scans, `${name}.json`));
    const { executor, asked } = replaying(fixture);
    await scanHost({ executor });
    expect(unique(asked.map((a) => a.command))).toEqual(unique(fixture.entries.map((e) => e.command)));
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
  });
});
