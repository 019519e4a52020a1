/**
 * Value formats of the Ansible view against Ansible's own code: `bytes_to_human` for device sizes, and
 * the netmask, network and broadcast Ansible computes for an IPv4 address (Python's ipaddress here).
 */
import { execFile } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ipv4Entry, ipv6Scope } from '../../src/ansible/addresses.js';
import { bytesToHuman } from '../../src/ansible/storage.js';
import { ansiblePython } from '../support/ansible-env.js';

function python(program: string, input: unknown): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = execFile(ansiblePython(), ['-c', program], { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => (error !== null ? reject(new Error(stderr)) : resolve(JSON.parse(stdout))));
    child.stdin!.end(JSON.stringify(input));
  });
}

describe('bytesToHuman', () => {
  test('writes what Ansible\'s bytes_to_human writes, ties to even included', async () => {
    const sizes = [0, 1, 1023, 1024, 1536, 274_877_906_944, 2 ** 30 * 1.125, 2 ** 20 * 0.375 * 1024, 2 ** 40 * 3.875, 500_107_862_016, 2 ** 53,
      ...fc.sample(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), { numRuns: 200, seed: 7 })];
    const expected = await python('import json, sys\nfrom ansible.module_utils.common.text.formatters import bytes_to_human\nprint(json.dumps([bytes_to_human(float(n)) for n in json.load(sys.stdin)]))', sizes) as string[];
    sizes.forEach((size, i) => expect(bytesToHuman(size), String(size)).toBe(expected[i]));
  });
});

describe('ipv4Entry', () => {
  test('gives the netmask, network and broadcast of every prefix length, as Python computes them', async () => {
    const cases = fc.sample(fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 32 })), { numRuns: 300, seed: 4 });
    const expected = await python([
      'import ipaddress, json, sys',
      'out = []',
      'for address, prefix in json.load(sys.stdin):',
      '    n = ipaddress.ip_interface(f"{address}/{prefix}").network',
      '    out.append({"address": address, "broadcast": str(n.broadcast_address), "netmask": str(n.netmask), "network": str(n.network_address), "prefix": str(prefix)})',
      'print(json.dumps(out))',
    ].join('\n'), cases) as unknown[];
    cases.forEach(([address, prefix], i) => expect(ipv4Entry(address, prefix), `${address}/${prefix}`).toEqual(expected[i]));
  });

  test('refuses what is not an IPv4 address with a prefix', () => {
    expect(ipv4Entry('fe80::1', 64)).toBeUndefined();
    expect(ipv4Entry('192.0.2.1', 33)).toBeUndefined();
    expect(ipv4Entry('192.0.2.1', 1.5)).toBeUndefined();
  });
});

describe('ipv6Scope', () => {
  test('names the scope `ip addr` prints', () => {
    expect(['::1', 'fe80::1', 'FEBF::1', 'fec0::1', 'fd00::2', '2001:db8::1', 'fe8:1::1'].map(ipv6Scope)).toEqual(['host', 'link', 'link', 'site', 'global', 'global', 'global']);
  });
});
