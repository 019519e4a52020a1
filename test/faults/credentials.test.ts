/**
 * Credentials and secrets. A host whose key did not verify never receives a credential (the test host
 * records every authentication request). A password, a key passphrase and a private key never appear
 * in what a scan leaves behind: reports, error messages, monitor events, the CLI's trace, recordings,
 * stdout and stderr — for scans that log in and for scans that fail to.
 */
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { inspect } from 'node:util';
import ssh2 from 'ssh2';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { main } from '../../src/cli/main.js';
import { openTrace } from '../../src/cli/trace.js';
import type { Executor } from '../../src/effects/command.js';
import { recordExecutor } from '../../src/executors/record.js';
import { sshExecutor, type SshExecutorOptions } from '../../src/executors/ssh/executor.js';
import type { Monitor } from '../../src/interpreter/monitor.js';
import type { HostReport } from '../../src/hosts/report.js';
import { scanHost } from '../../src/hosts/scan.js';
import { Farm, type FarmHost } from '../support/faults/farm.js';

const PASSWORD = 'pw-farm-Qx7!k2$(x)-secret';
const PASSPHRASE = 'pp-farm-Lm4;w9`z`-secret';

let dir: string;
let farm: Farm;
let keyFile: string;
let keyLines: string[];
let publicKey: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plesio-faults-secrets-'));
  farm = await Farm.start({ scanHost, sshExecutor }, { dir, connectTimeoutMs: 5_000, commandTimeoutMs: 5_000, password: PASSWORD });
  const pair = ssh2.utils.generateKeyPairSync('ed25519', { passphrase: PASSPHRASE, cipher: 'aes256-ctr', rounds: 16 });
  keyFile = join(dir, 'id_ed25519');
  await writeFile(keyFile, pair.private, { mode: 0o600 });
  // Every base64 line of the private key: none of them may leak, not even one.
  keyLines = pair.private.split('\n').filter((line) => line.length > 20 && !line.startsWith('-----'));
  publicKey = pair.public;
});
afterAll(async () => {
  await farm?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** Every place a secret could end up, as one text per place. */
function leaks(texts: Record<string, string>): string[] {
  const secrets = { password: PASSWORD, passphrase: PASSPHRASE, ...Object.fromEntries(keyLines.map((line, i) => [`private key line ${i + 1}`, line])) };
  return Object.entries(texts).flatMap(([where, text]) => Object.entries(secrets).filter(([, secret]) => text.includes(secret)).map(([what]) => `${what} in ${where}`));
}

/** A monitor that keeps a deep rendering of every event, errors with their messages, stacks and causes. */
function recordingMonitor(): { monitor: Monitor; text: () => string } {
  const events: string[] = [];
  const keep = (name: string) => (...args: unknown[]) => void events.push(`${name} ${inspect(args, { depth: 12, showHidden: true, breakLength: Infinity })}`);
  const monitor: Monitor = {
    taskStarted: keep('taskStarted'),
    taskEnded: keep('taskEnded'),
    effectTriggered: keep('effectTriggered'),
    effectResolved: keep('effectResolved'),
    effectRejected: keep('effectRejected'),
    effectCancelled: keep('effectCancelled'),
  };
  return { monitor, text: () => events.join('\n') };
}

/** Scans `host` through a recording executor, with a monitor and the CLI's trace; returns every output. */
async function scanEverywhere(host: FarmHost, name: string, options: SshExecutorOptions): Promise<{ report: HostReport; texts: Record<string, string> }> {
  const fixture = join(dir, `${name}.fixture.json`);
  const traceFile = join(dir, `${name}.trace.json`);
  const trace = await openTrace(traceFile);
  const events = recordingMonitor();
  const tracing = trace.monitorFor(host.target, 1);
  const both: Monitor = Object.fromEntries(
    (Object.keys(events.monitor) as (keyof Monitor)[]).map((hook) => [hook, (...args: unknown[]) => {
      (events.monitor[hook] as (...a: unknown[]) => void)(...args);
      (tracing[hook] as ((...a: unknown[]) => void) | undefined)?.(...args);
    }]),
  );
  const inner = sshExecutor(host.target, { configPath: null, knownHostsPath: farm.knownHostsPath, agent: false, identityFiles: [], connectTimeoutMs: 5_000, ...options });
  const executor: Executor = recordExecutor(inner, { file: fixture });
  let report: HostReport;
  try {
    report = await scanHost({ executor, host: host.target, commandTimeoutMs: 5_000, monitor: both });
  } finally {
    await executor.close();
    await trace.close();
  }
  return {
    report,
    texts: {
      report: JSON.stringify(report),
      'monitor events': events.text(),
      'trace file': await readFile(traceFile, 'utf8'),
      recording: await readFile(fixture, 'utf8'),
    },
  };
}

describe('credentials never reach a host whose key did not verify', () => {
  test.each(['host-key-changed', 'host-key-unknown'] as const)('%s: no authentication request arrives, and no secret is even asked for', async (fault) => {
    const host = await farm.add(fault);
    let asked = 0;
    const { report } = await farm.scan(host, {
      executor: {
        identityFiles: [keyFile],
        passphrase: async () => (asked++, PASSPHRASE),
        password: async () => (asked++, PASSWORD),
      },
    });
    expect(report.error?.code).toBe(fault === 'host-key-changed' ? 'host-key-mismatch' : 'host-key-unknown');
    expect(host.server.authAttempts).toEqual([]);
    expect(asked).toBe(0);
  });
});

describe('secrets never appear in reports, errors, monitor events, traces or recordings', () => {
  test('a scan that logs in with a password', async () => {
    const host = await farm.add('healthy', { auth: { password: PASSWORD } });
    const { report, texts } = await scanEverywhere(host, 'password-ok', { password: async () => PASSWORD });
    expect(report.status).toBe('ok');
    expect(host.server.authAttempts.map((a) => a.password)).toContain(PASSWORD);
    expect(leaks(texts)).toEqual([]);
  });

  test('a scan whose password is refused', async () => {
    const host = await farm.add('healthy', { auth: { password: 'another one' } });
    const { report, texts } = await scanEverywhere(host, 'password-refused', { password: async () => PASSWORD });
    expect(report.error?.code).toBe('auth');
    expect(leaks(texts)).toEqual([]);
  });

  test('a scan that logs in with an encrypted private key and its passphrase', async () => {
    const host = await farm.add('healthy', { auth: { publicKey } });
    const { report, texts } = await scanEverywhere(host, 'key-ok', { identityFiles: [keyFile], passphrase: async () => PASSPHRASE });
    expect(report.status).toBe('ok');
    expect(host.server.authAttempts.some((a) => a.method === 'publickey')).toBe(true);
    expect(leaks(texts)).toEqual([]);
  });

  test('a scan whose key is refused and whose passphrase is wrong', async () => {
    const host = await farm.add('auth-fail');
    const { report, texts } = await scanEverywhere(host, 'key-refused', { identityFiles: [keyFile], passphrase: async () => `${PASSPHRASE}-wrong`, password: async () => PASSWORD });
    expect(report.error?.code).toBe('auth');
    expect(report.error?.message).toContain('wrong passphrase');
    // The wrong passphrase contains the right one: any trace of either is found.
    expect(leaks(texts)).toEqual([]);
  });

  test('the plesio command with --password-file, --record and --trace, logging in and refused', async () => {
    const good = await farm.add('healthy', { auth: { password: PASSWORD } });
    const refused = await farm.add('healthy', { auth: { password: 'another one' } });
    const passwordFile = join(dir, 'password');
    await writeFile(passwordFile, `${PASSWORD}\n`);
    await chmod(passwordFile, 0o600);
    const sshConfig = join(dir, 'ssh_config');
    await writeFile(sshConfig, '');
    const records = join(dir, 'cli-records');
    const traceFile = join(dir, 'cli.trace.json');
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    stdout.on('data', (chunk: Buffer) => out.push(chunk));
    stderr.on('data', (chunk: Buffer) => err.push(chunk));
    const exitCode = process.exitCode;
    let code: number;
    try {
      code = await main([
        'scan', good.target, refused.target,
        '--ssh-config', sshConfig,
        '--known-hosts', farm.knownHostsPath,
        '--password-file', passwordFile,
        '--connect-timeout', '5s',
        '--command-timeout', '5s',
        '--record', records,
        '--trace', traceFile,
        '--format', 'json',
      ], { stdout, stderr });
    } finally {
      process.exitCode = exitCode;
    }
    const reports = JSON.parse(Buffer.concat(out).toString('utf8')) as HostReport[];
    expect(reports.map((r) => r.error?.code ?? r.status)).toEqual(['ok', 'auth']);
    expect(code).not.toBe(0);
    // The summary on stderr names the refused host and why: a log line a password must not reach.
    expect(Buffer.concat(err).toString('utf8')).toContain(refused.target);
    const texts: Record<string, string> = { stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), 'trace file': await readFile(traceFile, 'utf8') };
    for (const file of await readdir(records)) texts[`recording ${file}`] = await readFile(join(records, file), 'utf8');
    expect(Object.keys(texts).filter((k) => k.startsWith('recording'))).toHaveLength(2);
    expect(leaks(texts)).toEqual([]);
  });
});
