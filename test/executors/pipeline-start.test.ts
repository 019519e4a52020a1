/**
 * How pipelined sessions start, or do not: one session (one login shell) for a whole scan; a slow
 * session start waited for, with its own bound and message, never taken for "unavailable"; and the
 * hosts where sessions cannot work — a restricted shell, no writable temporary directory, a forced
 * command that swallows the session script, a csh login shell without one — where every command runs
 * on a channel of its own, under /bin/sh. Against real OpenSSH servers on loopback.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { CommandTimeoutError, StartTimeoutError } from '../../src/executors/errors.js';
import { PROBE_AFTER_MS } from '../../src/executors/ssh/pipeline/pool.js';
import { scanHost } from '../../src/hosts/scan.js';
import { gone, pipedExecutor, sessionOf } from '../support/pipelined.js';
import { executorsFor, type ExecutorFactory } from '../support/ssh-executors.js';
import { startSshd, type SshdOptions, type TestSshd } from '../support/sshd.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plesio-pipeline-start-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));
const opened: ExecutorFactory[] = [];
afterEach(() => Promise.all(opened.splice(0).map((factory) => factory.closeAll())));

/** Executors for `sshd` that the afterEach closes. */
function executorsOf(sshd: TestSshd): ExecutorFactory {
  const factory = executorsFor(() => sshd);
  opened.push(factory);
  return factory;
}

/**
 * An sshd whose login shell (bash) runs an rc file that sleeps `sleepS` seconds and counts itself in
 * `count`, once per login shell (an exported variable keeps shells started inside it from counting).
 */
async function startCountingSshd(name: string, sleepS: number): Promise<{ sshd: TestSshd; loginShells: () => Promise<number> }> {
  const rc = join(dir, `${name}.rc`);
  const count = join(dir, `${name}.count`);
  await writeFile(rc, `[ -n "$PLESIO_TEST_RC" ] || { PLESIO_TEST_RC=1; export PLESIO_TEST_RC; echo x >> ${count}; sleep ${sleepS}; }\n`);
  const sshd = await startSshd({ env: { BASH_ENV: rc } });
  return { sshd, loginShells: async () => (await readFile(count, 'utf8').catch(() => '')).split('\n').filter(Boolean).length };
}

describe('one login shell per host', () => {
  test('a whole scan starts exactly one session, and no other login shell', async () => {
    const { sshd, loginShells } = await startCountingSshd('scan', 0.1);
    try {
      const log: string[] = [];
      const executor = executorsOf(sshd)({ pipelining: true, debug: (m) => log.push(m) });
      const report = await scanHost({ executor, host: 'loopback', commandTimeoutMs: 30_000 });
      expect(report.status).not.toBe('failed');
      expect(Object.keys(report.facts).length).toBeGreaterThan(5);
      expect(await loginShells()).toBe(1);
      expect(log.filter((m) => /another session|unavailable|ended/.test(m))).toEqual([]);
    } finally {
      await sshd.stop();
    }
  });

  test(`a session slower to start than ${PROBE_AFTER_MS} ms is waited for, not taken for "unavailable"`, async () => {
    const { sshd, loginShells } = await startCountingSshd('slow', PROBE_AFTER_MS / 1000 + 1.5);
    try {
      const unavailable: string[] = [];
      const log: string[] = [];
      const host = executorsOf(sshd)({ pipelining: true, debug: (m) => log.push(m), onPipeliningUnavailable: (why) => unavailable.push(why) });
      const results = await Promise.all(Array.from({ length: 6 }, (_, i) => host.exec(`echo ${i}`)));
      expect(results.map((r) => r.stdout)).toEqual(['0\n', '1\n', '2\n', '3\n', '4\n', '5\n']);
      expect(unavailable).toEqual([]);
      expect(log.join('\n')).toContain('pipelining commands');
      // The session's login shell, and the one command on a channel of its own that checked that
      // sessions were merely slow here (it came back after the session was ready).
      expect(await loginShells()).toBe(2);
      const session = await sessionOf(host);
      expect(await sessionOf(host)).toBe(session);
    } finally {
      await sshd.stop();
    }
  }, 30_000);

  test('waiting for the session has its own bound and says what it waited for; the command timeout runs from the start', async () => {
    const { sshd } = await startCountingSshd('bound', 2);
    try {
      const log: string[] = [];
      const host = executorsOf(sshd)({ pipelining: true, startTimeoutMs: 800, debug: (m) => log.push(m) });
      const error = await host.exec('uname -s', { timeoutMs: 500 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StartTimeoutError);
      expect(error).toMatchObject({ code: 'start-timeout', message: expect.stringMatching(/"uname -s" did not start within \d+ ms: the session shell had not started: its login shell \(and rc files\)/) });
      // Once the session is there, a command with the same timeout runs: the wait never counted against it.
      for (const start = Date.now(); !log.some((m) => m.includes('pipelining commands')) && Date.now() - start < 10_000; ) await new Promise((r) => setTimeout(r, 50));
      expect((await host.exec('uname -s', { timeoutMs: 500 })).stdout).toBe('Linux\n');
      const timedOut = await host.exec('sleep 5', { timeoutMs: 300 }).catch((e: unknown) => e);
      expect(timedOut).toBeInstanceOf(CommandTimeoutError);
      expect((timedOut as Error).message).toMatch(/timed out after running 300 ms on the host and was stopped \(it had waited \d+ ms to start\)/);
      expect(log.join('\n')).not.toMatch(/unavailable/);
    } finally {
      await sshd.stop();
    }
  }, 30_000);
});

describe('pipelined sessions: hosts that cannot pipeline', () => {
  const hosts: Array<[string, SshdOptions, RegExp]> = [
    // rbash refuses a command name with a slash: `exec /bin/sh` fails, each command alone works.
    ['a restricted shell (rbash)', { extraConfig: ['ForceCommand /bin/rbash -c "$SSH_ORIGINAL_COMMAND"'] }, /restricted/],
    ['no writable temporary directory', { env: { TMPDIR: '/nonexistent/plesio' } }, /status 111/],
  ];
  test.each(hosts)('%s: every command runs on a channel of its own, and the debug log says why, once', async (_name, options, why) => {
    const odd = await startSshd(options);
    try {
      const unavailable: string[] = [];
      const host = executorsOf(odd)({ pipelining: true, debug: (message) => log.push(message), onPipeliningUnavailable: (why) => unavailable.push(why) });
      const log: string[] = [];
      const results = await Promise.all(['echo one', 'echo two; exit 3', 'echo three >&2'].map((command) => host.exec(command)));
      expect(results.map(({ stdout, stderr, code }) => ({ stdout, stderr, code }))).toEqual([
        { stdout: 'one\n', stderr: '', code: 0 },
        { stdout: 'two\n', stderr: '', code: 3 },
        { stdout: '', stderr: 'three\n', code: 0 },
      ]);
      expect((await host.exec('echo again')).stdout).toBe('again\n');
      expect(log).toHaveLength(1);
      expect(log[0]).toMatch(/pipelining is unavailable/);
      expect(log[0]).toMatch(why);
      expect(unavailable).toHaveLength(1);
      expect(unavailable[0]).toMatch(why);
      await host.close();
    } finally {
      await odd.stop();
    }
  });
});

/**
 * An sshd whose exec requests tcsh reads, as where tcsh is the user's login shell (and `SHELL` says so).
 * Fails with the install command where tcsh is missing.
 */
async function startCshSshd(env: Record<string, string> = {}): Promise<TestSshd> {
  const tcsh = '/usr/bin/tcsh';
  if (!existsSync(tcsh)) throw new Error(`${tcsh} is missing; this test needs a csh-family shell: apt-get install -y tcsh`);
  return startSshd({ env: { SHELL: tcsh, ...env }, extraConfig: [`ForceCommand ${tcsh} -c "$SSH_ORIGINAL_COMMAND"`] });
}

describe('pipelined sessions: a csh login shell', () => {
  test('a session starts, and a kill through it reaches a hung command', async () => {
    const cshHost = await startCshSshd();
    try {
      const host = await pipedExecutor(executorsOf(cshHost));
      const session = await sessionOf(host);
      const pids = join(dir, 'csh.pids');
      const error = await host.exec(`sleep 30 & echo $$ $! > ${pids}; wait`, { timeoutMs: 300 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CommandTimeoutError);
      const [shell, child] = (await readFile(pids, 'utf8')).trim().split(' ').map(Number);
      expect(await gone(shell!, 3_000)).toBe(true);
      expect(await gone(child!, 3_000)).toBe(true);
      expect(await sessionOf(host)).toBe(session);
      expect(host.log.join('\n')).not.toMatch(/ended|unavailable|could not/);
      await host.close();
    } finally {
      await cshHost.stop();
    }
  });
});

describe('one channel per command where the login shell is csh', () => {
  test('sessions that cannot start still tell the login shell, and every command is wrapped for /bin/sh', async () => {
    // No temporary directory: no session can start.
    const cshOnly = await startCshSshd({ TMPDIR: '/nonexistent/plesio' });
    try {
      const log: string[] = [];
      const host = executorsOf(cshOnly)({ pipelining: true, debug: (message) => log.push(message) });
      const sh = ['echo "$(echo sub)" 2>&1; echo wow! >&2', 'if [ -n "$HOME" ]; then\n  echo multi\n  echo line\nfi', "printf '%s\\n' \"it's\"; exit 3"];
      const results = await Promise.all(sh.map((command) => host.exec(command)));
      expect(results.map(({ stdout, stderr, code }) => ({ stdout, stderr, code }))).toEqual([
        { stdout: 'sub\n', stderr: 'wow!\n', code: 0 },
        { stdout: 'multi\nline\n', stderr: '', code: 0 },
        { stdout: "it's\n", stderr: '', code: 3 },
      ]);
      expect(log.join('\n')).toMatch(/pipelining is unavailable/);
      await host.close();
    } finally {
      await cshOnly.stop();
    }
  });
});

describe('pipelined sessions: a host whose sessions never start', () => {
  test('a command on a channel of its own, tried once, shows that sessions cannot work: every command then takes one', async () => {
    // A forced command that swallows the session script and never answers, and runs anything else.
    const swallow = join(dir, 'swallow');
    await writeFile(swallow, `#!/bin/sh\ncase "$SSH_ORIGINAL_COMMAND" in 'exec /bin/sh') exec cat >/dev/null;; esac\nexec /bin/sh -c "$SSH_ORIGINAL_COMMAND"\n`, { mode: 0o755 });
    const odd = await startSshd({ extraConfig: [`ForceCommand ${swallow}`] });
    try {
      const log: string[] = [];
      const host = executorsOf(odd)({ pipelining: true, debug: (m) => log.push(m) });
      for (const word of ['one', 'two', 'three', 'four']) expect((await host.exec(`echo ${word}`)).stdout).toBe(`${word}\n`);
      expect(log.join('\n')).toMatch(/no session shell after \d+ ms, while a command on a channel of its own ran in \d+ ms; running one channel per command/);
    } finally {
      await odd.stop();
    }
  }, 30_000);
});
