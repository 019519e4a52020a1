/**
 * Reading `--inventory` sources as Ansible does: a file, INI or YAML — told apart by the extension
 * and, without a telling one, by the first meaningful line (`[group]` or `host var=value` is INI;
 * `name:` or `---` is YAML) — or a folder of such files (see `directory.ts`); then the `group_vars/`
 * and `host_vars/` beside each source (see `vars-files.ts`).
 */
import { stat } from 'node:fs/promises';
import { dirname, extname } from 'node:path';
import { inventoryFiles } from './directory.js';
import { readInventoryText } from './limits.js';
import { parseIniInventory } from './ini.js';
import { Inventory } from './model.js';
import { loadVarsFiles } from './vars-files.js';

/**
 * Reads every inventory source into one inventory, as Ansible merges several `-i` sources.
 * @example
 * const inventory = await loadInventories(['hosts.ini', 'cloud.yml', 'inventories/prod/']);
 */
export async function loadInventories(sources: readonly string[]): Promise<Inventory> {
  const inventory = new Inventory();
  const varsDirs: string[] = [];
  for (const source of sources) {
    const isDirectory = (await stat(source).catch(() => undefined))?.isDirectory() === true;
    for (const file of isDirectory ? await inventoryFiles(source) : [source]) await loadFile(file, inventory);
    const varsDir = isDirectory ? source : dirname(source);
    if (!varsDirs.includes(varsDir)) varsDirs.push(varsDir);
  }
  // Vars files apply to every group and host of the inventory, whichever source defined them.
  for (const dir of varsDirs) await loadVarsFiles(dir, inventory);
  return inventory;
}

async function loadFile(file: string, inventory: Inventory): Promise<void> {
  // Within the caps of limits.ts: an oversized file or line is refused, not read to its end.
  const text = await readInventoryText(file, 'the inventory');
  if (inventoryFormat(file, text) === 'yaml') {
    // The YAML parser loads with the first YAML inventory: INI inventories never need it.
    const { parseYamlInventory } = await import('./yaml.js');
    parseYamlInventory(text, file, inventory);
  } else {
    parseIniInventory(text, file, inventory);
  }
}

/** Which parser reads `file`. */
export function inventoryFormat(file: string, text: string): 'ini' | 'yaml' {
  const extension = extname(file).toLowerCase();
  if (extension === '.yml' || extension === '.yaml' || extension === '.json') return 'yaml';
  if (extension === '.ini' || extension === '.cfg') return 'ini';
  const first = text.split(/\r?\n/).map((line) => line.trim()).find((line) => line !== '' && !line.startsWith('#') && !line.startsWith(';'));
  if (first === undefined) return 'ini';
  return first === '---' || first.startsWith('{') || /^[^\s[=]+:\s*(#.*)?$/.test(first) ? 'yaml' : 'ini';
}
