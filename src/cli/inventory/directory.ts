/**
 * `--inventory DIR`, as Ansible reads an inventory directory: every file in it, in name order, and in
 * its subfolders, except hidden files, `group_vars`/`host_vars`/`vars_plugins` and the extensions
 * Ansible ignores there (`.md`, `.txt`, `.cfg`, `.retry`, backups…). `.ini` files are read, as since
 * ansible-core 2.19 (older versions skipped them, to the surprise of most). An executable script is
 * refused: plesio does not run dynamic inventories.
 */
import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileProblem, UsageError } from '../usage-error.js';

/** Names Ansible skips in an inventory directory (its INVENTORY_IGNORE_EXTS and the folders of vars). */
const IGNORED = /^\.|^(host_vars|group_vars|vars_plugins)$|(\.pyc|\.pyo|\.swp|\.bak|~|\.rpm|\.md|\.txt|\.rst|\.orig|\.cfg|\.retry)$/;

/**
 * The inventory files of directory `dir`, in the order Ansible reads them.
 * @example
 * await inventoryFiles('inventories/prod'); // => ['inventories/prod/hosts', 'inventories/prod/web.yml']
 */
export async function inventoryFiles(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    throw new UsageError(`cannot read the inventory folder ${dir}: ${fileProblem(error)}`, { cause: error });
  }
  const files: string[] = [];
  // Sorted by code point, as Python sorts the names Ansible lists.
  for (const name of names.filter((n) => !IGNORED.test(n)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const path = join(dir, name);
    const stats = await stat(path).catch(() => undefined);
    if (stats?.isDirectory() === true) files.push(...(await inventoryFiles(path)));
    else if (stats?.isFile() === true) {
      if (await isScript(path, stats.mode)) {
        throw new UsageError(`${path} is an executable script (#!), which Ansible would run as a dynamic inventory; plesio runs no scripts: list the hosts in an INI or YAML file (or clear its execute bit if it is one)`);
      }
      files.push(path);
    }
  }
  return files;
}

/** An executable file starting with `#!`: Ansible would run it as a dynamic inventory. */
async function isScript(path: string, mode: number): Promise<boolean> {
  if ((mode & 0o111) === 0) return false;
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer.toString('latin1') === '#!';
  } finally {
    await handle.close();
  }
}
