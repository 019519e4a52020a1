/**
 * Ansible's INI inventory format. It is not standard INI — host lines carry `key=value` variables and
 * ranges (`web[01:03]`), sections are `[group]`, `[group:vars]` and `[group:children]` — so no INI
 * library reads it correctly; this small dedicated parser does, and names the file and line of any
 * mistake.
 */
import { UsageError } from '../usage-error.js';
import type { Inventory, Vars } from './model.js';
import { expandHostRanges, splitPort } from './host-pattern.js';

const GROUP = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/**
 * Adds the hosts and groups of an INI inventory to `inventory`; `file` names it in errors.
 * @example
 * parseIniInventory('[web]\nweb[1:2] ansible_user=deploy\n', 'hosts.ini', inventory);
 */
export function parseIniInventory(text: string, file: string, inventory: Inventory): void {
  // Host lines before any section belong to `ungrouped`, as in Ansible.
  let section: { group: string; kind: 'hosts' | 'vars' | 'children' } = { group: 'ungrouped', kind: 'hosts' };
  text.split(/\r?\n/).forEach((raw, index) => {
    const where = `${file}:${index + 1}`;
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) return;
    const fail = (problem: string): never => {
      throw new UsageError(`${where}: ${problem}`);
    };
    if (line.startsWith('[')) {
      section = parseSection(line, fail);
      inventory.group(section.group);
      return;
    }
    switch (section.kind) {
      case 'hosts':
        return parseHostLine(line, section.group, where, inventory, fail);
      case 'children':
        if (!GROUP.test(line)) fail(`${JSON.stringify(line)} is not a group name (letters, digits, "_", "-" and ".")`);
        return inventory.addChild(section.group, line, where);
      case 'vars': {
        const eq = line.indexOf('=');
        if (eq <= 0) fail(`expected "name=value" in [${section.group}:vars], got ${JSON.stringify(line)}`);
        Object.assign(inventory.group(section.group).vars, { [line.slice(0, eq).trim()]: unquote(line.slice(eq + 1).trim()) });
        return;
      }
    }
  });
}

function parseSection(line: string, fail: (problem: string) => never): { group: string; kind: 'hosts' | 'vars' | 'children' } {
  const match = /^\[([^\]:]+)(?::([^\]]*))?\]\s*(?:[#;].*)?$/.exec(line);
  if (match === null) return fail(`malformed section header ${JSON.stringify(line)}; expected [group], [group:vars] or [group:children]`);
  const group = match[1]!.trim();
  if (!GROUP.test(group)) fail(`${JSON.stringify(group)} is not a group name (letters, digits, "_", "-" and ".")`);
  const kind = match[2] ?? 'hosts';
  if (kind !== 'hosts' && kind !== 'vars' && kind !== 'children') fail(`unknown section type ":${kind}" in ${line}; expected :vars or :children`);
  return { group, kind };
}

/** `name[:port] key=value key="quoted value" # comment` */
function parseHostLine(line: string, group: string, where: string, inventory: Inventory, fail: (problem: string) => never): void {
  const [pattern, ...assignments] = tokenize(line, fail);
  const vars: Vars = {};
  for (const assignment of assignments) {
    const eq = assignment.indexOf('=');
    if (eq <= 0) fail(`expected "name=value" after the host, got ${JSON.stringify(assignment)}`);
    vars[assignment.slice(0, eq)] = assignment.slice(eq + 1);
  }
  const { name, port } = splitPort(pattern!);
  if (port !== undefined) vars.ansible_port ??= port;
  let names: string[];
  try {
    names = expandHostRanges(name);
  } catch (error) {
    return fail((error as Error).message);
  }
  for (const host of names) inventory.addHost(group, host, vars, where);
}

/** Splits on white space outside quotes, drops quotes, and stops at a `#` that starts a word. */
function tokenize(line: string, fail: (problem: string) => never): string[] {
  const tokens: string[] = [];
  let current: string | undefined;
  let quote: string | undefined;
  for (const char of line) {
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
      else current += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      current ??= '';
    } else if (/\s/.test(char)) {
      if (current !== undefined) tokens.push(current);
      current = undefined;
    } else if (char === '#' && current === undefined) {
      break;
    } else {
      current = (current ?? '') + char;
    }
  }
  if (quote !== undefined) fail(`unterminated ${quote} quote`);
  if (current !== undefined) tokens.push(current);
  return tokens;
}

function unquote(value: string): string {
  const match = /^(["'])(.*)\1$/.exec(value);
  return match === null ? value : match[2]!;
}
