/**
 * The built CLI reading Ansible inventories (INI and YAML files, folders of them with group_vars and
 * host_vars) and scanning their hosts on a loopback sshd;
 * every inventory host points at the same server under its own name.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { HostReport } from '../../src/hosts/report.js';
import { startSshd, type TestSshd } from '../support/sshd.js';
import { E2E_TIMEOUT_MS, ensureBuilt, runCli, tempDir, writeTemp } from './helpers.js';

let sshd: TestSshd;
let home: { dir: string; remove: () => Promise<void> };

beforeAll(async () => {
  [, sshd, home] = await Promise.all([ensureBuilt(), startSshd(), tempDir()]);
}, E2E_TIMEOUT_MS);
afterAll(async () => {
  await sshd?.stop();
  await home?.remove();
});

const hostsOf = (stdout: string): [string, string][] => (JSON.parse(stdout) as HostReport[]).map((r) => [r.host, r.status]);

describe('plesio scan --inventory', { timeout: E2E_TIMEOUT_MS }, () => {
  test('scans the hosts of an INI inventory with groups, children, ranges and connection variables', async () => {
    const ini = await writeTemp(
      home.dir,
      'hosts.ini',
      [
        '[web]',
        `web[1:2] ansible_host=127.0.0.1`,
        '[db]',
        `db1 ansible_host=127.0.0.1 ansible_ssh_private_key_file=${sshd.clientKeyPath}`,
        '[broken]',
        `typo ansible_host=127.0.0.1 ansible_port=1`,
        '[prod:children]',
        'web',
        'db',
        '[prod:vars]',
        'ansible_user=root',
        `ansible_port=${sshd.port}`,
        '',
      ].join('\n'),
    );
    const run = await runCli(['scan', '--inventory', ini, '--limit', 'prod', '-i', sshd.clientKeyPath, '--known-hosts', sshd.knownHostsPath, '--facts', 'os'], { home: home.dir });
    expect(run.stderr).toMatch(/scanned 3 hosts/);
    expect(run.code).toBe(0);
    expect(hostsOf(run.stdout)).toEqual([['web1', 'ok'], ['web2', 'ok'], ['db1', 'ok']]);
  });

  test('scans the hosts of a YAML inventory, excluding with --limit, alongside a target', async () => {
    const yml = await writeTemp(
      home.dir,
      'hosts.yml',
      [
        'all:',
        '  vars:',
        `    ansible_user: root`,
        '  children:',
        '    linux:',
        '      hosts:',
        `        alpha:`,
        `          ansible_host: 127.0.0.1`,
        `          ansible_port: ${sshd.port}`,
        `        "127.0.0.1:${sshd.port}":`,
        `        beta:`,
        `          ansible_host: 127.0.0.1`,
        `          ansible_port: ${sshd.port}`,
        '',
      ].join('\n'),
    );
    const args = ['scan', `root@127.0.0.1:${sshd.port}`, '--inventory', yml, '--limit', 'linux:!beta', '-i', sshd.clientKeyPath, '--known-hosts', sshd.knownHostsPath, '--facts', 'os'];
    const run = await runCli(args, { home: home.dir });
    expect(run.code).toBe(0);
    expect(hostsOf(run.stdout)).toEqual([[`root@127.0.0.1:${sshd.port}`, 'ok'], ['alpha', 'ok'], ['127.0.0.1', 'ok']]);
  });

  test('reads an inventory folder with group_vars and host_vars, and a ~regex --limit, as Ansible does', async () => {
    const dir = join(home.dir, 'inventory');
    await mkdir(join(dir, 'group_vars'), { recursive: true });
    await mkdir(join(dir, 'host_vars'));
    await writeFile(join(dir, 'web.ini'), '[web]\nweb[01:03]\n');
    await writeFile(join(dir, 'db.yml'), 'all:\n  children:\n    db:\n      hosts:\n        db01:\n');
    // Every connection variable comes from the vars folders; web03 is sent to a closed port.
    await writeFile(join(dir, 'group_vars', 'all.yml'), `ansible_host: 127.0.0.1\nansible_user: root\nansible_port: ${sshd.port}\n`);
    await writeFile(join(dir, 'host_vars', 'web03.yml'), 'ansible_port: 1\n');
    const scan = (...args: string[]) => runCli(['scan', '--inventory', dir, '-i', sshd.clientKeyPath, '--known-hosts', sshd.knownHostsPath, '--facts', 'os', ...args], { home: home.dir });
    const run = await scan('--limit', '~(web0[12]|db)');
    expect(run.code).toBe(0);
    expect(hostsOf(run.stdout)).toEqual([['db01', 'ok'], ['web01', 'ok'], ['web02', 'ok']]);
    const all = await scan('--format', 'ndjson');
    expect(all.code).toBe(2);
    expect(all.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as HostReport).find((r) => r.host === 'web03')?.error?.code).toBe('refused');
  });

  test('says once which targets were given twice, and scans them once', async () => {
    const [first, second] = [`root@127.0.0.1:${sshd.port}`, `127.0.0.1:${sshd.port}`];
    const run = await runCli(['scan', first, second, first, second, first, '-l', 'root', '-i', sshd.clientKeyPath, '--known-hosts', sshd.knownHostsPath, '--facts', 'os'], { home: home.dir });
    expect(run.code).toBe(0);
    expect(hostsOf(run.stdout)).toEqual([[first, 'ok'], [second, 'ok']]);
    expect(run.stderr.split('\n')[0]).toBe(`plesio: 2 targets were given more than once and are scanned once: ${first}, ${second}`);
  });

  test('fails a host of the inventory that cannot be reached without spoiling the others', async () => {
    const ini = await writeTemp(home.dir, 'mixed.ini', `good ansible_host=127.0.0.1 ansible_port=${sshd.port} ansible_user=root\nbad ansible_host=127.0.0.1 ansible_port=1 ansible_user=root\n`);
    const run = await runCli(['scan', '--inventory', ini, '-i', sshd.clientKeyPath, '--known-hosts', sshd.knownHostsPath, '--facts', 'os'], { home: home.dir });
    expect(run.code).toBe(2);
    expect((JSON.parse(run.stdout) as HostReport[]).map((r) => [r.host, r.status, r.error?.code ?? null])).toEqual([['good', 'ok', null], ['bad', 'failed', 'refused']]);
  });
});
