/**
 * An Ansible inventory in memory: hosts with their variables, groups with hosts, children and variables.
 * Both parsers (INI and YAML) fill one `Inventory`, so several `--inventory` files merge as in Ansible.
 */
import { UsageError } from '../usage-error.js';
import { MAX_INVENTORY_HOSTS } from './limits.js';

/** Inventory variables, as written (INI values are strings, YAML ones keep their types). */
export type Vars = Record<string, unknown>;

/** A host: its variables and where it was first defined (`file:line`, for error messages). */
export interface InventoryHost {
  readonly name: string;
  readonly vars: Vars;
  /** From `host_vars/` files, which win over the inventory's own. */
  readonly fileVars: Vars;
  readonly where: string;
}

/** A group: direct hosts, child groups and group variables. */
export interface InventoryGroup {
  readonly name: string;
  readonly hosts: Set<string>;
  readonly children: Set<string>;
  readonly vars: Vars;
  /** From `group_vars/` files, which win over every group's inventory variables. */
  readonly fileVars: Vars;
}

/** Hosts and groups read from one or more inventory files. */
export class Inventory {
  /** Every host, in the order the files define them (Ansible's default host order). */
  readonly hosts = new Map<string, InventoryHost>();
  readonly groups = new Map<string, InventoryGroup>();
  // Derived tables, rebuilt after a change: group depths and each host's groups.
  private depths: Map<string, number> | undefined;
  private membership: Map<string, Set<string>> | undefined;

  constructor() {
    // Ansible's two implicit groups: every inventory has them.
    this.group('all');
    this.group('ungrouped');
  }

  /** The group named `name`, created empty when new. */
  group(name: string): InventoryGroup {
    let group = this.groups.get(name);
    if (group === undefined) {
      group = { name, hosts: new Set(), children: new Set(), vars: {}, fileVars: {} };
      this.groups.set(name, group);
      this.changed();
    }
    return group;
  }

  /** Adds `host` to `group`; variables given again for a known host override the earlier ones. */
  addHost(groupName: string, name: string, vars: Vars, where: string): void {
    const known = this.hosts.get(name);
    if (known === undefined && this.hosts.size >= MAX_INVENTORY_HOSTS) {
      throw new UsageError(`${where}: more than ${MAX_INVENTORY_HOSTS} hosts in the inventories; scan them in parts (--limit, or several inventories one at a time)`);
    }
    if (known === undefined) this.hosts.set(name, { name, vars: { ...vars }, fileVars: {}, where });
    else Object.assign(known.vars, vars);
    this.group(groupName).hosts.add(name);
    this.changed();
  }

  /** Adds variables of a `group_vars/` file to an existing group; later files win. */
  addGroupFileVars(name: string, vars: Vars): void {
    Object.assign(this.group(name).fileVars, vars);
  }

  /** Adds variables of a `host_vars/` file to an existing host; later files win. */
  addHostFileVars(name: string, vars: Vars): void {
    const host = this.hosts.get(name);
    if (host !== undefined) Object.assign(host.fileVars, vars);
  }

  /** Makes `child` a child group of `parent`; a cycle is an error naming `where`. */
  addChild(parent: string, child: string, where: string): void {
    if (parent === child || this.descendants(child).has(parent)) {
      throw new UsageError(`${where}: making ${JSON.stringify(child)} a child of ${JSON.stringify(parent)} would create a cycle of groups`);
    }
    this.group(parent).children.add(child);
    this.group(child);
    this.changed();
  }

  /** The names of `group` and every group below it. */
  descendants(group: string): Set<string> {
    const seen = new Set<string>([group]);
    const stack = [group];
    while (stack.length > 0) {
      for (const child of this.groups.get(stack.pop()!)?.children ?? []) {
        if (!seen.has(child)) (seen.add(child), stack.push(child));
      }
    }
    return seen;
  }

  /** The hosts of `group` and of its children, in inventory order; every host for `all`. */
  hostsOf(group: string): string[] {
    if (group === 'all') return [...this.hosts.keys()];
    // As in Ansible, `ungrouped` also holds every host that is in no group but `all`.
    if (group === 'ungrouped') return [...this.hosts.keys()].filter((host) => this.groupsOf(host).every((g) => g === 'all' || g === 'ungrouped'));
    const members = new Set<string>();
    for (const name of this.descendants(group)) for (const host of this.groups.get(name)?.hosts ?? []) members.add(host);
    return [...this.hosts.keys()].filter((host) => members.has(host));
  }

  /** The groups `host` belongs to, directly or through a child group, `all` included. */
  groupsOf(host: string): string[] {
    if (this.membership === undefined) {
      // Computed once for all hosts: per-host lookups would make a 10,000-host inventory quadratic.
      const membership = new Map<string, Set<string>>();
      for (const group of this.groups.values()) {
        for (const name of this.descendants(group.name)) {
          for (const member of this.groups.get(name)?.hosts ?? []) {
            const set = membership.get(member) ?? new Set<string>(['all']);
            membership.set(member, set.add(group.name));
          }
        }
      }
      // As Ansible reconciles: `ungrouped` holds exactly the hosts in no other group.
      for (const name of this.hosts.keys()) {
        const groups = membership.get(name) ?? new Set<string>(['all']);
        if ([...groups].every((g) => g === 'all' || g === 'ungrouped')) groups.add('ungrouped');
        else groups.delete('ungrouped');
        membership.set(name, groups);
      }
      this.membership = membership;
    }
    return [...(this.membership.get(host) ?? ['all'])];
  }

  /**
   * The variables of `host` as Ansible merges them (its default VARIABLE_PRECEDENCE): the inventory's
   * group variables — `all` first, then groups by depth (a child group overrides its parent; equal
   * depths by name) — then the `group_vars/` files in the same order, then the host's own variables,
   * then its `host_vars/` files.
   */
  varsOf(host: string): Vars {
    const depth = this.groupDepths();
    const groups = this.groupsOf(host).sort((a, b) => depth.get(a)! - depth.get(b)! || (a < b ? -1 : a > b ? 1 : 0)).map((name) => this.groups.get(name)!);
    const merged: Vars = {};
    for (const group of groups) Object.assign(merged, group.vars);
    for (const group of groups) Object.assign(merged, group.fileVars);
    return Object.assign(merged, this.hosts.get(host)?.vars, this.hosts.get(host)?.fileVars);
  }

  private changed(): void {
    this.depths = undefined;
    this.membership = undefined;
  }

  /** Each group's depth: its longest path from `all` (a group without parents hangs below `all`). */
  private groupDepths(): Map<string, number> {
    if (this.depths !== undefined) return this.depths;
    const parents = new Map<string, string[]>();
    for (const group of this.groups.values()) for (const child of group.children) parents.set(child, [...(parents.get(child) ?? []), group.name]);
    const depths = new Map<string, number>([['all', 0]]);
    const depthOf = (name: string): number => {
      const known = depths.get(name);
      if (known !== undefined) return known;
      const above = (parents.get(name) ?? []).filter((p) => p !== 'all');
      // addChild refuses cycles, so this recursion ends.
      const depth = 1 + Math.max(0, ...above.map(depthOf));
      depths.set(name, depth);
      return depth;
    };
    for (const name of this.groups.keys()) depthOf(name);
    this.depths = depths;
    return depths;
  }
}
