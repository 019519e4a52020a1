/**
 * The built CLI reading Ansible inventories (INI and YAML) and scanning their hosts on a loopback sshd;
 * every inventory host points at the same server under its own name.
 */
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

  test('fails a host of the inventory that cannot be reached without spoiling the others', async () => {
    const ini = await writeTemp(home.dir, 'mixed.ini', `good ansible_host=127.0.0.1 ansible_port=${sshd.port} ansible_user=root\nbad ansible_host=127.0.0.1 ansible_port=1 ansible_user=root\n`);
    const run = await runCli(['scan', '--inventory', ini, '-i', sshd.clientKeyPath, '--known-hosts', sshd.knownHostsPath, '--facts', 'os'], { home: home.dir });
    expect(run.code).toBe(2);
    expect((JSON.parse(run.stdout) as HostReport[]).map((r) => [r.host, r.status, r.error?.code ?? null])).toEqual([['good', 'ok', null], ['bad', 'failed', 'refused']]);
  });
});
