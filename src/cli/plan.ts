/**
 * The list of hosts one `plesio scan` will visit, from its three sources — targets on the command line,
 * `--inventory` files (narrowed by `--limit`) and `--local` — with each host's connection settings.
 * Per-host settings (in the target or the inventory) win over `-l`/`-p`, as inventory variables win
 * over Ansible's command line; ssh_config fills in what neither gives.
 */
import { homedir, hostname } from 'node:os';
import { join } from 'node:path';
import type { StoredConnection } from '../history/store.js';
import type { Inventory, Vars } from './inventory/model.js';
import { selectHosts } from './inventory/limit.js';
import { checkPort, parseTarget } from './targets.js';
import { UsageError } from './usage-error.js';

/** How to reach one host. */
export type HostPlan =
  | { readonly kind: 'local'; readonly label: string }
  /** `--replay`: served from a recorded fixture instead of a connection. */
  | { readonly kind: 'replay'; readonly label: string; readonly fixture: string }
  | {
      readonly kind: 'ssh';
      /** The host's name in outputs: the target as written, or the inventory name. */
      readonly label: string;
      /** What to connect to: a name, an address or an ssh_config alias. */
      readonly host: string;
      readonly user: string | undefined;
      readonly port: number | undefined;
      /** Identity files for this host; empty means "the ssh_config's, or OpenSSH's defaults". */
      readonly identityFiles: readonly string[];
    };

/**
 * How a plan reaches its host, as the scan store keeps it for `plesio inventory`; a replayed fixture
 * reached no host.
 * @example
 * connectionOf({ kind: 'ssh', label: 'web1', host: '192.0.2.10', user: 'deploy', port: 2222, identityFiles: [] });
 * // => { kind: 'ssh', host: '192.0.2.10', user: 'deploy', port: 2222 }
 */
export function connectionOf(plan: HostPlan | undefined): StoredConnection | undefined {
  if (plan === undefined || plan.kind === 'replay') return undefined;
  if (plan.kind === 'local') return { kind: 'local' };
  return {
    kind: 'ssh',
    host: plan.host,
    ...(plan.user !== undefined && { user: plan.user }),
    ...(plan.port !== undefined && { port: plan.port }),
    ...(plan.identityFiles.length > 0 && { identityFiles: [...plan.identityFiles] }),
  };
}

/** Where the hosts come from, and the fleet-wide connection options. */
export interface PlanSources {
  targets: readonly string[];
  local: boolean;
  inventory: Inventory | undefined;
  limit: string | undefined;
  user: string | undefined;
  port: number | undefined;
  identityFiles: readonly string[];
  /** Hears each label given more than once (on the command line, in the inventory, or both), once. */
  onDuplicate?: (label: string) => void;
}

/**
 * The hosts to scan, in the order given (targets, then inventory order, then `--local`), each once;
 * `onDuplicate` hears the labels given more than once.
 * @example
 * planHosts({ targets: ['deploy@web1:2222'], local: false, inventory: undefined, limit: undefined, user: undefined, port: undefined, identityFiles: [] });
 */
export function planHosts(sources: PlanSources): HostPlan[] {
  const plans: HostPlan[] = [];
  for (const text of sources.targets) {
    const target = parseTarget(text);
    plans.push({ kind: 'ssh', label: target.label, host: target.host, user: target.user ?? sources.user, port: target.port ?? sources.port, identityFiles: sources.identityFiles });
  }
  const { inventory, limit } = sources;
  if (limit !== undefined && inventory === undefined) throw new UsageError('--limit selects hosts of an inventory; add --inventory FILE');
  if (inventory !== undefined) {
    const names = limit === undefined ? inventory.hostsOf('all') : selectHosts(inventory, limit);
    for (const name of names) plans.push(inventoryPlan(name, inventory.varsOf(name), inventory.hosts.get(name)!.where, sources));
  }
  if (sources.local) plans.push({ kind: 'local', label: hostname() });
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  const unique = plans.filter((plan) => {
    if (!seen.has(plan.label)) return seen.add(plan.label);
    duplicates.add(plan.label);
    return false;
  });
  for (const label of duplicates) sources.onDuplicate?.(label);
  return unique;
}

/** One inventory host: `ansible_host`, `ansible_port`, `ansible_user`, `ansible_ssh_private_key_file`, `ansible_connection`. */
function inventoryPlan(name: string, vars: Vars, where: string, sources: PlanSources): HostPlan {
  const about = `${where}: host ${JSON.stringify(name)}`;
  // The `ansible_ssh_*` spellings are the pre-2.0 names, still common in old inventories.
  const value = (...keys: string[]): string | undefined => {
    for (const key of keys) {
      const v = vars[key];
      if (v === undefined || v === null || v === '') continue;
      if (typeof v === 'object') throw new UsageError(`${about}: ${key} must be a single value, not ${Array.isArray(v) ? 'a list' : 'a mapping'}`);
      return String(v);
    }
    return undefined;
  };
  const connection = value('ansible_connection');
  if (connection === 'local') return { kind: 'local', label: name };
  if (connection !== undefined && !['ssh', 'smart', 'paramiko', 'paramiko_ssh'].includes(connection)) {
    throw new UsageError(`${about}: ansible_connection=${connection} is not supported; plesio connects with ssh or local`);
  }
  const address = value('ansible_host', 'ansible_ssh_host') ?? name;
  const target = parseTarget(address, about);
  if (target.user !== undefined || target.port !== undefined) {
    throw new UsageError(`${about}: ansible_host ${JSON.stringify(address)} must be a name or an address; set ansible_user and ansible_port separately`);
  }
  const port = value('ansible_port', 'ansible_ssh_port');
  const keyText = value('ansible_ssh_private_key_file', 'ansible_private_key_file');
  // Inventories commonly write `~/.ssh/key`; no shell expands it there.
  const key = keyText?.startsWith('~/') ? join(homedir(), keyText.slice(2)) : keyText;
  return {
    kind: 'ssh',
    label: name,
    host: target.host,
    user: value('ansible_user', 'ansible_ssh_user') ?? sources.user,
    port: port === undefined ? sources.port : checkPort(port, `${about}: ansible_port`),
    identityFiles: key === undefined ? sources.identityFiles : [key, ...sources.identityFiles.filter((f) => f !== key)],
  };
}
