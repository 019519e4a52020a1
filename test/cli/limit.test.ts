import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseIniInventory } from '../../src/cli/inventory/ini.js';
import { selectHosts } from '../../src/cli/inventory/limit.js';
import { Inventory } from '../../src/cli/inventory/model.js';
import { ansibleHosts } from '../support/ansible.js';

const inventory = new Inventory();
parseIniInventory(
  `
bastion
[web]
web[1:4]
[db]
db1
db2
[staging]
web4
db2
[prod:children]
web
db
`,
  'hosts.ini',
  inventory,
);

describe('selectHosts', () => {
  test.each([
    ['all', ['bastion', 'web1', 'web2', 'web3', 'web4', 'db1', 'db2']],
    ['*', ['bastion', 'web1', 'web2', 'web3', 'web4', 'db1', 'db2']],
    ['web', ['web1', 'web2', 'web3', 'web4']],
    ['db1', ['db1']],
    ['web:db', ['web1', 'web2', 'web3', 'web4', 'db1', 'db2']],
    ['web,db1', ['web1', 'web2', 'web3', 'web4', 'db1']],
    ['prod:&staging', ['web4', 'db2']],
    ['prod:!staging', ['web1', 'web2', 'web3', 'db1']],
    ['!prod', ['bastion']],
    ['web*', ['web1', 'web2', 'web3', 'web4']],
    ['web?:!web[!12]', ['web1', 'web2']],
    // Digits in brackets are a subscript, as in Ansible (inclusive ranges, negative from the end).
    ['web[0]', ['web1']],
    ['web[-1]', ['web4']],
    ['web[1:2]', ['web2', 'web3']],
    ['web[2:]', ['web3', 'web4']],
    ['web[:1]:db[1]', ['web1', 'web2', 'db2']],
    ['prod:!web[0:2]', ['web4', 'db1', 'db2']],
    ['web[9]:db1', ['db1']],
    ['~db\\d', ['db1', 'db2']],
    // A regex has no subscript: its brackets are a character class (issue 14, item 13).
    ['~web[12]', ['web1', 'web2']],
    ['~web[12]:~db2', ['web1', 'web2', 'db2']],
    ['~(web|db)1', ['web1', 'db1']],
    ['ungrouped', ['bastion']],
  ])('selects with %j the hosts Ansible would, in inventory order', (pattern, hosts) => {
    expect(selectHosts(inventory, pattern)).toEqual(hosts);
  });

  test('applies intersections and exclusions after every union, whatever their order', () => {
    expect(selectHosts(inventory, '!web3:web:&prod')).toEqual(['web1', 'web2', 'web4']);
  });

  test('rejects a pattern that matches nothing, listing the groups', () => {
    expect(() => selectHosts(inventory, 'mail')).toThrow('--limit "mail" matches no host; the inventory\'s groups are all, ungrouped, web, db, staging, prod');
  });

  test('@file: the patterns on its lines, as in an Ansible retry file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'plesio-limit-'));
    try {
      const file = join(dir, 'site.retry');
      await writeFile(file, 'web2\n\n# a comment\ndb*\n');
      expect(selectHosts(inventory, `@${file}`)).toEqual(['web2', 'db1', 'db2']);
      expect(selectHosts(inventory, `@${file}:!db2`)).toEqual(['web2', 'db1']);
      expect(() => selectHosts(inventory, `@${join(dir, 'nope')}`)).toThrow(`cannot read the --limit file ${join(dir, 'nope')}: it does not exist`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('anchors a ~regex at the start of the name only, as Python\'s re.match', () => {
    expect(() => selectHosts(inventory, '~eb1')).toThrow('matches no host');
    expect(selectHosts(inventory, '~web1|db2')).toEqual(['web1', 'db2']);
  });

  // Eight runs of Ansible one after the other: a second each when the machine is quiet, many more when it is busy.
  test('selects what ansible --list-hosts selects from the same inventory', { timeout: 180_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'plesio-limit-'));
    try {
      const file = join(dir, 'hosts');
      await writeFile(file, '[web]\nweb[01:04]\n[db]\ndb1\ndb2\n[staging]\nweb04\ndb2\n[prod:children]\nweb\ndb\n');
      const fromFile = new Inventory();
      parseIniInventory(await readFile(file, 'utf8'), file, fromFile);
      for (const pattern of ['~web0[12]', '~web0[12]:~db', 'prod:&~web', '~w.*:!web02', 'web[0:1]', 'web[-1]', 'prod:!staging', 'web0?:&staging']) {
        expect({ pattern, hosts: selectHosts(fromFile, pattern).sort() }).toEqual({ pattern, hosts: (await ansibleHosts(pattern, [file], dir)).sort() });
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('rejects an invalid regular expression', () => {
    expect(() => selectHosts(inventory, '~web[')).toThrow('is not a valid regular expression');
  });
});
