/**
 * Reading `--inventory` files: INI or YAML, told apart by the extension and, without a telling one, by
 * the first meaningful line (`[group]` or `host var=value` is INI; `name:` or `---` is YAML).
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { fileProblem, UsageError } from '../usage-error.js';
import { parseIniInventory } from './ini.js';
import { Inventory } from './model.js';

/**
 * Reads every inventory file into one inventory, as Ansible merges several `-i` sources.
 * @example
 * const inventory = await loadInventories(['hosts.ini', 'cloud.yml']);
 */
export async function loadInventories(files: readonly string[]): Promise<Inventory> {
  const inventory = new Inventory();
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read the inventory ${file}: ${fileProblem(error)}`, { cause: error });
    }
    if (inventoryFormat(file, text) === 'yaml') {
      // The YAML parser loads with the first YAML inventory: INI inventories never need it.
      const { parseYamlInventory } = await import('./yaml.js');
      parseYamlInventory(text, file, inventory);
    } else {
      parseIniInventory(text, file, inventory);
    }
  }
  return inventory;
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
