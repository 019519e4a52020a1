/**
 * An Ansible dynamic inventory (the script protocol: `--list` prints every group and, under
 * `_meta.hostvars`, every host's variables) built from the reports of one stored scan: each host with the
 * connection variables the scan reached it with, grouped by OS family, distribution, virtualization
 * type and role and architecture as Ansible names them, and its plesio facts as variables under a prefix.
 */
import type { StoredConnection } from '../history/store.js';
import type { HostReport } from '../hosts/report.js';
import { withoutDecoderKeys } from './decoder-keys.js';
import { ansibleFacts } from './facts.js';
import { nonEmpty, put } from './read.js';

/** One host of the inventory: its stored report and how it was reached, when the store knows. */
export interface InventoryHost {
  readonly report: HostReport;
  readonly connection: StoredConnection | undefined;
}

/** Options of `ansibleInventory`. */
export interface InventoryOptions {
  /** The prefix of the fact variables (default `plesio_`): `plesio_os`, `plesio_interfaces`… */
  readonly prefix?: string;
  /** The stored run the inventory comes from, shown in each host's `<prefix>scan`. */
  readonly runId?: string;
}

/** What `--list` prints. */
export type DynamicInventory = Record<string, unknown> & { _meta: { hostvars: Record<string, Record<string, unknown>> } };

/** The default prefix of the fact variables. */
export const DEFAULT_VARIABLE_PREFIX = 'plesio_';

/**
 * Throws `RangeError` unless `prefix` makes valid variable names that can never be Ansible's own: a host's
 * facts must not be able to set `ansible_host`, `ansible_ssh_common_args` or any other connection variable.
 */
export function checkVariablePrefix(prefix: string): void {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(prefix)) throw new RangeError(`the variable prefix ${JSON.stringify(prefix)} must be a variable name: letters, digits and _, not starting with a digit`);
  if (/^ansible_/i.test(prefix)) throw new RangeError(`the variable prefix ${JSON.stringify(prefix)} may not start with ansible_: a host's facts would then set Ansible's own variables`);
}

/** A group name Ansible accepts: `[A-Za-z0-9_]`, other characters made `_` (as its `to_safe_group_name`). */
const safe = (text: string): string => text.replace(/[^A-Za-z0-9_]/g, '_');

/** The connection variables of a stored connection. */
function connectionVars(connection: StoredConnection | undefined): Record<string, unknown> {
  if (connection === undefined) return {};
  if (connection.kind === 'local') return { ansible_connection: 'local' };
  const key = connection.identityFiles?.[0];
  return {
    ansible_host: connection.host,
    ...(connection.port !== undefined && { ansible_port: connection.port }),
    ...(connection.user !== undefined && { ansible_user: connection.user }),
    ...(key !== undefined && { ansible_ssh_private_key_file: key }),
  };
}

/** The groups a host belongs to, from its Ansible view. */
function groupsOf(report: HostReport): string[] {
  if (report.status === 'failed') return ['plesio_failed'];
  const view = ansibleFacts(report) ?? {};
  const value = (key: string): string | undefined => {
    const v = nonEmpty(view[`ansible_${key}`]);
    return v === 'NA' ? undefined : v;
  };
  const groups: string[] = [];
  const add = (key: string, v: string | undefined): void => void (v !== undefined && groups.push(safe(`${key}_${v}`)));
  add('os_family', value('os_family'));
  add('distribution', value('distribution'));
  const major = value('distribution_major_version');
  if (value('distribution') !== undefined && major !== undefined) add('distribution', `${value('distribution')}_${major}`);
  add('architecture', value('architecture'));
  add('virtualization_type', value('virtualization_type'));
  add('virtualization_role', value('virtualization_role'));
  return groups;
}

/**
 * The host variables: connection variables, then each fact under the prefix, wrapped as
 * `{"__ansible_unsafe": …}` so that Ansible never templates text a host sent (a `{{ lookup('pipe', …) }}`
 * in an os-release NAME stays text), and `<prefix>scan` saying which scan it comes from.
 */
function hostVars(host: InventoryHost, prefix: string, runId: string | undefined): Record<string, unknown> {
  const vars: Record<string, unknown> = connectionVars(host.connection);
  const { report } = host;
  const { errors, ...facts } = report.facts;
  for (const [name, value] of Object.entries(facts)) put(vars, `${prefix}${safe(name)}`, { __ansible_unsafe: withoutDecoderKeys(value) });
  put(vars, `${prefix}scan`, { __ansible_unsafe: withoutDecoderKeys({ ...(runId !== undefined && { run: runId }), status: report.status, error: report.error, errors: errors ?? {} }) });
  return vars;
}

/**
 * The `--list` answer for the hosts of one scan.
 * @example
 * const inventory = ansibleInventory(hosts, { runId });
 * inventory._meta.hostvars['web1']; // { ansible_host: '192.0.2.10', plesio_os: { __ansible_unsafe: {...} }, ... }
 */
export function ansibleInventory(hosts: readonly InventoryHost[], options: InventoryOptions = {}): DynamicInventory {
  const prefix = options.prefix ?? DEFAULT_VARIABLE_PREFIX;
  checkVariablePrefix(prefix);
  const hostvars: Record<string, Record<string, unknown>> = {};
  const groups = new Map<string, string[]>();
  const ungrouped: string[] = [];
  for (const host of hosts) {
    const name = host.report.host;
    put(hostvars, name, hostVars(host, prefix, options.runId));
    const memberOf = groupsOf(host.report);
    if (memberOf.length === 0) ungrouped.push(name);
    for (const group of memberOf) {
      const members = groups.get(group);
      if (members === undefined) groups.set(group, [name]);
      else members.push(name);
    }
  }
  const names = [...groups.keys()].sort();
  const inventory: DynamicInventory = { _meta: { hostvars } };
  put(inventory, 'all', { children: [...names, 'ungrouped'] });
  for (const group of names) put(inventory, group, { hosts: groups.get(group) });
  put(inventory, 'ungrouped', { hosts: ungrouped });
  return inventory;
}
