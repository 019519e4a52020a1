import { describe, expect, test } from 'vitest';
import { parseIniInventory } from '../../src/cli/inventory/ini.js';
import { Inventory } from '../../src/cli/inventory/model.js';

function parse(text: string): Inventory {
  const inventory = new Inventory();
  parseIniInventory(text, 'hosts.ini', inventory);
  return inventory;
}

const FLEET = `
# the fleet
bastion.example.com ansible_user=jump

[webservers]
web[01:03].example.com
web9.example.com:2200 ansible_user=deploy http_port=8080

[dbservers]
db1 ansible_host=10.0.0.11 ansible_port=5022 motd="hello world"  # a comment

[prod:children]
webservers
dbservers

[prod:vars]
ansible_user = ops
ansible_ssh_private_key_file="~/.ssh/prod key"

[all:vars]
ansible_port=22
`;

describe('parseIniInventory', () => {
  test('reads ungrouped hosts, groups, ranges and host:port', () => {
    const inventory = parse(FLEET);
    expect([...inventory.hosts.keys()]).toEqual(['bastion.example.com', 'web01.example.com', 'web02.example.com', 'web03.example.com', 'web9.example.com', 'db1']);
    expect(inventory.hostsOf('webservers')).toEqual(['web01.example.com', 'web02.example.com', 'web03.example.com', 'web9.example.com']);
    expect(inventory.hostsOf('ungrouped')).toEqual(['bastion.example.com']);
    expect(inventory.hosts.get('web9.example.com')!.vars).toMatchObject({ ansible_port: '2200', ansible_user: 'deploy' });
  });

  test('includes the hosts of child groups in their parent', () => {
    expect(parse(FLEET).hostsOf('prod')).toEqual(['web01.example.com', 'web02.example.com', 'web03.example.com', 'web9.example.com', 'db1']);
  });

  test('merges variables as Ansible does: all, then parent groups, then child groups, then the host', () => {
    const inventory = parse(FLEET);
    expect(inventory.varsOf('db1')).toEqual({
      ansible_port: '5022',
      ansible_user: 'ops',
      ansible_host: '10.0.0.11',
      ansible_ssh_private_key_file: '~/.ssh/prod key',
      motd: 'hello world',
    });
    expect(inventory.varsOf('web9.example.com')).toMatchObject({ ansible_user: 'deploy', ansible_port: '2200' });
    expect(inventory.varsOf('bastion.example.com')).toEqual({ ansible_user: 'jump', ansible_port: '22' });
  });

  test('lets a deeper group override the variables of its parent whatever the file order', () => {
    const inventory = parse('[child]\nh1\n[child:vars]\nx=child\n[parent:children]\nchild\n[parent:vars]\nx=parent\n');
    expect(inventory.varsOf('h1').x).toBe('child');
  });

  test.each([
    ['[web\nh1\n', 'hosts.ini:1: malformed section header'],
    ['[web:host]\n', 'hosts.ini:1: unknown section type ":host"'],
    ['[web]\nh1 ansible_port\n', 'hosts.ini:2: expected "name=value" after the host'],
    ['[web:vars]\njust-a-word\n', 'hosts.ini:2: expected "name=value" in [web:vars]'],
    ['[web:children]\nnot a group\n', 'hosts.ini:2: "not a group" is not a group name'],
    ['[web]\nweb[9:1]\n', 'hosts.ini:2: the range [9:1] starts after it ends'],
    ['[web]\nh1 motd="unterminated\n', 'hosts.ini:2: unterminated " quote'],
    ['[a:children]\nb\n[b:children]\na\n', 'hosts.ini:4: making "a" a child of "b" would create a cycle'],
  ])('rejects a malformed inventory naming the file and line (%j)', (text, message) => {
    expect(() => parse(text)).toThrow(message);
  });
});
