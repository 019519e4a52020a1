/**
 * `--ask-passphrase`: which identity files a scan's hosts would use, and the prompts for the encrypted
 * ones, checked against the keys themselves (generated here with ssh-keygen).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sshOptions } from '../../src/cli/executors.js';
import { askPassphrases, identityFilesOf } from '../../src/cli/passphrase.js';
import type { HostPlan } from '../../src/cli/plan.js';
import { UsageError } from '../../src/cli/usage-error.js';
import { defaultIdentityFiles } from '../../src/executors/ssh/config.js';
import { generateKey } from '../support/process.js';

let dir: string;
let plain: string;
let encrypted: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plesio-passphrase-'));
  plain = join(dir, 'plain_key');
  encrypted = join(dir, 'encrypted_key');
  await Promise.all([generateKey(plain), generateKey(encrypted, 'open sesame')]);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const ssh = (host: string, identityFiles: string[] = []): HostPlan => ({ kind: 'ssh', label: host, host, user: undefined, port: undefined, identityFiles });

/** An `ask` that answers from a script and records the prompts. */
function scripted(answers: string[]): { ask: (prompt: string) => Promise<string>; prompts: string[] } {
  const prompts: string[] = [];
  return { prompts, ask: async (prompt) => (prompts.push(prompt), answers.shift() ?? '') };
}

describe('askPassphrases', () => {
  test('asks only for encrypted keys, and again after a wrong passphrase', async () => {
    const { ask, prompts } = scripted(['wrong', 'open sesame']);
    const passphrases = await askPassphrases([plain, encrypted, join(dir, 'missing')], ask);
    expect([...passphrases]).toEqual([[encrypted, 'open sesame']]);
    expect(prompts).toEqual([`Enter passphrase for key '${encrypted}': `, `Wrong passphrase; try again for '${encrypted}': `]);
  });

  test('gives up after three wrong passphrases with a usage error', async () => {
    const { ask, prompts } = scripted(['a', 'b', 'c', 'open sesame']);
    const error = await askPassphrases([encrypted], ask).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(`--ask-passphrase: 3 wrong passphrases for ${encrypted}`);
    expect(prompts).toHaveLength(3);
  });
});

describe('identityFilesOf', () => {
  test('-i or inventory keys, else the ssh config IdentityFiles (jump hosts too), else OpenSSH defaults; each once', async () => {
    const config = join(dir, 'ssh_config');
    await mkdir(join(dir, 'keys'), { recursive: true });
    await writeFile(config, `Host web*\n  IdentityFile ${join(dir, 'keys', 'web')}\n  ProxyJump gw\nHost gw\n  IdentityFile ${join(dir, 'keys', 'gw')}\n`);
    const plans = [ssh('web1'), ssh('web2'), ssh('db1', [plain]), ssh('other'), { kind: 'local', label: 'here' } as const];
    expect(await identityFilesOf(plans, config)).toEqual([join(dir, 'keys', 'web'), join(dir, 'keys', 'gw'), plain, ...defaultIdentityFiles()]);
    expect(defaultIdentityFiles()[0]!.startsWith(homedir())).toBe(true);
  });
});

describe('sshOptions', () => {
  test('hands the executor the passphrases typed before the scan, and refuses any other key', async () => {
    const connect = { sshConfig: undefined, knownHosts: undefined, hostKeyPolicy: undefined, connectTimeoutMs: undefined, commandTimeoutMs: undefined, password: undefined, recordDir: undefined, pipelining: true, passphrases: new Map([[encrypted, 'open sesame']]) };
    const options = sshOptions({ kind: 'ssh', label: 'web1', host: 'web1', user: undefined, port: undefined, identityFiles: [] }, connect);
    expect(await options.passphrase!(encrypted)).toBe('open sesame');
    await expect(options.passphrase!(plain)).rejects.toThrow(`no passphrase was typed for ${plain} at the start`);
  });
});
