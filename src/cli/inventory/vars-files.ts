/**
 * `group_vars/` and `host_vars/` beside an inventory (in an inventory folder, or next to an inventory
 * file), read as Ansible's `host_group_vars` plugin reads them: for group or host NAME, the first of
 * `NAME`, `NAME.yml`, `NAME.yaml`, `NAME.json` that exists — a file, or a folder whose files (no
 * extension or one of those, hidden files and `~` backups skipped) are merged in name order. Each file
 * holds a YAML (or JSON) mapping of variables; an empty file holds none.
 */
import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { UsageError } from '../usage-error.js';
import { readInventoryText } from './limits.js';
import type { Inventory, Vars } from './model.js';

const EXTENSIONS = ['', '.yml', '.yaml', '.json'];

/**
 * Adds the variables of `dir/group_vars` and `dir/host_vars` to the groups and hosts of `inventory`;
 * files naming no group or host of it are ignored, as in Ansible.
 * @example
 * await loadVarsFiles('inventories/prod', inventory);
 */
export async function loadVarsFiles(dir: string, inventory: Inventory): Promise<void> {
  for (const [kind, names] of [['group_vars', [...inventory.groups.keys()]], ['host_vars', [...inventory.hosts.keys()]]] as const) {
    const folder = join(dir, kind);
    if ((await stat(folder).catch(() => undefined))?.isDirectory() !== true) continue;
    for (const name of names) {
      // A name with a path separator is no file of this folder (Ansible skips such "chroot" names too).
      if (name.includes('/')) continue;
      for (const file of await varsFilesOf(folder, name)) {
        const vars = await readVars(file);
        if (kind === 'group_vars') inventory.addGroupFileVars(name, vars);
        else inventory.addHostFileVars(name, vars);
      }
    }
  }
}

/** The files holding NAME's variables in `folder`, in the order they apply. */
async function varsFilesOf(folder: string, name: string): Promise<string[]> {
  for (const extension of EXTENSIONS) {
    const path = join(folder, name + extension);
    const stats = await stat(path).catch(() => undefined);
    if (stats === undefined) continue;
    return stats.isDirectory() ? filesIn(path) : [path];
  }
  return [];
}

async function filesIn(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const name of (await readdir(dir)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (name.startsWith('.') || name.endsWith('~')) continue;
    const path = join(dir, name);
    const stats = await stat(path);
    const extension = extname(name);
    if (stats.isDirectory() && extension === '') files.push(...(await filesIn(path)));
    else if (stats.isFile() && EXTENSIONS.includes(extension)) files.push(path);
  }
  return files;
}

async function readVars(file: string): Promise<Vars> {
  // Within the inventories' caps (limits.ts): an oversized file or line is refused, not read to its end.
  const text = await readInventoryText(file, 'the inventory variables');
  if (text.startsWith('$ANSIBLE_VAULT')) throw new UsageError(`${file} is encrypted with ansible-vault, which plesio cannot read; keep the connection variables plesio needs in a file of their own`);
  // The YAML parser loads only for an inventory that has such files.
  const [{ LineCounter, parseDocument }, { duplicateKey }] = await Promise.all([import('yaml'), import('./yaml.js')]);
  const lines = new LineCounter();
  // Duplicate keys found in one pass (see yaml.ts): the library's own check is quadratic.
  const document = parseDocument(text, { uniqueKeys: false, prettyErrors: true, lineCounter: lines });
  const [syntax] = document.errors;
  if (syntax !== undefined) {
    const line = syntax.linePos?.[0].line;
    throw new UsageError(`${file}${line === undefined ? '' : `:${line}`}: not valid YAML: ${syntax.message.split(/ at line \d+|\n/)[0]}`);
  }
  const duplicate = duplicateKey(document);
  if (duplicate?.range) throw new UsageError(`${file}:${lines.linePos(duplicate.range[0]).line}: not valid YAML: Map keys must be unique`);
  const vars = document.toJS() as unknown;
  if (vars === null || vars === undefined) return {};
  if (typeof vars !== 'object' || Array.isArray(vars)) throw new UsageError(`${file}: inventory variables must be a mapping of names to values`);
  return vars as Vars;
}
