import { fstatSync, openSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readSecret } from '../../src/executors/secret.js';
import { sshExecutor } from '../../src/executors/ssh/executor.js';
import { loadSshConfig, parseTarget, resolveSettings } from '../../src/executors/ssh/config.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plesio-config-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function config(text: string): Promise<Awaited<ReturnType<typeof loadSshConfig>>> {
  const path = join(dir, `config-${Math.random()}`);
  await writeFile(path, text);
  return loadSshConfig(path);
}

describe('parseTarget', () => {
  test('reads user, host and port in their usual spellings', () => {
    expect(parseTarget('web1')).toEqual({ user: undefined, host: 'web1', port: undefined });
    expect(parseTarget('admin@web1:2222')).toEqual({ user: 'admin', host: 'web1', port: 2222 });
    expect(parseTarget('[::1]:2222')).toEqual({ user: undefined, host: '::1', port: 2222 });
    expect(parseTarget('root@fe80::1')).toEqual({ user: 'root', host: 'fe80::1', port: undefined });
  });

  test('rejects an empty host or an impossible port', () => {
    expect(() => parseTarget('admin@')).toThrow('expected [user@]host[:port]');
    expect(() => parseTarget('web1:70000')).toThrow('expected [user@]host[:port]');
  });
});

describe('Include', () => {
  /** A home with `.ssh/config` and the given files under `.ssh/`; returns the parsed config. */
  async function home(files: Record<string, string>, main: string): Promise<{ home: string; config: Awaited<ReturnType<typeof loadSshConfig>> }> {
    const root = await mkdtemp(join(dir, 'home-'));
    await mkdir(join(root, '.ssh', 'config.d'), { recursive: true });
    for (const [name, text] of Object.entries(files)) await writeFile(join(root, '.ssh', name), text);
    await writeFile(join(root, '.ssh', 'config'), main);
    return { home: root, config: await loadSshConfig(join(root, '.ssh', 'config'), root) };
  }

  test('splices in the files a glob names, in sorted order, relative paths from ~/.ssh; no match is no error', async () => {
    const { config: c } = await home(
      {
        'config.d/20-web': 'Host web1\n  HostName 10.0.0.1\n  User web\n',
        'config.d/10-db': 'Host db1\n  HostName 10.0.0.2\n',
        'config.d/.hidden': 'Host web1\n  HostName 10.9.9.9\n',
      },
      'Include config.d/* no-such-file\nHost *\n  User deploy\n',
    );
    expect(resolveSettings(c, 'web1')).toMatchObject({ hostName: '10.0.0.1', user: 'web' });
    expect(resolveSettings(c, 'db1')).toMatchObject({ hostName: '10.0.0.2', user: 'deploy' });
  });

  test('an Include inside a Host block counts only for that block, and the lines after it stay in their block', async () => {
    const { config: c } = await home(
      { 'bastion.conf': 'User jump\nPort 2200\n', 'internal.conf': 'Host *.internal\n  User internal\n' },
      'Host bastion\n  Include ~/.ssh/bastion.conf\n  HostName 192.0.2.1\nHost *\n  Include internal.conf\n  ConnectTimeout 7\n',
    );
    expect(resolveSettings(c, 'bastion')).toMatchObject({ hostName: '192.0.2.1', user: 'jump', port: 2200, connectTimeoutMs: 7_000 });
    expect(resolveSettings(c, 'web1')).toMatchObject({ hostName: 'web1', port: 22, connectTimeoutMs: 7_000 });
    expect(resolveSettings(c, 'db.internal')).toMatchObject({ user: 'internal', connectTimeoutMs: 7_000 });
  });

  test('after an Include at the top level, the lines that follow are global again', async () => {
    const { config: c } = await home({ 'internal.conf': 'Host *.internal\n  User internal\n' }, 'Include internal.conf\nConnectTimeout 9\n');
    expect(resolveSettings(c, 'web1')).toMatchObject({ connectTimeoutMs: 9_000 });
    expect(resolveSettings(c, 'db.internal')).toMatchObject({ user: 'internal', connectTimeoutMs: 9_000 });
  });

  test('a file that includes itself is an error naming it, not a hang', async () => {
    const attempt = home({ 'loop.conf': 'Include loop.conf\n' }, 'Include loop.conf\n');
    await expect(attempt).rejects.toThrow(/loop\.conf: Include nested more than 16 deep/);
  });
});

describe('resolveSettings', () => {
  test('takes HostName, User, Port, IdentityFile and ProxyJump from the matching Host sections', async () => {
    const c = await config(`
Host web1
  HostName 10.0.0.1
  Port 2222
  IdentityFile ~/.ssh/web1_key
  ProxyJump admin@bastion:2200,gw
Host *
  User deploy
  IdentityFile %d/.ssh/%r_%h
`);
    const s = resolveSettings(c, 'web1');
    expect(s).toMatchObject({ alias: 'web1', hostName: '10.0.0.1', port: 2222, user: 'deploy', proxyJump: ['admin@bastion:2200', 'gw'] });
    expect(s.identityFiles).toEqual([join(homedir(), '.ssh', 'web1_key'), `${homedir()}/.ssh/deploy_10.0.0.1`]);
  });

  test('a user or port in the target, or given explicitly, wins over the config', async () => {
    const c = await config('Host web1\n  User deploy\n  Port 2222\n');
    expect(resolveSettings(c, 'root@web1:22')).toMatchObject({ user: 'root', port: 22 });
    expect(resolveSettings(c, 'web1', { user: 'ops', port: 2022 })).toMatchObject({ user: 'ops', port: 2022 });
  });

  test('without a config the host is used as is, with the local user and port 22', async () => {
    const s = resolveSettings(await loadSshConfig(null), 'db.example.com');
    expect(s).toMatchObject({ hostName: 'db.example.com', port: 22, user: userInfo().username, identityFiles: [], proxyJump: [], hostKeyPolicy: undefined });
  });

  test('a missing config file reads as empty', async () => {
    expect(resolveSettings(await loadSshConfig(join(dir, 'absent')), 'x').hostName).toBe('x');
  });

  test('/dev/null reads as an empty config, as `ssh -F /dev/null` does; a device that never ends is cut at 1 MiB', async () => {
    expect(resolveSettings(await loadSshConfig('/dev/null'), 'x')).toMatchObject({ hostName: 'x', port: 22, identityFiles: [] });
    await expect(loadSshConfig('/dev/zero')).rejects.toThrow('cannot read the ssh config /dev/zero: it gives more than 1048576 bytes');
    await expect(loadSshConfig(dir)).rejects.toThrow(`cannot read the ssh config ${dir}: EISDIR`);
  });

  test('known_hosts, host key, agent and keepalive settings are read', async () => {
    const c = await config(`
Host web1
  UserKnownHostsFile ~/kh1 /etc/kh2
  StrictHostKeyChecking accept-new
  HashKnownHosts yes
  HostKeyAlias web1-alias
  IdentityAgent /run/agent.sock
  ConnectTimeout 7
  ServerAliveInterval 5
  ServerAliveCountMax 2
`);
    expect(resolveSettings(c, 'web1')).toMatchObject({
      knownHostsFiles: [join(homedir(), 'kh1'), '/etc/kh2'],
      hostKeyPolicy: 'accept-new',
      hashKnownHosts: true,
      hostKeyAlias: 'web1-alias',
      identityAgent: '/run/agent.sock',
      connectTimeoutMs: 7000,
      keepaliveIntervalMs: 5000,
      keepaliveCountMax: 2,
    });
  });

  test('StrictHostKeyChecking no still never accepts a changed key: it maps to accept-new', async () => {
    expect(resolveSettings(await config('StrictHostKeyChecking no\n'), 'x').hostKeyPolicy).toBe('accept-new');
    expect(resolveSettings(await config('StrictHostKeyChecking yes\n'), 'x').hostKeyPolicy).toBe('strict');
  });

  test('ProxyCommand: tokens expanded, none means none, and it cannot be mixed with ProxyJump', async () => {
    const c = await config('Host x\n  HostName 10.0.0.9\n  User ops\n  ProxyCommand ssh -o Tag=%n-100%% -W %h:%p %r@gw\nHost y\n  ProxyCommand none\nHost z\n  ProxyJump gw\n  ProxyCommand nc %h %p\n');
    expect(resolveSettings(c, 'x:2200').proxyCommand).toBe('ssh -o Tag=x-100% -W 10.0.0.9:2200 ops@gw');
    expect(resolveSettings(c, 'y').proxyCommand).toBeUndefined();
    expect(() => resolveSettings(c, 'z')).toThrow('z: both ProxyJump and ProxyCommand apply; keep one');
  });

  test('a host or user a shell would read cannot go into a ProxyCommand', async () => {
    const c = await config('Host *\n  ProxyCommand nc %h %p\n');
    expect(() => resolveSettings(c, 'web1;reboot')).toThrow('the host name "web1;reboot" cannot go into a ProxyCommand');
    expect(() => resolveSettings(c, "web1", { user: "o'brien" })).toThrow(`the user "o'brien" cannot go into a ProxyCommand`);
    expect(resolveSettings(c, '[fe80::1]:22').proxyCommand).toBe('nc fe80::1 22');
  });

  test('a malformed number names the directive and the value', async () => {
    const c = await config('Port ssh\n');
    expect(() => resolveSettings(c, 'x')).toThrow('x: Port must be a whole number, got "ssh"');
  });
});

describe('readSecret', () => {
  test('reads a private file without its trailing newline', async () => {
    const file = join(dir, 'pass');
    await writeFile(file, 'hunter2\n', { mode: 0o600 });
    expect(await readSecret(file)).toBe('hunter2');
  });

  test('refuses a file other users can read', async () => {
    const file = join(dir, 'open-pass');
    await writeFile(file, 'hunter2\n');
    await chmod(file, 0o644);
    await expect(readSecret(file)).rejects.toThrow(`${file} is accessible by other users (mode 644); restrict it with chmod 600`);
  });

  test('reads from an open file descriptor and closes it', async () => {
    const file = join(dir, 'fd-pass');
    await writeFile(file, 'from-fd', { mode: 0o600 });
    const fd = openSync(file, 'r');
    expect(await readSecret(fd)).toBe('from-fd');
    expect(() => fstatSync(fd)).toThrow(/EBADF/);
  });

  test('a missing or empty file is a clear error', async () => {
    await expect(readSecret(join(dir, 'none'))).rejects.toThrow(/cannot read the secret from .*none/);
    const empty = join(dir, 'empty');
    await writeFile(empty, '\n', { mode: 0o600 });
    await expect(readSecret(empty)).rejects.toThrow(`${empty} is empty`);
  });
});

describe('sshExecutor options', () => {
  test('nonsense options are rejected at creation, naming the option and the value', () => {
    expect(() => sshExecutor('web1', { maxChannels: 2.5 })).toThrow('maxChannels must be a whole number of at least 1, got 2.5');
    expect(() => sshExecutor('web1', { connectTimeoutMs: 0 })).toThrow('connectTimeoutMs must be a positive number of milliseconds, got 0');
    expect(() => sshExecutor('web1:99999')).toThrow('expected [user@]host[:port]');
  });
});
