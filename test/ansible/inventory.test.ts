/**
 * The dynamic inventory built from stored reports: groups as Ansible names the systems, connection
 * variables from how the scan reached each host (never from its facts), and the facts under a prefix,
 * marked unsafe so that Ansible never templates what a host sent.
 */
import { describe, expect, test } from 'vitest';
import { ansibleInventory, checkVariablePrefix } from '../../src/ansible/inventory.js';
import type { HostReport } from '../../src/hosts/report.js';
import { debianReport, solarisReport } from './reports.js';

const debian = debianReport('web1');
const solaris = solarisReport('sol1');
const failed: HostReport = { host: 'db9', status: 'failed', error: { code: 'auth', message: 'db9: permission denied' }, facts: {}, sources: {}, duration_ms: 3 };

describe('ansibleInventory', () => {
  const inventory = ansibleInventory([
    { report: debian, connection: { kind: 'ssh', host: '192.0.2.10', port: 2222, user: 'deploy', identityFiles: ['/keys/fleet', '/keys/other'] } },
    { report: solaris, connection: { kind: 'ssh', host: 'sol1.example' } },
    { report: failed, connection: { kind: 'ssh', host: 'db9' } },
    { report: { ...debian, host: 'here' }, connection: { kind: 'local' } },
  ], { runId: '20250601T020000Z-3f9a21bc' });

  test('groups hosts by OS family, distribution (and its major version), architecture and virtualization, as Ansible names them', () => {
    expect(inventory['all']).toEqual({ children: [
      'architecture_i386', 'architecture_x86_64', 'distribution_Debian', 'distribution_Debian_12', 'distribution_Solaris', 'distribution_Solaris_11',
      'os_family_Debian', 'os_family_Solaris', 'plesio_failed', 'virtualization_role_guest', 'virtualization_type_docker', 'virtualization_type_vmware', 'ungrouped',
    ] });
    expect(inventory['os_family_Debian']).toEqual({ hosts: ['web1', 'here'] });
    expect(inventory['virtualization_role_guest']).toEqual({ hosts: ['web1', 'sol1', 'here'] });
    expect(inventory['plesio_failed']).toEqual({ hosts: ['db9'] });
    expect(inventory['ungrouped']).toEqual({ hosts: [] });
  });

  test('gives each host the connection variables the scan used: address, port, user, first identity file, or local', () => {
    const vars = inventory._meta.hostvars;
    expect(vars['web1']).toMatchObject({ ansible_host: '192.0.2.10', ansible_port: 2222, ansible_user: 'deploy', ansible_ssh_private_key_file: '/keys/fleet' });
    expect(vars['sol1']).toMatchObject({ ansible_host: 'sol1.example' });
    expect(vars['sol1']).not.toHaveProperty('ansible_port');
    expect(vars['here']).toMatchObject({ ansible_connection: 'local' });
    expect(vars['here']).not.toHaveProperty('ansible_host');
  });

  test('gives the facts as unsafe values under the prefix, and what the scan said under <prefix>scan', () => {
    const web1 = inventory._meta.hostvars['web1']!;
    expect(web1['plesio_os']).toEqual({ __ansible_unsafe: { family: 'debian', name: 'Debian GNU/Linux', version: '12.11', id: 'debian' } });
    expect(web1['plesio_scan']).toEqual({ __ansible_unsafe: { run: '20250601T020000Z-3f9a21bc', status: 'ok', error: null, errors: {} } });
    expect(inventory._meta.hostvars['db9']!['plesio_scan']).toEqual({ __ansible_unsafe: { run: '20250601T020000Z-3f9a21bc', status: 'failed', error: { code: 'auth', message: 'db9: permission denied' }, errors: {} } });
    // Every variable is a connection variable the scan chose or a prefixed fact: none comes from a host.
    for (const vars of Object.values(inventory._meta.hostvars)) {
      expect(Object.keys(vars).filter((k) => !k.startsWith('plesio_') && !['ansible_host', 'ansible_port', 'ansible_user', 'ansible_ssh_private_key_file', 'ansible_connection'].includes(k))).toEqual([]);
    }
  });

  test('keeps a fact that looks like a template or a vault value inert', () => {
    const hostile: HostReport = { ...debian, host: 'evil', facts: { ...debian.facts, os: { name: "{{ lookup('pipe', 'id') }}", __ansible_vault: '$ANSIBLE_VAULT;1.1;AES256' } } };
    const vars = ansibleInventory([{ report: hostile, connection: undefined }])._meta.hostvars['evil']!;
    expect(vars['plesio_os']).toEqual({ __ansible_unsafe: { name: "{{ lookup('pipe', 'id') }}" } });
  });

  test('takes another prefix, but never one that could set Ansible\'s own variables', () => {
    expect(Object.keys(ansibleInventory([{ report: debian, connection: undefined }], { prefix: 'facts_' })._meta.hostvars['web1']!)).toContain('facts_kernel');
    for (const bad of ['', 'ansible_', 'Ansible_x', '1x', 'a-b', 'a b']) expect(() => checkVariablePrefix(bad), bad).toThrow(RangeError);
  });
});
