/**
 * Ansible's YAML inventory format, read with the `yaml` package: top-level groups, each with `hosts`
 * (name → variables), `vars` and `children` (name → group). Unknown keys are errors naming the line,
 * because a typo like `host:` for `hosts:` would otherwise silently drop hosts from a scan.
 */
import { isMap, isScalar, LineCounter, parseDocument, visit, type Document, type Node, type YAMLMap } from 'yaml';
import { UsageError } from '../usage-error.js';
import type { Inventory, Vars } from './model.js';
import { expandHostRanges, splitPort } from './host-pattern.js';

/**
 * Adds the hosts and groups of a YAML inventory to `inventory`; `file` names it in errors.
 * @example
 * parseYamlInventory('all:\n  hosts:\n    web1:\n      ansible_port: 2222\n', 'hosts.yml', inventory);
 */
export function parseYamlInventory(text: string, file: string, inventory: Inventory): void {
  const lines = new LineCounter();
  // The library's own duplicate-key check compares every key with every other one: 40,000 hosts took
  // a minute. `duplicateKey` finds them with a set, in one pass.
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: false });
  const [syntax] = document.errors;
  if (syntax !== undefined) {
    const line = syntax.linePos?.[0].line;
    // The message ends with its own " at line L, column C:" and a code frame; the prefix says the line.
    throw new UsageError(`${file}${line === undefined ? '' : `:${line}`}: not valid YAML: ${syntax.message.split(/ at line \d+|\n/)[0]}`);
  }
  const where = (node: Node | null | undefined): string => (node?.range ? `${file}:${lines.linePos(node.range[0]).line}` : file);
  const duplicate = duplicateKey(document);
  if (duplicate !== undefined) throw new UsageError(`${where(duplicate)}: not valid YAML: Map keys must be unique`);
  const root = document.contents;
  if (root === null || (isScalar(root) && root.value === null)) return;
  if (!isMap(root)) throw new UsageError(`${where(root)}: an inventory must be a mapping of group names (usually "all:")`);
  for (const pair of root.items) {
    const name = groupName(pair.key, where);
    readGroup(name, pair.value as Node | null, inventory, where);
  }
}

function readGroup(name: string, node: Node | null, inventory: Inventory, where: (node: Node | null | undefined) => string): void {
  inventory.group(name);
  if (node === null || (isScalar(node) && node.value === null)) return;
  if (!isMap(node)) throw new UsageError(`${where(node)}: the group ${JSON.stringify(name)} must be a mapping with hosts, vars or children`);
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = pair.value as Node | null;
    const empty = value === null || (isScalar(value) && value.value === null);
    if (key === 'hosts') {
      for (const host of empty ? [] : mapping(value, `the hosts of ${JSON.stringify(name)}`, where).items) {
        const pattern = isScalar(host.key) ? String(host.key.value) : '';
        const varsNode = host.value as Node | null;
        const vars = varsOf(varsNode, `the variables of host ${JSON.stringify(pattern)}`, where);
        const { name: hostPattern, port } = splitPort(pattern);
        if (port !== undefined) vars.ansible_port ??= port;
        let names: string[];
        try {
          names = expandHostRanges(hostPattern);
        } catch (error) {
          throw new UsageError(`${where(host.key as Node)}: ${(error as Error).message}`);
        }
        for (const hostName of names) inventory.addHost(name, hostName, vars, where(host.key as Node));
      }
    } else if (key === 'vars') {
      Object.assign(inventory.group(name).vars, varsOf(value, `the vars of ${JSON.stringify(name)}`, where));
    } else if (key === 'children') {
      for (const child of empty ? [] : mapping(value, `the children of ${JSON.stringify(name)}`, where).items) {
        const childName = groupName(child.key, where);
        inventory.addChild(name, childName, where(child.key as Node));
        readGroup(childName, child.value as Node | null, inventory, where);
      }
    } else {
      throw new UsageError(`${where(pair.key as Node)}: unknown key ${JSON.stringify(key)} in the group ${JSON.stringify(name)}; expected hosts, vars or children`);
    }
  }
}

/**
 * The first key that repeats one before it in the same mapping, anywhere in the document: one pass,
 * where the yaml library's `uniqueKeys` compares every key with every other one.
 * @example
 * duplicateKey(parseDocument('a: 1\na: 2\n', { uniqueKeys: false })); // => the second `a`
 */
export function duplicateKey(document: Document): Node | undefined {
  let found: Node | undefined;
  visit(document, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (seen.has(key)) {
          found = pair.key as Node;
          return visit.BREAK;
        }
        seen.add(key);
      }
      return undefined;
    },
  });
  return found;
}

function mapping(node: Node | null, what: string, where: (node: Node | null | undefined) => string): YAMLMap {
  if (!isMap(node)) throw new UsageError(`${where(node)}: ${what} must be a mapping`);
  return node;
}

function varsOf(node: Node | null, what: string, where: (node: Node | null | undefined) => string): Vars {
  if (node === null || (isScalar(node) && node.value === null)) return {};
  return mapping(node, what, where).toJSON() as Vars;
}

function groupName(key: unknown, where: (node: Node | null | undefined) => string): string {
  const name = isScalar(key) ? String(key.value) : '';
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(name)) {
    throw new UsageError(`${where(key as Node)}: ${JSON.stringify(name)} is not a group name (letters, digits, "_", "-" and ".")`);
  }
  return name;
}
