/**
 * The diff of two recorded scans (`fixtures/run-a.json`, `fixtures/run-b.json`): a MAC that moved,
 * memory that shrank, a new zone, a new and a removed host, a host that failed; and the rules that keep
 * noise out (reordered lists, uptime, used space).
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { diffRuns, diffValues } from '../../src/history/diff.js';
import { formatChange, formatDiff } from '../../src/history/diff-format.js';
import type { HostReport } from '../../src/hosts/report.js';

async function recorded(name: string): Promise<HostReport[]> {
  return JSON.parse(await readFile(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as HostReport[];
}

const before = await recorded('run-a.json');
const after = await recorded('run-b.json');

describe('diffRuns on two recorded scans', () => {
  const diff = diffRuns(before, after);

  it('lists the hosts that appeared and disappeared', () => {
    expect(diff.added).toEqual(['new1']);
    expect(diff.removed).toEqual(['old1']);
    expect(diff.unchanged).toBe(1);
    expect(diff.changed.map((h) => h.host)).toEqual(['web1', 'sol1', 'flaky1']);
  });

  it('shows a MAC address that moved to another interface, and memory that shrank', () => {
    const web1 = diff.changed.find((h) => h.host === 'web1')!;
    expect(web1.notes).toEqual(['MAC 02:00:5e:10:00:01 moved from eth0 to eth1']);
    expect(web1.changes).toEqual(expect.arrayContaining([
      { path: 'installed_memory_in_MB', kind: 'changed', before: 16384, after: 8192 },
      { path: 'interfaces.eth1.mac_address', kind: 'changed', before: '02:00:5e:10:00:02', after: '02:00:5e:10:00:01' },
      { path: 'interfaces.eth0.ipv4_addresses', kind: 'changed', before: ['192.0.2.10'], after: ['192.0.2.10', '192.0.2.12'] },
    ]));
  });

  it('matches filesystems by mount point, so a reordered list is not a change but a new mount is', () => {
    const web1 = diff.changed.find((h) => h.host === 'web1')!;
    const paths = web1.changes.map((c) => c.path);
    expect(paths.filter((p) => p.startsWith('filesystems'))).toEqual(['filesystems[mount=/data]']);
    expect(web1.changes.find((c) => c.path === 'filesystems[mount=/data]')?.kind).toBe('added');
  });

  it('shows a new zone and its interface', () => {
    const sol1 = diff.changed.find((h) => h.host === 'sol1')!;
    expect(sol1.changes.map((c) => [c.kind, c.path])).toEqual([
      ['added', 'interfaces["web2/net0"]'],
      ['added', 'zones.web2'],
    ]);
  });

  it('reports a host that failed by its status and error, not as every fact removed', () => {
    const flaky = diff.changed.find((h) => h.host === 'flaky1')!;
    expect(flaky.status).toEqual({ before: 'ok', after: 'failed' });
    expect(flaky.error?.code).toBe('connect-timeout');
    expect(flaky.changes).toEqual([]);
  });

  it('leaves out uptime and used space unless asked, and shows them with an empty ignore list', () => {
    expect(diff.changed.flatMap((h) => h.changes).some((c) => /uptime|used_bytes/.test(c.path))).toBe(false);
    const all = diffRuns(before, after, { ignore: [] });
    expect(all.changed.map((h) => h.host)).toContain('db1');
    expect(all.changed.find((h) => h.host === 'db1')!.changes.map((c) => c.path)).toEqual(['uptime_seconds', 'filesystems[mount=/].used_bytes']);
  });

  it('compares one host only when asked', () => {
    const one = diffRuns(before, after, { host: 'sol1' });
    expect(one).toMatchObject({ added: [], removed: [], unchanged: 0 });
    expect(one.changed.map((h) => h.host)).toEqual(['sol1']);
  });

  it('renders the diff for people with the difference of numbers and address lists', () => {
    const text = formatDiff(diff, 'A', 'B');
    expect(text.split('\n')[0]).toBe('A → B: 1 new host, 1 removed, 3 changed, 1 unchanged');
    expect(text).toContain('    installed_memory_in_MB: 16384 → 8192 (-8192)\n');
    expect(text).toContain('    interfaces.eth0.ipv4_addresses: +"192.0.2.12"\n');
    expect(text).toContain('    + zones.web2: {"brand":"solaris"');
    expect(text).toContain('    status: ok → failed (connect-timeout: flaky1: no answer within 10 s)\n');
    expect(formatChange({ path: 'x', kind: 'removed', before: 'y' })).toBe('- x: "y"');
  });
});

describe('diffValues', () => {
  it('finds nothing between equal values, whatever the order of keys and of scalar lists', () => {
    expect(diffValues({ a: [3, 1, 2], b: { c: null } }, { b: { c: null }, a: [1, 2, 3] }, [])).toEqual([]);
  });

  it('quotes keys that are not plain names', () => {
    expect(diffValues({ 'eth0.100': 1 }, { 'eth0.100': 2 }, [])).toEqual([{ path: '["eth0.100"]', kind: 'changed', before: 1, after: 2 }]);
  });

  it('compares lists of records without a naming key as whole values', () => {
    expect(diffValues([{ v: 1 }], [{ v: 2 }], ['list'])).toEqual([{ path: 'list', kind: 'changed', before: [{ v: 1 }], after: [{ v: 2 }] }]);
  });
});
