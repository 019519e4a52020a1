import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { loadInventories } from '../../src/cli/inventory/load.js';
import { ansibleInventory, groupsByHost } from '../support/ansible.js';
import { tempDir, writeTemp } from './helpers.js';

describe('loadInventories', () => {
  let dir: { dir: string; remove: () => Promise<void> };
  beforeEach(async () => (dir = await tempDir()));
  afterEach(() => dir.remove());

  test('merges several inventories, INI and YAML, as Ansible merges several -i sources', async () => {
    const ini = await writeTemp(dir.dir, 'hosts', '[web]\nweb1\nweb2 ansible_user=deploy\n');
    const yml = await writeTemp(dir.dir, 'cloud.yml', 'all:\n  children:\n    web:\n      hosts:\n        web3:\n        web2:\n          ansible_port: 2222\n');
    const inventory = await loadInventories([ini, yml]);
    expect(inventory.hostsOf('web')).toEqual(['web1', 'web2', 'web3']);
    expect(inventory.varsOf('web2')).toEqual({ ansible_user: 'deploy', ansible_port: 2222 });
  });

  test('says which inventory cannot be read and why', async () => {
    await expect(loadInventories([join(dir.dir, 'missing.ini')])).rejects.toThrow(`cannot read the inventory ${join(dir.dir, 'missing.ini')}: it does not exist`);
  });
});

/** The folder of the comparisons: INI and YAML files, a subfolder, files Ansible skips, group_vars and host_vars. */
async function inventoryFolder(root: string): Promise<string> {
  const dir = join(root, 'inventory');
  for (const folder of ['group_vars/web', 'host_vars', 'more']) await mkdir(join(dir, folder), { recursive: true });
  const files: Record<string, string> = {
    hosts: 'solo\n[web]\nweb[01:03]\nweb02 ansible_port=2999\n[db]\ndb1 ansible_host=10.0.0.9\n[prod:children]\nweb\ndb\n[all:vars]\nansible_user=ops\n[web:vars]\nansible_port=2222\n',
    'cloud.yml': 'all:\n  children:\n    cache:\n      hosts:\n        cache1:\n          ansible_port: 6380\n    web:\n      hosts:\n        web04:\n',
    'extra.ini': '[edge]\nedge1 ansible_user=edgeadmin\n',
    'more/lab': '[lab]\nlab1\n',
    // Skipped: hidden, an ignored extension, a retry file.
    '.hidden': '[bogus]\nhidden1\n',
    'notes.md': '[bogus]\nnotes1\n',
    'site.retry': 'web01\n',
    'group_vars/all.yml': 'ansible_user: admin\n',
    'group_vars/web/main.yml': 'ansible_port: 2200\n',
    'group_vars/web/zz.yml': 'http_port: 80\n',
    'group_vars/db.json': '{"ansible_port": 5432}',
    'group_vars/ungrouped.yml': 'role: standalone\n',
    'group_vars/nosuchgroup.yml': 'x: 1\n',
    'host_vars/web01.yml': 'ansible_port: 2201\n',
    'host_vars/db1': 'ansible_user: postgres\n',
  };
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

/** INI values are text to plesio; Ansible reads inline ones as Python literals (2999 a number). */
const asText = (vars: Record<string, unknown>): Record<string, string> => Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, String(v)]));

describe('an inventory folder, as Ansible reads it', () => {
  let dir: { dir: string; remove: () => Promise<void> };
  beforeEach(async () => (dir = await tempDir()));
  afterEach(() => dir.remove());

  test('reads its files in name order and its subfolders, and skips hidden files, vars folders and ignored extensions', async () => {
    const inventory = await loadInventories([await inventoryFolder(dir.dir)]);
    expect(inventory.hostsOf('all')).toEqual(['cache1', 'web04', 'edge1', 'solo', 'web01', 'web02', 'web03', 'db1', 'lab1']);
    expect([...inventory.groups.keys()]).not.toContain('bogus');
  });

  test('applies group_vars and host_vars over the inventory\'s own variables, in Ansible\'s precedence', async () => {
    const inventory = await loadInventories([await inventoryFolder(dir.dir)]);
    // group_vars/all beats [all:vars]; group_vars/web beats [web:vars]; an inline host variable beats group_vars; host_vars beats all.
    expect(inventory.varsOf('web03')).toEqual({ ansible_user: 'admin', ansible_port: 2200, http_port: 80 });
    expect(inventory.varsOf('web02')).toEqual({ ansible_user: 'admin', ansible_port: '2999', http_port: 80 });
    expect(inventory.varsOf('web01')).toEqual({ ansible_user: 'admin', ansible_port: 2201, http_port: 80 });
    expect(inventory.varsOf('db1')).toEqual({ ansible_user: 'postgres', ansible_port: 5432, ansible_host: '10.0.0.9' });
    expect(inventory.varsOf('solo')).toEqual({ ansible_user: 'admin', role: 'standalone' });
  });

  test('gives every host the groups and variables ansible-inventory --list gives it', async () => {
    const folder = await inventoryFolder(dir.dir);
    const [inventory, listed] = await Promise.all([loadInventories([folder]), ansibleInventory([folder], dir.dir)]);
    const ansibleGroups = groupsByHost(listed);
    expect(inventory.hostsOf('all').sort()).toEqual([...ansibleGroups.keys()].sort());
    for (const host of inventory.hostsOf('all')) {
      expect({ host, groups: inventory.groupsOf(host).sort() }).toEqual({ host, groups: ansibleGroups.get(host) });
      expect({ host, vars: asText(inventory.varsOf(host)) }).toEqual({ host, vars: asText(listed._meta.hostvars[host] ?? {}) });
    }
  });

  test('reads the group_vars beside an inventory file too, as Ansible does', async () => {
    const file = await writeTemp(dir.dir, 'hosts.ini', '[web]\nweb1\n');
    await mkdir(join(dir.dir, 'group_vars'));
    await writeTemp(dir.dir, 'group_vars/web.yaml', 'ansible_user: deploy\n');
    const [inventory, listed] = await Promise.all([loadInventories([file]), ansibleInventory([file], dir.dir)]);
    expect(inventory.varsOf('web1')).toEqual({ ansible_user: 'deploy' });
    expect(listed._meta.hostvars['web1']).toEqual({ ansible_user: 'deploy' });
  });

  test('refuses what it cannot read the way Ansible would: a vault-encrypted vars file, an inventory script', async () => {
    const folder = await inventoryFolder(dir.dir);
    await writeFile(join(folder, 'group_vars', 'db.json'), '$ANSIBLE_VAULT;1.1;AES256\n6162\n');
    await expect(loadInventories([folder])).rejects.toThrow(`${join(folder, 'group_vars', 'db.json')} is encrypted with ansible-vault`);
    const scripts = join(dir.dir, 'scripts');
    await mkdir(scripts);
    await writeFile(join(scripts, 'ec2.py'), '#!/usr/bin/env python3\nprint("{}")\n', { mode: 0o755 });
    await expect(loadInventories([scripts])).rejects.toThrow(`${join(scripts, 'ec2.py')} is an executable script (#!), which Ansible would run as a dynamic inventory`);
  });
});
