/**
 * Caps on inventory input (issue 13.9): a 100 MB inventory line once took 90 s and 3.5 GB. An
 * inventory (or a `--limit @file`) larger than `MAX_INVENTORY_BYTES`, with a line longer than
 * `MAX_LINE_BYTES`, or naming more than `MAX_INVENTORY_HOSTS` hosts is a usage error naming the file
 * and line. The size of a regular file is checked before it is read; a pipe (`--inventory <(…)`) and
 * a long line are refused as soon as the cap is passed, never read to their end.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { fileProblem, UsageError } from '../usage-error.js';

/** More than any real inventory: 16 MiB is some 300,000 INI host lines. */
export const MAX_INVENTORY_BYTES = 16 * 1024 * 1024;
/** A line names one host or group with its variables: 64 KiB is far more than that ever takes. */
export const MAX_LINE_BYTES = 64 * 1024;
/** Hosts of all inventories of one scan, ranges expanded. */
export const MAX_INVENTORY_HOSTS = 250_000;
/** Hosts one range pattern (`web[0:99999]`) may name. */
export const MAX_RANGE_HOSTS = 100_000;

const CHUNK = 64 * 1024;

/**
 * Reads an inventory file within the caps; `what` names it in messages (`the inventory`).
 * @example
 * const text = await readInventoryText('hosts.ini', 'the inventory');
 */
export async function readInventoryText(file: string, what: string): Promise<string> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw new UsageError(`cannot read ${what} ${file}: ${fileProblem(error)}`, { cause: error });
  }
  try {
    const reader = new CappedReader(file, what);
    reader.checkSize(await handle.stat());
    const chunk = Buffer.alloc(CHUNK);
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, CHUNK).catch((error: unknown) => reader.failed(error));
      if (bytesRead === 0) return reader.text();
      reader.add(chunk.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
  }
}

/**
 * `readInventoryText` for callers that cannot wait (`--limit @file`, read while hosts are selected).
 * @example
 * const text = readInventoryTextSync('retry.txt', '--limit @file');
 */
export function readInventoryTextSync(file: string, what: string): string {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw new UsageError(`cannot read ${what} ${file}: ${fileProblem(error)}`, { cause: error });
  }
  try {
    const reader = new CappedReader(file, what);
    reader.checkSize(fstatSync(fd));
    const chunk = Buffer.alloc(CHUNK);
    for (;;) {
      let bytesRead: number;
      try {
        bytesRead = readSync(fd, chunk, 0, CHUNK, null);
      } catch (error) {
        return reader.failed(error);
      }
      if (bytesRead === 0) return reader.text();
      reader.add(chunk.subarray(0, bytesRead));
    }
  } finally {
    closeSync(fd);
  }
}

/** Takes a file's bytes chunk by chunk, refusing them the moment a cap is passed. */
class CappedReader {
  private readonly chunks: Buffer[] = [];
  private total = 0;
  /** Bytes since the last newline, and lines before them. */
  private lineBytes = 0;
  private lines = 0;

  constructor(private readonly file: string, private readonly what: string) {}

  /** A regular file too big is refused before a byte of it is read. */
  checkSize(stats: { isFile(): boolean; size: number }): void {
    if (stats.isFile() && stats.size > MAX_INVENTORY_BYTES) this.tooBig(`it has ${stats.size} bytes`);
  }

  add(chunk: Buffer): void {
    this.total += chunk.length;
    if (this.total > MAX_INVENTORY_BYTES) this.tooBig(`it gives more than ${MAX_INVENTORY_BYTES} bytes`);
    for (let start = 0; ;) {
      const newline = chunk.indexOf(10, start);
      this.lineBytes += (newline === -1 ? chunk.length : newline) - start;
      if (this.lineBytes > MAX_LINE_BYTES) {
        throw new UsageError(`${this.file}:${this.lines + 1}: a line of more than ${MAX_LINE_BYTES} bytes in ${this.what}; a line names one host or group with its variables (refused without reading further)`);
      }
      if (newline === -1) break;
      this.lines += 1;
      this.lineBytes = 0;
      start = newline + 1;
    }
    this.chunks.push(Buffer.from(chunk));
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }

  failed(error: unknown): never {
    throw new UsageError(`cannot read ${this.what} ${this.file}: ${fileProblem(error)}`, { cause: error });
  }

  private tooBig(why: string): never {
    throw new UsageError(`${this.what} ${this.file} is too large: ${why}, more than the ${MAX_INVENTORY_BYTES / 1024 / 1024} MiB an inventory may have (about 300,000 hosts); split it`);
  }
}
