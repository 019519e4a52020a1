/**
 * Ansible itself, to hold plesio's inventory reading and `--limit` to what Ansible does with the same
 * files: `ansible-inventory --list` and `ansible PATTERN --list-hosts`. Never skipped: a missing
 * Ansible fails with the command that installs it. Configured as ansible-core 2.19 reads an inventory
 * folder (`.ini` files included), whichever version is installed.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';

const BIN = '/usr/bin';
// ansible-core 2.19's INVENTORY_IGNORE_EXTS: older ones also skip `.ini` files in a folder.
const IGNORE = '.pyc,.pyo,.swp,.bak,~,.rpm,.md,.txt,.rst,.orig,.cfg,.retry';

async function run(tool: 'ansible' | 'ansible-inventory', args: readonly string[], cwd: string): Promise<string> {
  if (!existsSync(`${BIN}/${tool}`)) throw new Error(`${BIN}/${tool} is missing; the inventory tests compare with Ansible: apt-get install -y ansible-core`);
  const env = { ...process.env, ANSIBLE_INVENTORY_IGNORE: IGNORE, ANSIBLE_NOCOLOR: '1', ANSIBLE_LOCALHOST_WARNING: 'False', ANSIBLE_HOME: cwd };
  const { stdout } = await promisify(execFile)(`${BIN}/${tool}`, [...args], { cwd, env, maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

/** What `ansible-inventory --list` prints: each host's merged variables, and the groups. */
export interface AnsibleInventory {
  _meta: { hostvars: Record<string, Record<string, unknown>> };
  [group: string]: { hosts?: string[]; children?: string[] } | AnsibleInventory['_meta'];
}

/**
 * `ansible-inventory -i SOURCE … --list`, parsed.
 * @example
 * const listed = await ansibleInventory(['inventories/prod'], dir);
 */
export async function ansibleInventory(sources: readonly string[], cwd: string): Promise<AnsibleInventory> {
  return JSON.parse(await run('ansible-inventory', [...sources.flatMap((s) => ['-i', s]), '--list'], cwd)) as AnsibleInventory;
}

/**
 * The hosts `ansible PATTERN -i SOURCE --list-hosts` selects (none when it matches nothing).
 * @example
 * await ansibleHosts('~web0[12]', ['hosts'], dir); // => ['web01', 'web02']
 */
export async function ansibleHosts(pattern: string, sources: readonly string[], cwd: string): Promise<string[]> {
  const out = await run('ansible', [pattern, ...sources.flatMap((s) => ['-i', s]), '--list-hosts'], cwd);
  // "  hosts (2):\n    web01\n    web02\n"
  return out.split('\n').slice(1).map((line) => line.trim()).filter((line) => line !== '');
}

/**
 * The groups each host belongs to in a `--list` output, directly or through child groups, `all` included.
 * @example
 * groupsByHost(listed).get('web01'); // => ['all', 'prod', 'web']
 */
export function groupsByHost(listed: AnsibleInventory): Map<string, string[]> {
  const hostsOf = (group: string, seen = new Set<string>()): string[] => {
    if (seen.has(group)) return [];
    seen.add(group);
    const entry = listed[group] as { hosts?: string[]; children?: string[] } | undefined;
    return [...(entry?.hosts ?? []), ...(entry?.children ?? []).flatMap((child) => hostsOf(child, seen))];
  };
  const groups = new Map<string, string[]>();
  // A host without variables is missing from _meta.hostvars: its groups name it.
  for (const group of Object.keys(listed).filter((name) => name !== '_meta')) {
    for (const host of new Set(hostsOf(group))) groups.set(host, [...(groups.get(host) ?? []), group]);
  }
  for (const list of groups.values()) list.sort();
  return groups;
}
