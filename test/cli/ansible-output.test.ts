/**
 * The command line of the Ansible outputs, without Ansible itself (test/ansible/e2e-ansible.test.ts runs
 * it): `--format ansible`, `--ansible-fact-cache` with a host that fails, and `plesio inventory` with
 * its usage errors. This machine is the host that works; port 1 of the loopback, which refuses, the one
 * that fails.
 */
import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openStore } from '../../src/history/store.js';
import { E2E_TIMEOUT_MS, ensureBuilt, runCli, tempDir } from './helpers.js';

let home: { dir: string; remove: () => Promise<void> };
beforeAll(async () => {
  [, home] = await Promise.all([ensureBuilt(), tempDir('plesio-ansible-cli-')]);
}, E2E_TIMEOUT_MS);
afterAll(async () => {
  await home?.remove();
});

const cli = (...args: string[]) => runCli(args, { home: home.dir });
const REFUSED = ['127.0.0.1:1', '--connect-timeout', '5s'];

describe('plesio scan --format ansible and --ansible-fact-cache', { timeout: E2E_TIMEOUT_MS }, () => {
  test('prints each scanned host\'s Ansible dictionary by host name, leaving out the host that failed', async () => {
    const run = await cli('scan', '--local', ...REFUSED, '--facts', 'os,kernel', '--format', 'ansible', '--quiet');
    expect(run.code).toBe(2);
    const byHost = JSON.parse(run.stdout) as Record<string, Record<string, unknown>>;
    expect(Object.keys(byHost)).toEqual([hostname()]);
    expect(byHost[hostname()]).toMatchObject({ ansible_system: 'Linux', ansible_os_family: expect.any(String), ansible_kernel: expect.any(String), _ansible_facts_gathered: true });
  });

  test('writes a file per scanned host, keeps the older file of a host that failed, and says so', async () => {
    const cache = join(home.dir, 'facts');
    {
      // A file from an earlier scan of the host that now fails: Ansible would keep it too.
      const run0 = await cli('scan', '--local', '--facts', 'os', '--ansible-fact-cache', cache, '--quiet');
      expect(run0.code).toBe(0);
      await writeFile(join(cache, '127.0.0.1:1'), '{"ansible_hostname": "earlier"}', { mode: 0o600 });
      const run = await cli('scan', '--local', ...REFUSED, '--facts', 'os', '--ansible-fact-cache', cache, '--ansible-fact-cache-prefix', 'p_');
      expect(run.code).toBe(2);
      expect((await readdir(cache)).sort()).toEqual(['127.0.0.1:1', hostname(), `p_${hostname()}`].sort());
      expect(await readFile(join(cache, '127.0.0.1:1'), 'utf8')).toBe('{"ansible_hostname": "earlier"}');
      expect((await stat(join(cache, `p_${hostname()}`))).mode & 0o777).toBe(0o600);
      expect(run.stderr).toContain(`plesio: Ansible fact cache ${cache}: 1 host written; 1 failed host got none (an older file is kept)\n`);
    }
  });

  test('fails before scanning when the cache directory cannot be used, or a prefix comes without it', async () => {
    const file = join(home.dir, 'not-a-dir');
    await writeFile(file, '');
    const bad = await cli('scan', '--local', '--ansible-fact-cache', file);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe(`plesio: --ansible-fact-cache: cannot use ${file} as the Ansible fact cache: it is not a directory\n`);
    const alone = await cli('scan', '--local', '--ansible-fact-cache-prefix', 'x_');
    expect(alone.code).toBe(1);
    expect(alone.stderr).toMatch(/--ansible-fact-cache-prefix names the files of --ansible-fact-cache DIR/);
    const detached = await cli('scan', 'web1', '--redis', 'redis://127.0.0.1:1', '--detach', '--ansible-fact-cache', join(home.dir, 'x'));
    expect(detached.code).toBe(1);
    expect(detached.stderr).toMatch(/--ansible-fact-cache with --detach writes nothing/);
  });
});

describe('plesio inventory', { timeout: E2E_TIMEOUT_MS }, () => {
  test('prints the latest finished scan as a dynamic inventory, and one host\'s variables with --host', async () => {
    const store = join(home.dir, 'scans.db');
    expect((await cli('scan', '--local', ...REFUSED, '--facts', 'os,virtualization', '--store', store, '--quiet')).code).toBe(2);
    const list = await cli('inventory', '--store', store, '--list');
    expect(list.code).toBe(0);
    const inventory = JSON.parse(list.stdout) as { _meta: { hostvars: Record<string, Record<string, unknown>> } } & Record<string, { hosts?: string[]; children?: string[] }>;
    const families = Object.keys(inventory).filter((group) => group.startsWith('os_family_'));
    expect(families.map((group) => inventory[group]!.hosts)).toEqual([[hostname()]]);
    expect(inventory['plesio_failed']!.hosts).toEqual(['127.0.0.1:1']);
    expect(inventory._meta.hostvars[hostname()]).toMatchObject({ ansible_connection: 'local', plesio_os: { __ansible_unsafe: { id: expect.any(String) } } });
    expect(inventory._meta.hostvars['127.0.0.1:1']).toMatchObject({ ansible_host: '127.0.0.1', ansible_port: 1 });
    const one = await cli('inventory', '--store', store, '--host', hostname(), '--prefix', 'f_');
    expect(JSON.parse(one.stdout)).toMatchObject({ ansible_connection: 'local', f_os: { __ansible_unsafe: { id: expect.any(String) } } });
    expect(JSON.parse((await cli('inventory', '--store', store, '--host', 'nobody')).stdout)).toEqual({});
  });

  test('says what is wrong: no store, no finished scan, --list with --host, a prefix that could set Ansible\'s variables', async () => {
    const missing = await cli('inventory', '--store', join(home.dir, 'none.db'));
    expect([missing.code, missing.stderr]).toEqual([1, `plesio: no scan store at ${join(home.dir, 'none.db')}; plesio scan --store ${join(home.dir, 'none.db')} … records one\n`]);
    // A store whose only run is still going (or was interrupted): it would give an incomplete inventory.
    const unfinished = join(home.dir, 'unfinished.db');
    const store = openStore(unfinished);
    store.startRun({ runId: 'r1', source: 'local', hostCount: 2 });
    store.close();
    const none = await cli('inventory', '--store', unfinished);
    expect([none.code, none.stderr]).toEqual([1, `plesio: no finished scan in ${unfinished}; plesio scan --store ${unfinished} … records one (or name a run with --run, see plesio diff --list)\n`]);
    expect((await cli('inventory', '--store', unfinished, '--run', 'r1')).code).toBe(0);
    const unknown = await cli('inventory', '--store', unfinished, '--run', 'nope');
    expect([unknown.code, unknown.stderr]).toEqual([1, `plesio: no run "nope" in ${unfinished}; plesio diff --list shows the stored runs\n`]);
    const both = await cli('inventory', '--store', join(home.dir, 'scans.db'), '--list', '--host', 'x');
    expect([both.code, both.stderr]).toEqual([1, 'plesio: --list and --host NAME ask for different answers; give one of them\n']);
    const prefix = await cli('inventory', '--store', join(home.dir, 'scans.db'), '--prefix', 'ansible_');
    expect(prefix.code).toBe(1);
    expect(prefix.stderr).toMatch(/may not start with ansible_/);
  });
});
