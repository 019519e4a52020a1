/**
 * A PATH without some programs, for testing how plesio behaves on a host that lacks them (perl, which
 * pipelined sessions use to run their commands when it is there): a directory of links to every program
 * of the usual bin directories but those.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';

const BIN_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/**
 * Fills `dir` with links to every program of the standard bin directories whose name does not match
 * `without`, and returns it as a PATH of one directory.
 * @example
 * const path = await pathWithout(join(tmp, 'no-perl'), /^perl/);
 */
export async function pathWithout(dir: string, without: RegExp): Promise<string> {
  await mkdir(dir, { recursive: true });
  const seen = new Set<string>();
  for (const bin of BIN_DIRS) {
    if (!existsSync(bin)) continue;
    for (const name of await readdir(bin)) {
      if (seen.has(name) || without.test(name)) continue;
      seen.add(name);
      await symlink(join(bin, name), join(dir, name));
    }
  }
  return dir;
}
