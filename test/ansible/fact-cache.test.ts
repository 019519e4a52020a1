/**
 * Writing the cache files: named the prefix and the host, replaced atomically with mode 0600, never
 * through a link planted at the name, and names that cannot be files refused with a typed error.
 */
import { readFile, readdir, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { FactCacheError, FactCacheNameError, openFactCache } from '../../src/ansible/fact-cache.js';
import { tempDir } from '../cli/helpers.js';

let tmp: { dir: string; remove: () => Promise<void> };
beforeEach(async () => {
  tmp = await tempDir('plesio-fact-cache-');
});
afterEach(async () => {
  await tmp.remove();
});

describe('openFactCache', () => {
  test('creates the directory (0700) and writes one 0600 file per host, its prefix first, replacing the old one', async () => {
    const dir = join(tmp.dir, 'a', 'cache');
    const cache = await openFactCache(dir, 'facts_');
    await cache.write('web1', { ansible_hostname: 'web1' });
    await cache.write('web1', { ansible_hostname: 'web1', ansible_kernel: '6.1' });
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect(await readdir(dir)).toEqual(['facts_web1']);
    expect((await stat(join(dir, 'facts_web1'))).mode & 0o777).toBe(0o600);
    expect(await readFile(join(dir, 'facts_web1'), 'utf8')).toBe('{\n    "ansible_hostname": "web1",\n    "ansible_kernel": "6.1"\n}');
  });

  test('replaces a link planted at a host\'s name instead of writing where it points', async () => {
    const cache = await openFactCache(tmp.dir);
    const victim = join(tmp.dir, 'victim');
    await writeFile(victim, 'precious');
    await symlink(victim, join(tmp.dir, 'web1'));
    await cache.write('web1', { ansible_hostname: 'web1' });
    expect(await readFile(victim, 'utf8')).toBe('precious');
    expect((await stat(join(tmp.dir, 'web1'))).isFile()).toBe(true);
  });

  test('refuses host names that cannot be cache files, and a prefix with a slash', async () => {
    const cache = await openFactCache(tmp.dir);
    for (const host of ['a/b', '..', '.', '', 'x\0y', 'h'.repeat(256)]) await expect(cache.write(host, {}), JSON.stringify(host)).rejects.toThrow(FactCacheNameError);
    await expect(openFactCache(tmp.dir, 'a/')).rejects.toThrow(FactCacheError);
    expect(await readdir(tmp.dir)).toEqual([]);
  });

  test('refuses a path that is a file, or below one, naming it', async () => {
    const file = join(tmp.dir, 'file');
    await writeFile(file, '');
    await expect(openFactCache(file)).rejects.toThrow(/cannot use .*\/file as the Ansible fact cache: it is not a directory/);
    await expect(openFactCache(join(file, 'cache'))).rejects.toThrow(FactCacheError);
  });
});
