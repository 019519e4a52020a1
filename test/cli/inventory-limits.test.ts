/**
 * Oversized inventories (issue 13.9): a 100 MB line once took 90 s and 3.5 GB. A line past the cap,
 * a file or a pipe past the size cap, a range naming a billion hosts and too many hosts in all are
 * usage errors naming the file and line — and a pipe is not read beyond the cap: its writer is cut off.
 */
import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadInventories } from '../../src/cli/inventory/load.js';
import { selectHosts } from '../../src/cli/inventory/limit.js';
import { MAX_INVENTORY_BYTES, MAX_INVENTORY_HOSTS, MAX_LINE_BYTES } from '../../src/cli/inventory/limits.js';
import { UsageError } from '../../src/cli/usage-error.js';
import { E2E_TIMEOUT_MS, ensureBuilt, runCli, tempDir } from './helpers.js';

const MiB = 1024 * 1024;
let dir: string;
let remove: () => Promise<void>;
beforeAll(async () => ({ dir, remove } = await tempDir('plesio-inventory-limits-')));
afterAll(async () => remove?.());

/**
 * A FIFO whose writer sends `piece` again and again (up to `limit` bytes) until the reader goes
 * away; resolves with how many bytes it managed to write.
 */
async function endlessFifo(name: string, piece: string, limit = 200 * MiB): Promise<{ path: string; written: Promise<number> }> {
  const path = join(dir, name);
  await promisify(execFile)('mkfifo', [path]);
  const chunk = Buffer.from(piece.repeat(Math.ceil(65_536 / piece.length)));
  const written = new Promise<number>((resolve) => {
    const stream = createWriteStream(path);
    let total = 0;
    const pump = (): void => {
      while (total < limit) {
        total += chunk.length;
        if (!stream.write(chunk)) return void stream.once('drain', pump);
      }
      stream.end();
    };
    // EPIPE: the reader closed the FIFO, having read what it wanted.
    stream.on('error', () => resolve(total));
    stream.on('close', () => resolve(total));
    stream.once('open', pump);
  });
  return { path, written };
}

describe('inventory caps', () => {
  test('an endless line from a pipe is refused at the line cap, naming the file and line, and not read further', async () => {
    const { path, written } = await endlessFifo('endless.ini', 'web');
    const loading = loadInventories([path]);
    await expect(loading).rejects.toThrow(UsageError);
    await expect(loading).rejects.toThrow(`${path}:1: a line of more than ${MAX_LINE_BYTES} bytes in the inventory`);
    // The reader stopped after the cap (plus what the pipe and the writer's buffers hold), not at 200 MiB.
    expect(await written).toBeLessThan(4 * MiB);
  });

  test('a pipe giving more than the size cap in short lines is refused once it passes the cap', async () => {
    const { path, written } = await endlessFifo('many.ini', 'web1\n');
    await expect(loadInventories([path])).rejects.toThrow(`the inventory ${path} is too large: it gives more than ${MAX_INVENTORY_BYTES} bytes`);
    expect(await written).toBeLessThan(MAX_INVENTORY_BYTES + 4 * MiB);
  });

  test('a regular file larger than the cap is refused by its size, and a long line on line 3 by its line', async () => {
    const big = join(dir, 'big.ini');
    await writeFile(big, '');
    // Sparse: 200 MiB that take no disk, and that nobody reads.
    await truncate(big, 200 * MiB);
    await expect(loadInventories([big])).rejects.toThrow(`the inventory ${big} is too large: it has ${200 * MiB} bytes, more than the 16 MiB an inventory may have`);
    const long = join(dir, 'long.yml');
    await writeFile(long, `all:\n  hosts:\n    ${'w'.repeat(MAX_LINE_BYTES)}:\n`);
    await expect(loadInventories([long])).rejects.toThrow(`${long}:3: a line of more than ${MAX_LINE_BYTES} bytes`);
  });

  test('a range naming a billion hosts is refused before one is made', async () => {
    const ini = join(dir, 'range.ini');
    await writeFile(ini, '[web]\nweb1\nweb[0:999999999].example.com\n');
    await expect(loadInventories([ini])).rejects.toThrow(`${ini}:3: the range [0:999999999] names 1000000000 hosts, more than the 100000 one pattern may name`);
    const yml = join(dir, 'range.yml');
    await writeFile(yml, 'all:\n  hosts:\n    db-[a:z][0:9999]:\n');
    await expect(loadInventories([yml])).rejects.toThrow(`${yml}:3: the range [a:z] names 260000 hosts`);
  });

  test('more than 250000 hosts in all are refused at the line that passes the cap', async () => {
    expect(MAX_INVENTORY_HOSTS).toBe(250_000);
    const ini = join(dir, 'hosts.ini');
    await writeFile(ini, '[a]\nweb[0:99999]\n[b]\ndb[0:99999]\n[c]\nmail[0:99999]\n');
    await expect(loadInventories([ini])).rejects.toThrow(`${ini}:6: more than ${MAX_INVENTORY_HOSTS} hosts in the inventories`);
  }, 60_000);

  test('--limit @file is read within the same caps', async () => {
    const file = join(dir, 'retry.txt');
    await writeFile(file, `web1\n${'x'.repeat(MAX_LINE_BYTES + 1)}\n`);
    const small = join(dir, 'small.ini');
    await writeFile(small, 'web1\n');
    const inventory = await loadInventories([small]);
    expect(() => selectHosts(inventory, `@${file}`)).toThrow(`${file}:2: a line of more than ${MAX_LINE_BYTES} bytes in the --limit file`);
  });

  test('plesio scan says so and exits 1', async () => {
    await ensureBuilt();
    const file = join(dir, 'oneline.ini');
    await writeFile(file, `[web]\n${'web1 '.repeat(MAX_LINE_BYTES)}\n`);
    const run = await runCli(['scan', '--inventory', file], { home: dir });
    expect(run.stderr).toBe(`plesio: ${file}:2: a line of more than ${MAX_LINE_BYTES} bytes in the inventory; a line names one host or group with its variables (refused without reading further)\n`);
    expect(run.code).toBe(1);
  }, E2E_TIMEOUT_MS);
});
