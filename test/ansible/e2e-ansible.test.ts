/**
 * plesio against real Ansible, on a loopback sshd: Ansible's own `setup` fills one fact cache, `plesio
 * scan --ansible-fact-cache` another, and the same playbook (`gather_facts: false`) renders the issue's
 * keys from each. The values must be equal key by key, except the documented differences of
 * comparison.ts. Then the dynamic inventory: `ansible-inventory --list` and `ansible -m ping` through
 * the one-line wrapper script README shows.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ansibleEnv, type AnsibleEnv } from '../support/ansible-env.js';
import { startSshd, type TestSshd } from '../support/sshd.js';
import { CLI, E2E_TIMEOUT_MS, ensureBuilt, runCli, tempDir } from '../cli/helpers.js';
import type { HostReport } from '../../src/hosts/report.js';
import { DIFFERENCES, INTERFACE_DIFFERENCE, KEY_FACTS, UNDEFINED, type CompareContext } from './comparison.js';

/** The issue's keys, as the playbook reads them (`ansible_` prefixed). */
const KEYS = [
  'hostname', 'fqdn', 'distribution', 'distribution_version', 'distribution_major_version', 'os_family', 'system', 'kernel',
  'architecture', 'machine_id', 'memtotal_mb', 'swaptotal_mb', 'processor_count', 'processor_cores', 'processor_vcpus', 'interfaces',
  'all_ipv4_addresses', 'all_ipv6_addresses', 'default_ipv4', 'default_ipv6', 'dns', 'mounts', 'devices', 'product_name',
  'product_serial', 'product_uuid', 'system_vendor', 'bios_date', 'bios_version', 'virtualization_type', 'virtualization_role',
  'uptime_seconds', 'date_time', 'local', 'selinux', 'apparmor', 'swapfree_mb', 'processor_threads_per_core', 'processor_nproc', 'processor', 'kernel_version', 'nodename', 'domain', 'machine', 'product_version', 'bios_vendor', 'form_factor', 'chassis_vendor', 'chassis_serial', 'chassis_asset_tag', 'board_vendor', 'board_name', 'board_version', 'board_serial',
];

/** The same keys through `ansible_facts`, as Ansible nests the cached facts. */
const NESTED = ['distribution', 'os_family', 'hostname', 'default_ipv4'];

/**
 * Renders every key (`__undefined__` when absent), every interface's dictionary and a few keys through
 * `ansible_facts`, as one JSON string.
 */
const PLAYBOOK = `- hosts: all
  gather_facts: false
  vars:
    plesio_keys: ${JSON.stringify(KEYS)}
    plesio_nested: ${JSON.stringify(NESTED)}
  tasks:
    - name: render
      debug:
        msg: >-
          {%- set h = hostvars[inventory_hostname] -%}
          {%- set out = {} -%}
          {%- for k in plesio_keys -%}
          {%- set _ = out.update({k: h['ansible_' ~ k] | default('${UNDEFINED}')}) -%}
          {%- endfor -%}
          {%- for i in h['ansible_interfaces'] | default([]) -%}
          {%- set _ = out.update({'iface ' ~ i: h['ansible_' ~ (i | replace('-', '_'))] | default('${UNDEFINED}')}) -%}
          {%- endfor -%}
          {%- for k in plesio_nested -%}
          {%- set _ = out.update({'facts.' ~ k: ansible_facts[k] | default('${UNDEFINED}')}) -%}
          {%- endfor -%}
          {%- set _ = out.update({'facts.local': ansible_facts['ansible_local'] | default('${UNDEFINED}')}) -%}
          {{ out | to_json }}
`;

/** Ansible's commands start slowly on a busy machine: a test of several of them gets more time before a hang is called one. */
const ANSIBLE_TIMEOUT_MS = 3 * E2E_TIMEOUT_MS;

let sshd: TestSshd;
let tmp: { dir: string; remove: () => Promise<void> };
let ansible: AnsibleEnv;
/** The fact cache Ansible's own `setup` filled, and when that command started and ended; the machine's links just before. */
let ansibleCache: string;
let setupStarted: number;
let setupEnded: number;
let linksBefore: Set<string>;

/** The names of the machine's network links now, as `ip` lists them (without a veth's `@peer`). */
async function links(): Promise<Set<string>> {
  const { stdout } = await promisify(execFile)('ip', ['-o', 'link', 'show']);
  return new Set(stdout.split('\n').map((line) => /^\d+: ([^:@\s]+)/.exec(line)?.[1]).filter((name): name is string => name !== undefined));
}

beforeAll(async () => {
  [, sshd, tmp] = await Promise.all([ensureBuilt(), startSshd(), tempDir('plesio-ansible-')]);
  ansible = await ansibleEnv(join(tmp.dir, 'ansible'), sshd);
  await writeFile(join(tmp.dir, 'render.yml'), PLAYBOOK);
  await mkdir(join(tmp.dir, 'home'));
  ansibleCache = join(tmp.dir, 'cache-ansible');
  linksBefore = await links();
  setupStarted = Date.now();
  const setup = await ansible.run('ansible', ['all', '-i', ansible.inventory, '-m', 'setup'], { cacheDir: ansibleCache });
  if (setup.code !== 0) throw new Error(`Ansible's setup failed against the test server:\n${setup.stdout}\n${setup.stderr}`);
  setupEnded = Date.now();
}, ANSIBLE_TIMEOUT_MS);
afterAll(async () => {
  await sshd?.stop();
  await tmp?.remove();
});

/** The playbook's rendering of the keys from the fact cache in `cacheDir`, without gathering. */
async function render(cacheDir: string): Promise<Record<string, unknown>> {
  const run = await ansible.run('ansible-playbook', ['-i', ansible.inventory, join(tmp.dir, 'render.yml')], { cacheDir, env: { ANSIBLE_STDOUT_CALLBACK: 'json' } });
  expect(run.code, run.stderr).toBe(0);
  const result = JSON.parse(run.stdout) as { plays: { tasks: { task: { name: string }; hosts: Record<string, { msg: string }> }[] }[] };
  const tasks = result.plays[0]!.tasks;
  // gather_facts: false, and the cache is all there is: the only task is the rendering.
  expect(tasks.map((t) => t.task.name)).toEqual(['render']);
  return JSON.parse(tasks[0]!.hosts['target']!.msg) as Record<string, unknown>;
}

const scan = (...args: string[]) => runCli(['scan', '--inventory', ansible.inventory, '--known-hosts', sshd.knownHostsPath, '--quiet', ...args], { home: join(tmp.dir, 'home') });

describe('plesio and Ansible on a loopback sshd', { timeout: ANSIBLE_TIMEOUT_MS }, () => {
  test('a playbook reads from plesio\'s fact cache what it reads after Ansible\'s own gathering, key by key', async () => {
    const plesioCache = join(tmp.dir, 'cache-plesio');
    // With the opt-in local fact: Ansible's gathering always reads /etc/ansible/facts.d.
    const scanStarted = Date.now();
    const scanned = await scan('--facts', 'default,local', '--ansible-fact-cache', plesioCache, '--format', 'json');
    expect(scanned.code, scanned.stderr).toBe(0);
    const elapsed = { min: (scanStarted - setupEnded) / 1000, max: (Date.now() - setupStarted) / 1000 };
    const [report] = JSON.parse(scanned.stdout) as HostReport[];
    const linksAfter = await links();
    const stable = new Set([...linksBefore].filter((name) => linksAfter.has(name)));

    const [fromAnsible, fromPlesio] = await Promise.all([render(ansibleCache), render(plesioCache)]);
    // The addresses of links other tests made or removed meanwhile, which one gathering may not have seen.
    const transientAddresses = new Set([fromAnsible, fromPlesio].flatMap((side) => Object.entries(side)
      .filter(([key]) => key.startsWith('iface ') && !stable.has(key.slice('iface '.length)))
      .flatMap(([, dict]) => addressesOf(dict))));
    // Soft: one run names every key that differs, not only the first.
    const context: CompareContext = { elapsed, facts: report!.facts, stable, transientAddresses, expect: (actual, message) => expect.soft(actual, message) };
    const keys = new Set([...Object.keys(fromAnsible), ...Object.keys(fromPlesio)]);
    const compared: string[] = [];
    for (const key of keys) {
      const [p, a] = [fromPlesio[key] ?? UNDEFINED, fromAnsible[key] ?? UNDEFINED];
      if (key.startsWith('iface ')) {
        // The interface lists are compared as `interfaces`; a link other tests made or removed meanwhile is left out.
        if (p === UNDEFINED || a === UNDEFINED || !stable.has(key.slice('iface '.length))) continue;
        INTERFACE_DIFFERENCE.check(p, a, context);
      } else if (Object.hasOwn(KEY_FACTS, key) && KEY_FACTS[key]!.some((fact) => !(fact in report!.facts))) {
        // A fact the scan did not gather: plesio writes no key for it.
        expect.soft(p, `ansible_${key} without the fact ${KEY_FACTS[key]!.join(', ')}`).toBe(UNDEFINED);
      } else if (Object.hasOwn(DIFFERENCES, key)) {
        DIFFERENCES[key]!.check(p, a, context);
      } else {
        expect.soft(p, `ansible_${key}`).toEqual(a);
      }
      compared.push(key);
    }
    // Every key the issue lists was rendered from both caches, and stdout's `--format ansible` is the cache file.
    expect(compared).toEqual(expect.arrayContaining([...KEYS, ...NESTED.map((k) => `facts.${k}`)]));
    expect(Object.keys(fromPlesio).filter((k) => k.startsWith('iface ')).length).toBeGreaterThan(0);
  });

  test('--format ansible prints, by host, the dictionary --ansible-fact-cache writes', async () => {
    const cache = join(tmp.dir, 'cache-stdout');
    const scanStarted = Date.now();
    const scanned = await scan('--ansible-fact-cache', cache, '--format', 'ansible');
    expect(scanned.code, scanned.stderr).toBe(0);
    expect(JSON.parse(scanned.stdout)).toEqual({ target: JSON.parse(await readFile(join(cache, 'target'), 'utf8')) });
  });

  test('the cache file is laid out as Ansible\'s own: the host\'s name, mode 0600, flat ansible_ keys, sorted, indented by four', async () => {
    const gatheredCache = join(tmp.dir, 'layout-ansible');
    const plesioCache = join(tmp.dir, 'layout-plesio');
    // A play's own gathering, which also leaves the marker `gathering = smart` looks for.
    const gather = join(tmp.dir, 'gather.yml');
    await writeFile(gather, '- hosts: all\n  gather_facts: true\n  tasks: []\n');
    const gathered = await ansible.run('ansible-playbook', ['-i', ansible.inventory, gather], { cacheDir: gatheredCache });
    expect(gathered.code, gathered.stderr).toBe(0);
    expect((await scan('--ansible-fact-cache', plesioCache, '--ansible-fact-cache-prefix', 'pfx_')).code).toBe(0);
    const theirs = await readFile(join(gatheredCache, 'target'), 'utf8');
    const ours = await readFile(join(plesioCache, 'pfx_target'), 'utf8');
    expect((await stat(join(plesioCache, 'pfx_target'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(gatheredCache, 'target'))).mode & 0o777).toBe(0o600);
    const [a, p] = [JSON.parse(theirs) as Record<string, unknown>, JSON.parse(ours) as Record<string, unknown>];
    // Byte for byte what Python's json.dumps(sort_keys=True, indent=4) writes, as for Ansible's own file.
    expect(ours).toBe(await pythonDump(join(plesioCache, 'pfx_target')));
    expect(theirs).toBe(await pythonDump(join(gatheredCache, 'target')));
    expect(p).toMatchObject({ _ansible_facts_gathered: true, module_setup: true });
    // Every key plesio writes is one Ansible writes (its interface keys aside, which are the host's names).
    const interfaces = (p['ansible_interfaces'] as string[]).map((i) => `ansible_${i.replace(/-/g, '_')}`);
    expect(Object.keys(p).filter((k) => !(k in a) && !interfaces.includes(k))).toEqual([]);
  });

  test('with gathering = smart, Ansible gathers nothing for a host plesio cached, and gathers again once the file is older than fact_caching_timeout', async () => {
    const cache = join(tmp.dir, 'smart');
    expect((await scan('--ansible-fact-cache', cache)).code).toBe(0);
    const smart = join(tmp.dir, 'smart.yml');
    await writeFile(smart, '- hosts: all\n  tasks:\n    - name: show\n      debug: { msg: "{{ ansible_distribution }}" }\n');
    const tasksOf = async (): Promise<string[]> => {
      const run = await ansible.run('ansible-playbook', ['-i', ansible.inventory, smart], { cacheDir: cache, env: { ANSIBLE_GATHERING: 'smart', ANSIBLE_STDOUT_CALLBACK: 'json' } });
      expect(run.code, run.stderr).toBe(0);
      return (JSON.parse(run.stdout) as { plays: { tasks: { task: { name: string } }[] }[] }).plays[0]!.tasks.map((t) => t.task.name);
    };
    expect(await tasksOf()).toEqual(['show']);
    // Two days old: past the 86400 s timeout, Ansible no longer trusts the file and gathers.
    const old = new Date(Date.now() - 2 * 86_400_000);
    await utimes(join(cache, 'target'), old, old);
    expect(await tasksOf()).toEqual(['Gathering Facts', 'show']);
  });

  test('ansible-inventory --list and ansible -m ping work through the wrapper script around plesio inventory', async () => {
    const store = join(tmp.dir, 'scans.db');
    expect((await scan('--store', store)).code).toBe(0);
    const wrapper = join(tmp.dir, 'plesio-inventory');
    await writeFile(wrapper, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} inventory --store ${JSON.stringify(store)} "$@"\n`);
    await chmod(wrapper, 0o755);

    const listed = await ansible.run('ansible-inventory', ['-i', wrapper, '--list']);
    expect(listed.code, listed.stderr).toBe(0);
    const inventory = JSON.parse(listed.stdout) as { _meta: { hostvars: Record<string, Record<string, unknown>> }; all: { children: string[] } } & Record<string, { hosts?: string[] }>;
    const vars = inventory._meta.hostvars['target']!;
    expect(vars).toMatchObject({ ansible_host: sshd.host, ansible_port: sshd.port, ansible_user: sshd.user, ansible_ssh_private_key_file: sshd.clientKeyPath });
    expect(vars['plesio_kernel']).toEqual({ __ansible_unsafe: expect.any(String) });
    // Grouped by the names Ansible itself gives this host.
    const gathered = JSON.parse(await readFile(join(ansibleCache, 'target'), 'utf8')) as Record<string, string>;
    const groups = ['os_family', 'distribution', 'architecture'].map((key) => `${key}_${gathered[`ansible_${key}`]!.replace(/[^A-Za-z0-9_]/g, '_')}`);
    expect(inventory.all.children).toEqual(expect.arrayContaining(groups));
    for (const group of groups) expect(inventory[group]!.hosts).toEqual(['target']);

    const ping = await ansible.run('ansible', ['all', '-i', wrapper, '-m', 'ping']);
    expect(ping.code, ping.stderr).toBe(0);
    expect(ping.stdout).toMatch(/^target \| SUCCESS => \{/m);
    expect(ping.stdout).toMatch(/"ping": "pong"/);
  });
});

/** Every address in a rendered interface dictionary. */
function addressesOf(dict: unknown): string[] {
  const d = (dict ?? {}) as { ipv4?: { address?: string }; ipv4_secondaries?: { address?: string }[]; ipv6?: { address?: string }[] };
  return [d.ipv4, ...(d.ipv4_secondaries ?? []), ...(d.ipv6 ?? [])].map((entry) => entry?.address).filter((a): a is string => typeof a === 'string');
}

/** What Python itself writes for the JSON in `file` with json.dumps(value, sort_keys=True, indent=4), as Ansible's cache does. */
function pythonDump(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('python3', ['-c', 'import json, sys; sys.stdout.write(json.dumps(json.load(open(sys.argv[1])), sort_keys=True, indent=4))', file], (error, stdout, stderr) => (error === null ? resolve(stdout) : reject(new Error(`python3 failed: ${stderr}`))));
  });
}
