import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { loadInventories } from '../../src/cli/inventory/load.js';
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
    await expect(loadInventories([dir.dir])).rejects.toThrow('it is a directory');
  });
});
