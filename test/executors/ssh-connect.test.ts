/**
 * The SSH executor connecting to a real OpenSSH server on loopback: host keys, authentication, connect
 * failures, the ssh config, ProxyJump and servers that allow few sessions.
 */
import { createServer, type Socket } from 'node:net';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { AuthError, ConnectError, FileFormatError, HostKeyMismatchError, HostKeyUnknownError } from '../../src/executors/errors.js';
import { readSecret } from '../../src/executors/secret.js';
import { startAgent } from '../support/agent.js';
import { startPasswordServer } from '../support/fake-ssh-server.js';
import { freePort, generateKey, run } from '../support/process.js';
import { executorsFor, secretSpies } from '../support/ssh-executors.js';
import { startSshd, type TestSshd } from '../support/sshd.js';

let sshd: TestSshd;
let dir: string;
beforeAll(async () => {
  sshd = await startSshd();
  dir = await mkdtemp(join(tmpdir(), 'plesio-ssh-connect-'));
});
afterAll(async () => {
  await sshd?.stop();
  await rm(dir, { recursive: true, force: true });
});
const executor = executorsFor(() => sshd);
afterEach(() => executor.closeAll());

const spies = secretSpies;

describe('host keys', () => {
  test('an unknown host fails under the default strict policy, before any credential is asked for', async () => {
    const knownHostsPath = join(dir, 'empty_known_hosts');
    await writeFile(knownHostsPath, '');
    const secrets = spies();
    const error = await executor({ knownHostsPath, ...secrets }).exec('true').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HostKeyUnknownError);
    expect(error).toMatchObject({ code: 'host-key-unknown', host: sshd.host });
    expect((error as Error).message).toMatch(/ssh-ed25519 key SHA256:\S+ of \S+ is not in known_hosts/);
    expect(secrets.asked).toEqual([]);
  });

  test('accept-new records a new host, which a strict connection then trusts', async () => {
    const knownHostsPath = join(dir, 'accept_new_known_hosts');
    await expect(executor({ knownHostsPath, hostKeyPolicy: 'accept-new' }).exec('echo ok')).resolves.toMatchObject({ stdout: 'ok\n' });
    expect(await readFile(knownHostsPath, 'utf8')).toBe(`[${sshd.host}]:${sshd.port} ${sshd.hostPublicKey}\n`);
    await expect(executor({ knownHostsPath }).exec('echo again')).resolves.toMatchObject({ stdout: 'again\n' });
  });

  test('a changed key fails with HostKeyMismatchError under every policy, and no credential is sent', async () => {
    const knownHostsPath = join(dir, 'changed_known_hosts');
    const otherKey = await generateKey(join(dir, 'other_host_key'));
    await writeFile(knownHostsPath, `[${sshd.host}]:${sshd.port} ${otherKey}\n`);
    for (const hostKeyPolicy of ['strict', 'accept-new'] as const) {
      const secrets = spies();
      const error = await executor({ knownHostsPath, hostKeyPolicy, ...secrets }).exec('true').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HostKeyMismatchError);
      expect((error as Error).message).toContain(`${knownHostsPath}:1`);
      expect(secrets.asked).toEqual([]);
    }
    expect(await readFile(knownHostsPath, 'utf8')).toBe(`[${sshd.host}]:${sshd.port} ${otherKey}\n`);
  });

  test('a server with several host keys is asked for the type known_hosts has', async () => {
    const ecdsaKey = join(dir, 'host_ecdsa');
    const ecdsaPublic = await generateKey(ecdsaKey, '', 'ecdsa');
    // ssh2 prefers ed25519; this server has both, and only its ECDSA key is known.
    const twoKeys = await startSshd({ extraConfig: [`HostKey ${ecdsaKey}`] });
    try {
      await twoKeys.authorize(await readFile(`${sshd.clientKeyPath}.pub`, 'utf8'));
      const knownHostsPath = join(dir, 'ecdsa_known_hosts');
      await writeFile(knownHostsPath, `[${twoKeys.host}]:${twoKeys.port} ${ecdsaPublic}\n`);
      const host = executor({ knownHostsPath }, `${twoKeys.user}@${twoKeys.host}:${twoKeys.port}`);
      await expect(host.exec('echo ecdsa')).resolves.toMatchObject({ stdout: 'ecdsa\n' });
    } finally {
      await executor.closeAll();
      await twoKeys.stop();
    }
  });

  test('a known_hosts file hashed by ssh-keygen -H is understood', async () => {
    const knownHostsPath = join(dir, 'hashed_known_hosts');
    await copyFile(sshd.knownHostsPath, knownHostsPath);
    await run('ssh-keygen', ['-q', '-H', '-f', knownHostsPath]);
    expect(await readFile(knownHostsPath, 'utf8')).toMatch(/^\|1\|/);
    await expect(executor({ knownHostsPath }).exec('echo hashed')).resolves.toMatchObject({ stdout: 'hashed\n' });
  });

  test('a malformed known_hosts line fails the connection naming the file and line', async () => {
    const knownHostsPath = join(dir, 'broken_known_hosts');
    await writeFile(knownHostsPath, `# ok\n[${sshd.host}]:${sshd.port} ssh-ed25519\n`);
    const error = await executor({ knownHostsPath }).exec('true').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileFormatError);
    expect((error as Error).message).toContain(`${knownHostsPath}:2:`);
  });
});

describe('authentication', () => {
  test('a key held by a real ssh-agent is enough', async () => {
    const agent = await startAgent(dir, [sshd.clientKeyPath]);
    try {
      await expect(executor({ identityFiles: [], agent: agent.socket }).exec('echo agent')).resolves.toMatchObject({ stdout: 'agent\n' });
    } finally {
      await executor.closeAll();
      await agent.stop();
    }
  });

  test('with nothing to offer, AuthError says so', async () => {
    const error = await executor({ identityFiles: [] }).exec('true').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as Error).message).toContain('tried nothing');
  });

  test('a key the server does not accept gives AuthError naming it', async () => {
    const stranger = join(dir, 'stranger_key');
    await generateKey(stranger);
    const error = await executor({ identityFiles: [stranger] }).exec('true').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'auth', host: sshd.host });
    expect((error as Error).message).toContain(stranger);
  });

  test("an encrypted key's passphrase is asked for once, naming the key file", async () => {
    const key = join(dir, 'encrypted_key');
    await sshd.authorize(await generateKey(key, 'correct horse'));
    const asked: string[] = [];
    const passphrase = async (file: string): Promise<string> => (asked.push(file), 'correct horse');
    await expect(executor({ identityFiles: [key], passphrase }).exec('echo unlocked')).resolves.toMatchObject({ stdout: 'unlocked\n' });
    expect(asked).toEqual([key]);
  });

  test('a passphrase can come from a private file', async () => {
    const key = join(dir, 'encrypted_key_2');
    await sshd.authorize(await generateKey(key, 'from a file'));
    const secretFile = join(dir, 'passphrase');
    await writeFile(secretFile, 'from a file\n', { mode: 0o600 });
    await expect(executor({ identityFiles: [key], passphrase: () => readSecret(secretFile) }).exec('echo ok')).resolves.toMatchObject({ stdout: 'ok\n' });
  });

  test('a wrong passphrase gives AuthError saying so', async () => {
    const key = join(dir, 'encrypted_key_3');
    await sshd.authorize(await generateKey(key, 'right'));
    const error = await executor({ identityFiles: [key], passphrase: async () => 'wrong' }).exec('true').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as Error).message).toContain(`${key} (wrong passphrase)`);
  });

  test('a password is asked for only when the server takes passwords, and is used', async () => {
    const server = await startPasswordServer('s3cret');
    try {
      const knownHostsPath = join(dir, 'fake_known_hosts');
      await writeFile(knownHostsPath, server.knownHostsLine + '\n');
      const requests: unknown[] = [];
      const password = async (request: unknown): Promise<string> => (requests.push(request), 's3cret');
      const host = executor({ knownHostsPath, identityFiles: [], password }, `alice@127.0.0.1:${server.port}`);
      await expect(host.exec('uptime')).resolves.toMatchObject({ stdout: 'ran: uptime\n', code: 0 });
      expect(requests).toEqual([{ host: '127.0.0.1', user: 'alice' }]);
      expect(server.passwordsOffered).toEqual(['s3cret']);
    } finally {
      await executor.closeAll();
      await server.stop();
    }
  });

  test('a key that needs no passphrase is offered at once, without a `none` probe: one round trip less', async () => {
    const server = await startPasswordServer('s3cret');
    try {
      const knownHostsPath = join(dir, 'fake_known_hosts_probe');
      await writeFile(knownHostsPath, server.knownHostsLine + '\n');
      const plainKey = join(dir, 'plain_key_probe');
      await generateKey(plainKey, '');
      const encryptedKey = join(dir, 'encrypted_key_probe');
      await generateKey(encryptedKey, 'right');
      const passphrases: string[] = [];
      const passphrase = async (file: string): Promise<string> => (passphrases.push(file), 'right');
      const password = async (): Promise<string> => 's3cret';
      // A plain key first: offered straight away; the server's refusal lists what it takes.
      await executor({ knownHostsPath, identityFiles: [plainKey], password }, `alice@127.0.0.1:${server.port}`).exec('true');
      expect(server.methodsTried).toEqual(['publickey', 'password']);
      // An encrypted key first: `none` asks first, so its passphrase is never asked for a server without public keys.
      server.methodsTried.length = 0;
      await executor({ knownHostsPath, identityFiles: [encryptedKey], passphrase, password }, `bob@127.0.0.1:${server.port}`).exec('true');
      expect(server.methodsTried).toEqual(['none', 'password']);
      expect(passphrases).toEqual([]);
    } finally {
      await executor.closeAll();
      await server.stop();
    }
  });

  test('the password provider is not called when the server does not take passwords', async () => {
    const secrets = spies();
    await expect(executor({ identityFiles: [], ...secrets }).exec('true')).rejects.toThrow(AuthError);
    expect(secrets.asked).toEqual([]);
  });

  test('the password provider is not called when a key already works', async () => {
    const secrets = spies();
    await executor({ ...secrets }).exec('true');
    expect(secrets.asked).toEqual([]);
  });
});

describe('ProxyCommand', () => {
  /** A ProxyCommand that relays stdin and stdout to host:port, as `nc` or `ssh -W` would. */
  const relay = `${process.execPath} -e "const s=require('net').connect(+process.argv[2],process.argv[1]);process.stdin.pipe(s);s.pipe(process.stdout);s.on('close',()=>process.exit(0))"`;

  test('carries the connection through the command the config names, and ends it with the connection', async () => {
    const config = join(dir, 'proxy_config');
    await writeFile(config, `Host viaproxy\n  HostName 127.0.0.1\n  Port ${sshd.port}\n  User root\n  ProxyCommand ${relay} %h %p\n`);
    const host = executor({ configPath: config }, 'viaproxy');
    const { stdout } = await host.exec('echo through the proxy');
    expect(stdout).toBe('through the proxy\n');
    await host.close();
    // The relay goes with the connection: nothing of it is left running (given a moment to exit).
    const running = async (): Promise<boolean> => (await run('ps', ['-eo', 'args'])).includes('process.argv[2],process.argv[1]);process.stdin.pipe(s)');
    for (const start = Date.now(); (await running()) && Date.now() - start < 3_000; ) await new Promise((r) => setTimeout(r, 50));
    expect(await running()).toBe(false);
  });

  test('a ProxyCommand that fails is ConnectError saying what it printed', async () => {
    const config = join(dir, 'failing_proxy_config');
    await writeFile(config, `Host deadproxy\n  HostName 127.0.0.1\n  Port ${sshd.port}\n  ProxyCommand sh -c 'echo "no route to %h" >&2; exit 3'\n`);
    const error = await executor({ configPath: config }, 'deadproxy').exec('true').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectError);
    expect(error).toMatchObject({ code: 'unreachable' });
    expect((error as Error).message).toMatch(/deadproxy: its ProxyCommand .* exited with status 3 before the connection was up: no route to 127\.0\.0\.1/);
  });
});

describe('connect failures', () => {
  test('a closed port is ConnectError with code refused', async () => {
    const port = await freePort();
    const error = await executor({}, `root@127.0.0.1:${port}`).exec('true').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectError);
    expect(error).toMatchObject({ code: 'refused', message: `127.0.0.1: connection to 127.0.0.1:${port} refused` });
  });

  test('a name that does not resolve is ConnectError with code dns', async () => {
    const error = await executor({ connectTimeoutMs: 20_000 }, 'root@no-such-host.invalid').exec('true').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'dns', host: 'no-such-host.invalid' });
  });

  test('a server that never speaks is ConnectError with code connect-timeout', async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as { port: number }).port;
      const error = await executor({ connectTimeoutMs: 300 }, `root@127.0.0.1:${port}`).exec('true').catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'connect-timeout' });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  test('the same connection error is reported to every waiting command', async () => {
    const port = await freePort();
    const host = executor({}, `root@127.0.0.1:${port}`);
    const outcomes = await Promise.all([host.exec('a'), host.exec('b')].map((p) => p.catch((e: { code: string }) => e.code)));
    expect(outcomes).toEqual(['refused', 'refused']);
  });
});

describe('ssh config and ProxyJump', () => {
  let fewSessions: TestSshd;
  beforeAll(async () => {
    fewSessions = await startSshd({ maxSessions: 2, extraConfig: ['AllowTcpForwarding no'] });
  });
  afterAll(async () => {
    await fewSessions?.stop();
  });

  async function configFile(text: string): Promise<string> {
    const path = join(dir, `ssh_config_${Math.random()}`);
    await writeFile(path, text);
    return path;
  }

  test('a Host alias is resolved through the ssh config (HostName, Port, User, IdentityFile)', async () => {
    const host = executor({ configPath: sshd.sshConfigPath, identityFiles: undefined }, 'testhost');
    expect(host.host).toBe('testhost');
    await expect(host.exec('echo via config')).resolves.toMatchObject({ stdout: 'via config\n' });
  });

  test('ProxyJump reaches the target through the jump host', async () => {
    const configPath = await configFile(
      [
        'Host jump',
        `  HostName ${sshd.host}`,
        `  Port ${sshd.port}`,
        `  User ${sshd.user}`,
        'Host behind',
        `  HostName ${sshd.host}`,
        `  Port ${sshd.port}`,
        `  User ${sshd.user}`,
        '  ProxyJump jump',
        '',
      ].join('\n'),
    );
    await expect(executor({ configPath }, 'behind').exec('echo behind')).resolves.toMatchObject({ stdout: 'behind\n' });
  });

  test('a jump host that refuses to forward fails naming the jump host', async () => {
    const configPath = await configFile(
      ['Host nojump', `  HostName ${fewSessions.host}`, `  Port ${fewSessions.port}`, 'Host behind', `  HostName ${sshd.host}`, `  Port ${sshd.port}`, '  ProxyJump nojump', ''].join('\n'),
    );
    const knownHostsPath = join(dir, 'two_hosts');
    await writeFile(knownHostsPath, (await readFile(sshd.knownHostsPath, 'utf8')) + (await readFile(fewSessions.knownHostsPath, 'utf8')));
    await fewSessions.authorize(await readFile(`${sshd.clientKeyPath}.pub`, 'utf8'));
    const error = await executor({ configPath, knownHostsPath }, `${sshd.user}@behind`).exec('true').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectError);
    expect((error as Error).message).toContain('nojump (jump host for behind)');
  });

  test('a server allowing fewer sessions than channels makes commands wait, not fail', async () => {
    await fewSessions.authorize(await readFile(`${sshd.clientKeyPath}.pub`, 'utf8'));
    const host = executor({ knownHostsPath: fewSessions.knownHostsPath, maxChannels: 8 }, `${fewSessions.user}@${fewSessions.host}:${fewSessions.port}`);
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => host.exec(`sleep 0.2; echo ${i}`)));
    expect(results.map((r) => r.stdout)).toEqual(['0\n', '1\n', '2\n', '3\n', '4\n', '5\n']);
  });

  test('a server that refuses every session fails the command with channel-refused after a few retries', async () => {
    const noSessions = await startSshd({ maxSessions: 0 });
    try {
      await noSessions.authorize(await readFile(`${sshd.clientKeyPath}.pub`, 'utf8'));
      const host = executor({ knownHostsPath: noSessions.knownHostsPath }, `${noSessions.user}@${noSessions.host}:${noSessions.port}`);
      const error = await host.exec('true').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectError);
      expect(error).toMatchObject({ code: 'channel-refused', command: 'true' });
    } finally {
      await executor.closeAll();
      await noSessions.stop();
    }
  });
});
