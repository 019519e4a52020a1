/**
 * Start-up: a command loads only what it uses. The built CLI runs with a preload that logs every
 * module it resolves (`test/support/load-log.mjs`), and each command's packages are pinned, so a
 * static import of BullMQ, SQLite, YAML, the progress bar or ssh2 creeping back into `--version`,
 * `--help` or a local scan fails here, naming the package. (How fast start-up is, is measured in
 * `bench/cli/startup.bench.mjs`, never here.) The last tests show that the log sees those packages
 * when a command does use them.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { E2E_TIMEOUT_MS, ensureBuilt, ROOT, runCli, tempDir } from './helpers.js';

const PRELOAD = fileURLToPath(new URL('../support/load-log.mjs', import.meta.url));
let home: { dir: string; remove: () => Promise<void> };
let runs = 0;

beforeAll(async () => {
  await ensureBuilt();
  home = await tempDir('plesio-startup-');
}, E2E_TIMEOUT_MS);

afterAll(async () => {
  await home?.remove();
});

/** What one run of the CLI loaded: the npm packages, and the folders of plesio's own modules. */
async function loads(...args: string[]): Promise<{ code: number | null; packages: string[]; folders: string[] }> {
  const log = join(home.dir, `load-${++runs}.log`);
  const run = await runCli(args, { home: home.dir, nodeArgs: ['--import', PRELOAD], env: { PLESIO_LOAD_LOG: log } });
  const urls = (await readFile(log, 'utf8')).trim().split('\n');
  const packages = new Set<string>();
  const folders = new Set<string>();
  for (const url of urls) {
    const pkg = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
    if (pkg !== undefined) packages.add(pkg);
    const own = url.startsWith(`file://${ROOT}/dist/`) ? url.slice(`file://${ROOT}/dist/`.length).split('/') : undefined;
    if (own !== undefined && own.length > 1) folders.add(own[0]!);
  }
  return { code: run.code, packages: [...packages].sort(), folders: [...folders].sort() };
}

describe('what each command loads', () => {
  test('plesio --version loads commander and the command declarations, nothing of the scan or the queue', async () => {
    expect(await loads('--version')).toEqual({ code: 0, packages: ['commander'], folders: ['cli', 'distributed'] });
  }, E2E_TIMEOUT_MS);

  test('plesio scan --help, run --help, worker --help and diff --help load the same: no BullMQ, SQLite, YAML, progress bar or ssh2', async () => {
    for (const command of ['scan', 'run', 'worker', 'diff']) {
      expect(await loads(command, '--help')).toEqual({ code: 0, packages: ['commander'], folders: ['cli', 'distributed'] });
    }
  }, E2E_TIMEOUT_MS);

  test('plesio scan --local loads the scan and immer, but not ssh2, the ssh_config reader, YAML, the progress bar, BullMQ or SQLite', async () => {
    const local = await loads('scan', '--local', '--facts', 'os', '--quiet');
    expect(local).toEqual({ code: 0, packages: ['commander', 'immer'], folders: ['cli', 'distributed', 'effects', 'executors', 'fleet', 'hosts', 'interpreter'] });
  }, E2E_TIMEOUT_MS);

  test('plesio facts --list loads the fact catalog, and no package beyond commander and immer, nor the plugin loader without plugins', async () => {
    const facts = await loads('facts', '--list');
    expect(facts.packages).toEqual(['commander', 'immer']);
    expect(facts.folders).not.toContain('fleet');
  }, E2E_TIMEOUT_MS);

  test('a command that does use them loads them: YAML for --format yaml, ssh2 for an SSH host, SQLite for --store', async () => {
    expect((await loads('scan', '--local', '--facts', 'os', '--quiet', '--format', 'yaml')).packages).toEqual(['commander', 'immer', 'yaml']);
    // Port 1 of the loopback refuses at once: ssh2 is loaded for the host, which then fails (exit 2).
    const ssh = await loads('scan', '127.0.0.1:1', '--facts', 'os', '--quiet', '--connect-timeout', '5s');
    expect(ssh.code).toBe(2);
    expect(ssh.packages).toEqual(expect.arrayContaining(['ssh2']));
    expect((await loads('scan', '--local', '--facts', 'os', '--quiet', '--store', join(home.dir, 'scans.db'))).packages).toEqual(['better-sqlite3', 'commander', 'immer']);
    // The Ansible view loads only for the outputs that are made of it.
    expect((await loads('scan', '--local', '--facts', 'os', '--quiet', '--format', 'ansible')).folders).toContain('ansible');
    expect((await loads('scan', '--local', '--facts', 'os', '--quiet', '--ansible-fact-cache', join(home.dir, 'facts'))).folders).toContain('ansible');
  }, E2E_TIMEOUT_MS);
});
