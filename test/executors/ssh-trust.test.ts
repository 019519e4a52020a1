/**
 * What the SSH executor trusts and what it says when it will not, against a real OpenSSH server on
 * loopback (and ssh2 or raw TCP servers for what sshd will not do on demand): host keys of another
 * type than the known ones, the exact fix for an unknown host key, authentication failures that say
 * what was tried and what the server allows, identity files other users may read, and a port that
 * accepts TCP but never speaks SSH.
 */
import { execFile } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ssh2, { type AuthenticationType } from 'ssh2';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { AuthError, ConnectError, HostKeyMismatchError, HostKeyUnknownError } from '../../src/executors/errors.js';
import type { HostKeyAdded } from '../../src/executors/ssh/host-key.js';
import { startAgent } from '../support/agent.js';
import { knownHostsLine, newHostKey } from '../support/faults/host-key.js';
import { generateKey } from '../support/process.js';
import { executorsFor, secretSpies } from '../support/ssh-executors.js';
import { startSshd, type TestSshd } from '../support/sshd.js';

let sshd: TestSshd;
let dir: string;
beforeAll(async () => {
  sshd = await startSshd();
  dir = await mkdtemp(join(tmpdir(), 'plesio-ssh-trust-'));
});
afterAll(async () => {
  await sshd?.stop();
  await rm(dir, { recursive: true, force: true });
});
const executor = executorsFor(() => sshd);
afterEach(() => executor.closeAll());

const spies = secretSpies;

const failure = (promise: Promise<unknown>): Promise<Error> => promise.then(() => expect.fail('it should have failed'), (error: Error) => error);

describe('a host key of another type than the known ones', () => {
  let ecdsaOnly: TestSshd;
  beforeAll(async () => {
    ecdsaOnly = await startSshd({ hostKeyType: 'ecdsa' });
    await ecdsaOnly.authorize(await readFile(`${sshd.clientKeyPath}.pub`, 'utf8'));
  });
  afterAll(() => ecdsaOnly?.stop());

  test('is a mismatch under accept-new, naming the known type, and is neither recorded nor sent a credential', async () => {
    // known_hosts knows an ed25519 key for the address; the host now has only an ECDSA key.
    const knownHostsPath = join(dir, 'other_type_known_hosts');
    const text = `[${ecdsaOnly.host}]:${ecdsaOnly.port} ${sshd.hostPublicKey}\n`;
    await writeFile(knownHostsPath, text);
    const added: HostKeyAdded[] = [];
    for (const hostKeyPolicy of ['accept-new', 'strict'] as const) {
      const secrets = spies();
      const target = `${ecdsaOnly.user}@${ecdsaOnly.host}:${ecdsaOnly.port}`;
      const error = await failure(executor({ knownHostsPath, hostKeyPolicy, onHostKeyAdded: (key) => added.push(key), ...secrets }, target).exec('true'));
      expect(error).toBeInstanceOf(HostKeyMismatchError);
      expect(error.message).toContain(`REMOTE HOST IDENTIFICATION HAS CHANGED: known_hosts has ssh-ed25519 keys for [127.0.0.1]:${ecdsaOnly.port} (${knownHostsPath}:1)`);
      expect(error.message).toContain('only an ecdsa-sha2-nistp256 key SHA256:');
      // The way out is to check and remove the old key, not to accept whatever is offered.
      expect(error.message).not.toContain('accept-new');
      expect(secrets.asked).toEqual([]);
    }
    expect(await readFile(knownHostsPath, 'utf8')).toBe(text);
    expect(added).toEqual([]);
  });

  test('is never negotiated when the host also has a known one: the known types are offered first', async () => {
    const ecdsaKey = join(dir, 'second_host_ecdsa');
    const ecdsaPublic = await generateKey(ecdsaKey, '', 'ecdsa');
    // ssh2 prefers ed25519; this server has both, and only its ECDSA key is known.
    const twoKeys = await startSshd({ extraConfig: [`HostKey ${ecdsaKey}`] });
    try {
      await twoKeys.authorize(await readFile(`${sshd.clientKeyPath}.pub`, 'utf8'));
      const knownHostsPath = join(dir, 'ecdsa_only_known_hosts');
      const text = `[${twoKeys.host}]:${twoKeys.port} ${ecdsaPublic}\n`;
      await writeFile(knownHostsPath, text);
      const added: HostKeyAdded[] = [];
      const host = executor({ knownHostsPath, hostKeyPolicy: 'accept-new', onHostKeyAdded: (key) => added.push(key) }, `${twoKeys.user}@${twoKeys.host}:${twoKeys.port}`);
      await expect(host.exec('echo ecdsa')).resolves.toMatchObject({ stdout: 'ecdsa\n' });
      expect(await readFile(knownHostsPath, 'utf8')).toBe(text);
      expect(added).toEqual([]);
    } finally {
      await executor.closeAll();
      await twoKeys.stop();
    }
  });
});

describe('an unknown host key', () => {
  test('fails with the ssh-keyscan line that, run as given, makes the host known', async () => {
    // A folder a shell would split and unquote: the line must be quoted to work.
    const folder = join(dir, "known hosts 'quoted'");
    await mkdir(folder, { recursive: true });
    const knownHostsPath = join(folder, 'known_hosts');
    await writeFile(knownHostsPath, '');
    const error = await failure(executor({ knownHostsPath }).exec('true'));
    expect(error).toBeInstanceOf(HostKeyUnknownError);
    expect(error.message).toContain('--host-key-policy accept-new');
    const keyscan = /add it with: (ssh-keyscan .*)$/.exec(error.message)?.[1];
    expect(keyscan).toBe(`ssh-keyscan -p ${sshd.port} 127.0.0.1 >> '${folder}/known_hosts'`.replace("'quoted'", `'\\''quoted'\\''`));
    await promisify(execFile)('/bin/sh', ['-c', keyscan!]);
    await expect(executor({ knownHostsPath }).exec('echo known now')).resolves.toMatchObject({ stdout: 'known now\n' });
  });

  test('under accept-new is recorded and reported to the listener once, with its type and fingerprint', async () => {
    const knownHostsPath = join(dir, 'reported_known_hosts');
    const added: HostKeyAdded[] = [];
    await executor({ knownHostsPath, hostKeyPolicy: 'accept-new', onHostKeyAdded: (key) => added.push(key) }).exec('true');
    await executor({ knownHostsPath, hostKeyPolicy: 'accept-new', onHostKeyAdded: (key) => added.push(key) }).exec('true');
    const fingerprint = (await promisify(execFile)('ssh-keygen', ['-l', '-f', knownHostsPath])).stdout.split(' ')[1];
    expect(added).toEqual([{ host: sshd.host, name: `[127.0.0.1]:${sshd.port}`, keyType: 'ssh-ed25519', fingerprint, file: knownHostsPath }]);
  });
});

describe('authentication failures', () => {
  test('say what the server allows and that a password given for it was not offered', async () => {
    const stranger = join(dir, 'stranger_key');
    await generateKey(stranger);
    const secrets = spies();
    const error = await failure(executor({ identityFiles: [stranger], password: secrets.password }).exec('true'));
    expect(error).toBeInstanceOf(AuthError);
    expect(error.message).toBe(
      `${sshd.host}: authentication as ${sshd.user} failed: Permission denied (publickey); tried ${stranger}; not offered: the password (the server does not take passwords)`,
    );
    expect(secrets.asked).toEqual([]);
  });

  test('never say "no password provider" when one was given', async () => {
    const error = await failure(executor({ identityFiles: [], password: async () => 'typed' }).exec('true'));
    expect(error.message).toContain('Permission denied (publickey); tried nothing; not offered: the password (the server does not take passwords)');
    expect(error.message).not.toContain('no password provider');
  });

  test("repeat only well-formed method names of the server's answer", async () => {
    const hostKey = newHostKey();
    const server = new ssh2.Server({ hostKeys: [hostKey.privateKey] }, (client) => {
      client.on('error', () => undefined);
      // A method name no server sends, with a terminal escape in it.
      client.on('authentication', (ctx) => ctx.reject(['publickey', 'x\x1b]0;owned\x07', 'password'] as AuthenticationType[]));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as { port: number }).port;
      const knownHostsPath = join(dir, 'hostile_methods_known_hosts');
      await writeFile(knownHostsPath, `${knownHostsLine(port, hostKey)}\n`);
      const error = await failure(executor({ knownHostsPath, identityFiles: [] }, `root@127.0.0.1:${port}`).exec('true'));
      expect(error.message).toContain('Permission denied (publickey,?,password)');
      expect(error.message).not.toMatch(/[\x00-\x1f]/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('an identity file other users may read', () => {
  let key: string;
  beforeAll(async () => {
    key = join(dir, 'shared_key');
    await sshd.authorize(await generateKey(key));
  });

  test('is refused, naming the file, its mode and the fix, as OpenSSH refuses an UNPROTECTED PRIVATE KEY FILE', async () => {
    await chmod(key, 0o640);
    const error = await failure(executor({ identityFiles: [key] }).exec('true'));
    expect(error).toBeInstanceOf(AuthError);
    expect(error.message).toContain(`not offered: ${key} (UNPROTECTED PRIVATE KEY FILE: accessible by other users (mode 640), so it was ignored; restrict it with chmod 600 ${key})`);
    await chmod(key, 0o600);
    await expect(executor({ identityFiles: [key] }).exec('echo private again')).resolves.toMatchObject({ stdout: 'private again\n' });
  });

  test('does not matter when the agent holds the key: the agent signs, the file is not read', async () => {
    await chmod(key, 0o600);
    const agentDir = await mkdtemp(join(dir, 'agent-'));
    const agent = await startAgent(agentDir, [key]);
    try {
      const copy = join(dir, 'shared_key_copy');
      await copyFile(key, copy);
      await chmod(copy, 0o644);
      await expect(executor({ identityFiles: [copy], agent: agent.socket }).exec('echo agent')).resolves.toMatchObject({ stdout: 'agent\n' });
    } finally {
      await executor.closeAll();
      await agent.stop();
    }
  });
});

describe('a port that accepts TCP but does not speak SSH', () => {
  /** A TCP server that sends `greeting` (if any) and then nothing. */
  async function mute(greeting?: string): Promise<{ port: number; stop: () => Promise<void> }> {
    const sockets = new Set<Socket>();
    const server: Server = createServer((socket) => {
      sockets.add(socket);
      if (greeting !== undefined) socket.write(greeting);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      port: (server.address() as { port: number }).port,
      async stop() {
        for (const socket of sockets) socket.destroy();
        await new Promise((resolve) => server.close(resolve));
      },
    };
  }

  test('says it connected but got no SSH banner, as ssh says "timed out during banner exchange"', async () => {
    const silent = await mute();
    try {
      const error = await failure(executor({ connectTimeoutMs: 300 }, `root@127.0.0.1:${silent.port}`).exec('true'));
      expect(error).toBeInstanceOf(ConnectError);
      expect(error).toMatchObject({ code: 'connect-timeout', message: `127.0.0.1: connected to 127.0.0.1:${silent.port}, but no SSH banner within 300 ms (is an SSH server listening there?)` });
    } finally {
      await silent.stop();
    }
  });

  test('after a banner, says the handshake did not complete', async () => {
    const stalled = await mute('SSH-2.0-stalled\r\n');
    try {
      const error = await failure(executor({ connectTimeoutMs: 300 }, `root@127.0.0.1:${stalled.port}`).exec('true'));
      expect(error).toMatchObject({ code: 'connect-timeout', message: `127.0.0.1: connected to 127.0.0.1:${stalled.port}, but the SSH handshake did not complete within 300 ms` });
    } finally {
      await stalled.stop();
    }
  });
});
