import { homedir, hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseIniInventory } from '../../src/cli/inventory/ini.js';
import { Inventory } from '../../src/cli/inventory/model.js';
import { planHosts, type PlanSources } from '../../src/cli/plan.js';

const NONE: PlanSources = { targets: [], local: false, inventory: undefined, limit: undefined, user: undefined, port: undefined, identityFiles: [] };

function inventoryOf(text: string): Inventory {
  const inventory = new Inventory();
  parseIniInventory(text, 'hosts.ini', inventory);
  return inventory;
}

describe('planHosts', () => {
  test('lets a target\'s own user and port win over -l and -p', () => {
    const plans = planHosts({ ...NONE, targets: ['web1', 'deploy@web2:2200'], user: 'ops', port: 22, identityFiles: ['/k'] });
    expect(plans).toEqual([
      { kind: 'ssh', label: 'web1', host: 'web1', user: 'ops', port: 22, identityFiles: ['/k'] },
      { kind: 'ssh', label: 'deploy@web2:2200', host: 'web2', user: 'deploy', port: 2200, identityFiles: ['/k'] },
    ]);
  });

  test('maps the Ansible connection variables of inventory hosts, old spellings included', () => {
    const inventory = inventoryOf(
      '[web]\nweb1 ansible_host=10.0.0.1 ansible_port=2200 ansible_user=deploy ansible_ssh_private_key_file=~/.ssh/web\nweb2 ansible_ssh_host=10.0.0.2 ansible_ssh_user=old\nhere ansible_connection=local\n',
    );
    expect(planHosts({ ...NONE, inventory, identityFiles: ['/k'] })).toEqual([
      { kind: 'ssh', label: 'web1', host: '10.0.0.1', user: 'deploy', port: 2200, identityFiles: [join(homedir(), '.ssh/web'), '/k'] },
      { kind: 'ssh', label: 'web2', host: '10.0.0.2', user: 'old', port: undefined, identityFiles: ['/k'] },
      { kind: 'local', label: 'here' },
    ]);
  });

  test('narrows the inventory with --limit and scans each host once, targets first', () => {
    const inventory = inventoryOf('[web]\nweb1\nweb2\n[db]\ndb1\n');
    const plans = planHosts({ ...NONE, targets: ['web2'], inventory, limit: 'web', local: true });
    expect(plans.map((p) => p.label)).toEqual(['web2', 'web1', hostname()]);
  });

  test('refuses --limit without an inventory, and unsupported connections, saying what to do', () => {
    expect(() => planHosts({ ...NONE, targets: ['web1'], limit: 'web' })).toThrow('--limit selects hosts of an inventory; add --inventory FILE');
    expect(() => planHosts({ ...NONE, inventory: inventoryOf('[w]\nwin1 ansible_connection=winrm\n') })).toThrow(
      'hosts.ini:2: host "win1": ansible_connection=winrm is not supported; plesio connects with ssh or local',
    );
  });

  test('rejects a malformed ansible_host or ansible_port naming the inventory line', () => {
    expect(() => planHosts({ ...NONE, inventory: inventoryOf('\n[w]\nweb1 ansible_host=root@10.0.0.1\n') })).toThrow('hosts.ini:3: host "web1": ansible_host "root@10.0.0.1" must be a name or an address');
    expect(() => planHosts({ ...NONE, inventory: inventoryOf('[w]\nweb1 ansible_port=ssh\n') })).toThrow('hosts.ini:2: host "web1": ansible_port "ssh" is not a port number');
  });
});
