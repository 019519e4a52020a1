/**
 * Malformed input files get an error that names the file and the line: inventories (INI and YAML,
 * through loading and planning, as `plesio scan --inventory` reads them), fixture files (every kind of
 * JSON syntax error V8 reports, with and without a position) and known_hosts files — including when a
 * scan meets one, where it becomes the host's one-line `file-format` error instead of a crash.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadInventories } from '../../src/cli/inventory/load.js';
import { planHosts } from '../../src/cli/plan.js';
import { parseTarget } from '../../src/cli/targets.js';
import { FileFormatError } from '../../src/executors/errors.js';
import { readFixture } from '../../src/executors/fixture.js';
import { sshExecutor } from '../../src/executors/ssh/executor.js';
import { loadKnownHosts } from '../../src/executors/ssh/host-key.js';
import { scanHost } from '../../src/hosts/scan.js';
import { Farm } from '../support/faults/farm.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plesio-malformed-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes `text` to a fresh file named `name` and returns its path. */
async function file(name: string, text: string | Buffer): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

/** Loads and plans an inventory the way `plesio scan --inventory` does; returns the error. */
async function inventoryError(path: string): Promise<Error> {
  try {
    const inventory = await loadInventories([path]);
    planHosts({ targets: [], local: false, inventory, limit: undefined, user: undefined, port: undefined, identityFiles: [] });
  } catch (error) {
    return error as Error;
  }
  throw new Error(`${path} was accepted`);
}

describe('a malformed inventory names the file and the line', () => {
  test.each([
    ['bad-section.ini', '[web\nweb1\n', 1],
    ['unterminated.ini', '[web]\n"web1\n', 2],
    ['junk-after-host.ini', '[web]\nweb1\nweb2 this;rm -rf /\n', 3],
    ['bad-port.ini', '[web]\nweb1\nweb2 ansible_port=abc\n', 3],
    ['port-out-of-range.ini', '[web]\nweb1 ansible_port=99999\n', 2],
    ['command-as-host.ini', '[web]\nweb1 ansible_host=$(reboot)\n', 2],
    ['host-with-port.ini', '[web]\n\nweb1 ansible_host=web1:22\n', 3],
    ['bad-connection.ini', '[web]\nweb1 ansible_connection=winrm\n', 2],
    ['binary.ini', Buffer.from([0x5b, 0x77, 0x5d, 0x0a, 0x00, 0xff, 0xfe, 0x20, 0x01, 0x0a]), 2],
    ['invalid.yml', 'all:\n  hosts:\n    web1: [\n', 4],
    ['unknown-key.yml', 'all:\n  hostz:\n    web1:\n', 2],
    ['bad-port.yml', 'all:\n  hosts:\n    web1:\n      ansible_port: abc\n', 3],
    ['bad-host.yml', 'all:\n  hosts:\n    "bad host":\n', 3],
    ['list-port.yml', 'all:\n  hosts:\n    web1:\n      ansible_port: [22, 23]\n', 3],
    ['not-a-mapping.yml', '- web1\n- web2\n', 1],
  ])('%s', async (name, text, line) => {
    const path = await file(name, text);
    const error = await inventoryError(path);
    expect(error.message.startsWith(`${path}:${line}: `), error.message).toBe(true);
    expect(error.message).not.toContain('\n');
  });

  test('a malformed target in an inventory variable says where it came from', () => {
    expect(() => parseTarget('web1;rm', 'hosts.ini:7: host "web1"')).toThrow(/^hosts\.ini:7: host "web1": malformed target "web1;rm"/);
  });
});

describe('a malformed fixture file names the file and the line', () => {
  // V8 names a position for some syntax errors and not for others; every kind must give the line.
  test.each([
    ['trailing-comma.json', '{\n  "format": "plesio-fixture",\n}\n', 3],
    ['bad-literal.json', '{\n  "format": "plesio-fixture",\n  "version": tru\n}\n', 3],
    ['bare-word.json', '\n\nnot json\n', 3],
    ['cut-off.json', '{\n  "format": "plesio-fixture",\n  "entries": [\n', 4],
    ['empty.json', '', 1],
    ['binary.json', Buffer.from([0x7b, 0x0a, 0x00, 0xff, 0x0a]), 2],
    ['stray-brace.json', '{\n  "a": 1.5,\n  "b": tru}\n', 3],
    ['unterminated-string.json', '{\n  "format": "plesio-fixture\n}\n', 2],
  ])('%s', async (name, text, line) => {
    const path = await file(name, text);
    const error = await readFixture(path).then(() => new Error('accepted'), (e: unknown) => e as Error);
    expect(error).toBeInstanceOf(FileFormatError);
    expect(error).toMatchObject({ code: 'file-format', file: path, line });
    expect(error.message.startsWith(`${path}:${line}: not valid JSON`), error.message).toBe(true);
    expect(error.message).not.toContain('\n');
  });

  test('a well-formed file of the wrong shape names the file and the field', async () => {
    const path = await file('wrong-shape.json', JSON.stringify({ format: 'plesio-fixture', version: 1, host: 'h', recordedAt: 'now', tool: { name: 'plesio', version: '0' }, entries: [{ command: 'x', sudo: false, result: { stdout: '', stderr: '', code: '1', signal: null, durationMs: 1 } }] }));
    await expect(readFixture(path)).rejects.toThrow(`${path}: entries[0].result.code must be an integer or null`);
  });
});

describe('a malformed known_hosts file names the file and the line', () => {
  test.each([
    ['no-key', '[127.0.0.1]:22\n', 1],
    ['bad-base64', '# comment\n\n[127.0.0.1]:22 ssh-ed25519 !!!notbase64\n', 3],
    ['wrong-type', 'host ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n', 1],
    ['unknown-marker', '@trusted host ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n', 1],
    ['bad-hash', '|1|nothash host ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n', 1],
    ['binary', Buffer.from([0x0a, 0x00, 0xff, 0x20, 0x01, 0x0a]), 2],
  ])('%s', async (name, text, line) => {
    const path = await file(`known_hosts_${name}`, text);
    const error = await loadKnownHosts([path]).then(() => new Error('accepted'), (e: unknown) => e as Error);
    expect(error).toBeInstanceOf(FileFormatError);
    expect(error).toMatchObject({ file: path, line });
    expect(error.message.startsWith(`${path}:${line}: `), error.message).toBe(true);
  });

  test('a scan that meets one reports the host failed with file-format, naming the file and the line', async () => {
    const farm = await Farm.start({ scanHost, sshExecutor }, { dir: await mkdtemp(join(dir, 'farm-')), connectTimeoutMs: 2_000, commandTimeoutMs: 2_000 });
    try {
      const host = await farm.add('healthy');
      await writeFile(farm.knownHostsPath, `[127.0.0.1]:${host.server.port} ssh-ed25519\n`);
      const { report } = await farm.scan(host);
      expect(report).toMatchObject({ status: 'failed', error: { code: 'file-format', message: expect.stringContaining(`${farm.knownHostsPath}:1: `) }, facts: {} });
      expect(host.server.authAttempts).toEqual([]);
    } finally {
      await farm.stop();
    }
  });
});
