import { describe, expect, test } from 'vitest';
import { inventoryFormat } from '../../src/cli/inventory/load.js';
import { Inventory } from '../../src/cli/inventory/model.js';
import { parseYamlInventory } from '../../src/cli/inventory/yaml.js';

function parse(text: string): Inventory {
  const inventory = new Inventory();
  parseYamlInventory(text, 'hosts.yml', inventory);
  return inventory;
}

const FLEET = `
all:
  hosts:
    bastion.example.com:
      ansible_user: jump
  vars:
    ansible_port: 22
  children:
    webservers:
      hosts:
        web[01:02].example.com:
        web9.example.com:2200:
          ansible_user: deploy
      vars:
        http_port: 8080
    prod:
      children:
        webservers:
        dbservers:
          hosts:
            db1:
              ansible_host: 10.0.0.11
              ansible_port: 5022
      vars:
        ansible_user: ops
`;

describe('parseYamlInventory', () => {
  test('reads hosts, ranges, host:port keys and nested children', () => {
    const inventory = parse(FLEET);
    expect([...inventory.hosts.keys()]).toEqual(['bastion.example.com', 'web01.example.com', 'web02.example.com', 'web9.example.com', 'db1']);
    expect(inventory.hostsOf('prod')).toEqual(['web01.example.com', 'web02.example.com', 'web9.example.com', 'db1']);
    expect(inventory.hostsOf('ungrouped')).toEqual(['bastion.example.com']);
  });

  test('keeps YAML types and merges group variables under host variables', () => {
    const inventory = parse(FLEET);
    expect(inventory.varsOf('db1')).toEqual({ ansible_port: 5022, ansible_user: 'ops', ansible_host: '10.0.0.11' });
    expect(inventory.varsOf('web9.example.com')).toEqual({ ansible_port: '2200', ansible_user: 'deploy', http_port: 8080 });
    expect(inventory.varsOf('web01.example.com')).toEqual({ ansible_port: 22, ansible_user: 'ops', http_port: 8080 });
  });

  test('accepts an empty file and groups without hosts', () => {
    expect([...parse('').hosts.keys()]).toEqual([]);
    expect([...parse('all:\n  children:\n    empty:\n').groups.keys()]).toEqual(['all', 'ungrouped', 'empty']);
  });

  test.each([
    ['all:\n  hosts:\n    h1:\n  host:\n    h2:\n', 'hosts.yml:4: unknown key "host" in the group "all"'],
    ['all:\n  hosts:\n    - h1\n', 'hosts.yml:3: the hosts of "all" must be a mapping'],
    ['- all\n', 'hosts.yml:1: an inventory must be a mapping'],
    ['all:\n  hosts:\n    h1:\n    h1:\n', 'hosts.yml:4: not valid YAML: Map keys must be unique'],
    ['all:\n  hosts:\n    h1:\n      - not vars\n', 'hosts.yml:4: the variables of host "h1" must be a mapping'],
    ['all:\n  children:\n    "bad group":\n', 'hosts.yml:3: "bad group" is not a group name'],
  ])('rejects a malformed inventory naming the file and line (%j)', (text, message) => {
    expect(() => parse(text)).toThrow(message);
  });
});

describe('inventoryFormat', () => {
  test('tells INI from YAML by the extension, then by the first meaningful line', () => {
    expect(inventoryFormat('hosts.yml', '[web]')).toBe('yaml');
    expect(inventoryFormat('hosts.ini', 'all:')).toBe('ini');
    expect(inventoryFormat('hosts', '# fleet\n\nall:\n  hosts:\n')).toBe('yaml');
    expect(inventoryFormat('hosts', '---\nall:\n')).toBe('yaml');
    expect(inventoryFormat('hosts', '[web]\nweb1\n')).toBe('ini');
    expect(inventoryFormat('hosts', 'web1:2222 ansible_user=x\n')).toBe('ini');
    expect(inventoryFormat('hosts', 'web1:2222\n')).toBe('ini');
  });
});
