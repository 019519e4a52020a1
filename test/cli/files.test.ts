import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { checkKnownHosts, checkReadable, checkSshConfig, prepareRecordDir } from '../../src/cli/files.js';
import { UsageError } from '../../src/cli/usage-error.js';
import { tempDir, writeTemp } from './helpers.js';

describe('the checks made before any connection', () => {
  let dir: { dir: string; remove: () => Promise<void> };
  beforeEach(async () => (dir = await tempDir()));
  afterEach(() => dir.remove());

  test('accept a readable file and reject a missing one or a directory in plain words', async () => {
    const key = await writeTemp(dir.dir, 'id_ed25519', 'key');
    await expect(checkReadable(key, 'the identity file (-i)')).resolves.toBeUndefined();
    await expect(checkReadable(join(dir.dir, 'nope'), 'the identity file (-i)')).rejects.toThrow(`cannot read the identity file (-i) ${join(dir.dir, 'nope')}: it does not exist`);
    await expect(checkReadable(dir.dir, 'the identity file (-i)')).rejects.toThrow('it is a directory');
  });

  test('accept an ssh config (-F) that is a device, as ssh does, but not a directory', async () => {
    await expect(checkSshConfig('/dev/null')).resolves.toBeUndefined();
    await expect(checkSshConfig(await writeTemp(dir.dir, 'config', 'Host x\n'))).resolves.toBeUndefined();
    await expect(checkSshConfig(dir.dir)).rejects.toThrow(`cannot read the ssh config (-F) ${dir.dir}: it is a directory`);
    await expect(checkSshConfig(join(dir.dir, 'nope'))).rejects.toThrow('it does not exist');
    // Other files must be regular ones, and are not called a directory when they are not.
    await expect(checkReadable('/dev/null', 'the identity file (-i)')).rejects.toThrow('cannot read the identity file (-i) /dev/null: it is not a regular file');
  });

  test('allow a missing known_hosts only when accept-new will create it', async () => {
    const missing = join(dir.dir, 'known_hosts');
    await expect(checkKnownHosts(missing, 'accept-new')).resolves.toBeUndefined();
    await expect(checkKnownHosts(missing, 'strict')).rejects.toThrow(/it does not exist; with --host-key-policy strict no host could be verified/);
    await mkdir(join(dir.dir, 'kh-dir'));
    await expect(checkKnownHosts(join(dir.dir, 'kh-dir'), 'accept-new')).rejects.toThrow('it is a directory');
  });

  test('reject a known_hosts with a malformed line once, naming the file and line, before any host fails on it', async () => {
    const file = await writeTemp(dir.dir, 'kh-bad', 'web1 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGZha2Vfa2V5X2Zvcl90ZXN0c19vbmx5XzAxMjM0NTY3\nweb2 ssh-ed25519 not-base64!\n');
    const error = await checkKnownHosts(file, 'strict').then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(`the known_hosts file (--known-hosts) ${file}:2: the key is not a valid base64 ssh-ed25519 public key`);
  });

  test('create the record directory with its parents, or say why not', async () => {
    await expect(prepareRecordDir(join(dir.dir, 'a', 'b'))).resolves.toBeUndefined();
    const file = await writeTemp(dir.dir, 'plain', '');
    await expect(prepareRecordDir(join(file, 'sub'))).rejects.toThrow(/cannot create the --record directory .*: a part of its path is not a directory/);
  });
});
