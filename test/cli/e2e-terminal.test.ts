/**
 * The CLI on a terminal: `script` gives it a pseudo-terminal, as a person's shell would, to check that
 * the progress bar is drawn there and that the data still goes only to stdout.
 */
import { execFile, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { generateKey } from '../support/process.js';
import { startSshd } from '../support/sshd.js';
import { cleanEnv, CLI, E2E_TIMEOUT_MS, ensureBuilt, finished, tempDir, writeTemp, type CliRun } from './helpers.js';

let home: { dir: string; remove: () => Promise<void> };
beforeAll(async () => {
  [, home] = await Promise.all([ensureBuilt(), tempDir()]);
}, E2E_TIMEOUT_MS);
afterAll(() => home?.remove());

/** Runs the CLI under `script` (util-linux), which passes on its exit code, and returns what the terminal showed. */
async function onTerminal(args: string[]): Promise<{ code: number; screen: string }> {
  const quoted = [process.execPath, CLI, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  try {
    const { stdout } = await promisify(execFile)('script', ['-qec', quoted, '/dev/null'], { env: cleanEnv(home.dir), cwd: home.dir, timeout: E2E_TIMEOUT_MS - 10_000 });
    return { code: 0, screen: stdout };
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, screen: failed.stdout ?? '' };
  }
}

/** Runs the CLI under `script`, types `typed` and Enter once `prompt` is on the screen, and waits for the end. */
async function typeAtPrompt(args: string[], prompt: string, typed: string): Promise<CliRun> {
  const quoted = [process.execPath, CLI, ...args].map((a) => `'${a}'`).join(' ');
  const child = spawn('script', ['-qec', quoted, '/dev/null'], { env: cleanEnv(home.dir), cwd: home.dir, stdio: ['pipe', 'pipe', 'pipe'] });
  const run = finished(child, E2E_TIMEOUT_MS - 10_000);
  // Type only once the prompt is up: before that, the terminal would still echo.
  let screen = '';
  await new Promise<void>((resolve) => child.stdout!.on('data', (chunk: Buffer) => ((screen += chunk.toString()).includes(prompt) ? resolve() : undefined)));
  child.stdin!.write(`${typed}\r`);
  return run;
}

/** The pid of the CLI running under process `root` (script, and a shell it may have left in between: killing that shell would hang up the terminal). */
async function cliUnder(root: number): Promise<number> {
  for (let pid = root; ; ) {
    const { stdout } = await promisify(execFile)('ps', ['-o', 'pid=,args=', '--ppid', String(pid)]);
    const [child] = stdout.trim().split('\n').map((line) => /^\s*(\d+)\s+(.*)$/.exec(line)!).filter((m) => m !== null);
    if (child === undefined) throw new Error(`no process under ${pid}`);
    // The node process itself, not a shell in between whose `-c` string also names the CLI.
    if (child[2]!.startsWith(`${process.execPath} ${CLI}`)) return Number(child[1]);
    pid = Number(child[1]);
  }
}

// A recording of a host that ran nothing: every replayed host fails (exit 2), quickly and offline.
const EMPTY_FIXTURE = { format: 'plesio-fixture', version: 1, host: 'replayed', recordedAt: '2025-01-01T00:00:00.000Z', tool: { name: 'plesio', version: '0' }, entries: [] };

test('draws a progress bar on the terminal while the reports go to the output', { timeout: E2E_TIMEOUT_MS }, async () => {
  const fixture = join(home.dir, 'host.json');
  await writeTemp(home.dir, 'host.json', JSON.stringify(EMPTY_FIXTURE));
  const out = join(home.dir, 'out.ndjson');
  const { code, screen } = await onTerminal(['scan', 'web1', 'web2', 'web3', '--replay', fixture, '--format', 'ndjson', '-o', out]);
  expect(code).toBe(2);
  expect(screen).toMatch(/scanning .* \d\/3 hosts \| \d failed \| [\d.]+ hosts\/s \| ETA /);
  expect(screen).toMatch(/plesio: scanned 3 hosts in .*: 0 ok, 0 partial, 3 failed/);
  const reports = (await readFile(out, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l) as { host: string });
  expect(reports.map((r) => r.host).sort()).toEqual(['web1', 'web2', 'web3']);
});

test('draws no progress bar with --quiet', { timeout: E2E_TIMEOUT_MS }, async () => {
  const fixture = await writeTemp(home.dir, 'quiet-host.json', JSON.stringify(EMPTY_FIXTURE));
  const { code, screen } = await onTerminal(['scan', 'web1', '--replay', fixture, '--format', 'ndjson', '-o', join(home.dir, 'quiet.ndjson'), '--quiet']);
  expect(code).toBe(2);
  expect(screen).toBe('');
});

test('prompts for --ask-pass on the terminal without echoing what is typed', { timeout: E2E_TIMEOUT_MS }, async () => {
  const fixture = await writeTemp(home.dir, 'pass-host.json', JSON.stringify(EMPTY_FIXTURE));
  const out = join(home.dir, 'pass.ndjson');
  const { code, stdout } = await typeAtPrompt(['scan', 'web1', '--replay', fixture, '--ask-pass', '-o', out], 'SSH password: ', 'hunter2-typed');
  expect(code).toBe(2);
  expect(stdout).toContain('SSH password: ');
  expect(stdout + (await readFile(out, 'utf8'))).not.toContain('hunter2');
});

test('ends at the --ask-pass prompt on SIGTERM, with status 143, as Ctrl-C there does with 130', { timeout: E2E_TIMEOUT_MS }, async () => {
  const fixture = await writeTemp(home.dir, 'term-host.json', JSON.stringify(EMPTY_FIXTURE));
  const quoted = [process.execPath, CLI, 'scan', 'web1', '--replay', fixture, '--ask-pass'].map((a) => `'${a}'`).join(' ');
  const child = spawn('script', ['-qec', quoted, '/dev/null'], { env: cleanEnv(home.dir), cwd: home.dir, stdio: ['pipe', 'pipe', 'pipe'] });
  const run = finished(child, E2E_TIMEOUT_MS - 10_000);
  let screen = '';
  await new Promise<void>((resolve) => child.stdout!.on('data', (chunk: Buffer) => ((screen += chunk.toString()).includes('SSH password: ') ? resolve() : undefined)));
  process.kill(await cliUnder(child.pid!), 'SIGTERM');
  const { code, stdout } = await run;
  expect(code).toBe(143);
  expect(stdout).toContain('plesio: interrupted by SIGTERM at the prompt "SSH password:"');
});

test('prompts for --ask-passphrase before the scan, and the key it opens logs in to a real sshd', { timeout: E2E_TIMEOUT_MS }, async () => {
  const sshd = await startSshd();
  try {
    const key = join(home.dir, 'encrypted_key');
    await sshd.authorize(await generateKey(key, 'typed passphrase'));
    const out = join(home.dir, 'passphrase.json');
    const args = ['scan', `root@127.0.0.1:${sshd.port}`, '-i', key, '--known-hosts', sshd.knownHostsPath, '--ask-passphrase', '--facts', 'os', '-o', out, '-q'];
    const { code, stdout } = await typeAtPrompt(args, 'Enter passphrase for key', 'typed passphrase');
    expect(code).toBe(0);
    expect(stdout).toContain(`Enter passphrase for key '${key}': `);
    expect(stdout).not.toContain('typed passphrase');
    const [report] = JSON.parse(await readFile(out, 'utf8')) as Array<{ status: string; facts: Record<string, unknown> }>;
    expect(report).toMatchObject({ status: 'ok', facts: { os: expect.any(Object) } });
  } finally {
    await sshd.stop();
  }
});
