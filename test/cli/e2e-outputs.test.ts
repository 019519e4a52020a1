/**
 * Every place the built CLI writes — the reports in each format to stdout or `-o`, a trace, a
 * recording, the scan store, `facts --list` — checked where a user meets a failing disk: `/dev/full`
 * (ENOSPC), `/proc/self/mem` (a file whose writes fail with EIO: its offset 0 is never mapped) and a
 * tiny tmpfs in a mount namespace of the test's own. A failed write is exit 1 naming the path and the
 * reason, and the outputs that could be written still are; output paths are checked before the scan.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { HostReport } from '../../src/hosts/report.js';
import { startRedis } from '../distributed/redis.js';
import { CLI, cleanEnv, E2E_TIMEOUT_MS, ensureBuilt, finished, runCli, tempDir, type CliRun } from './helpers.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/scans/linux-debian12-firecracker.json', import.meta.url));
const ENOSPC = 'no space left on device (ENOSPC)';
let home: { dir: string; remove: () => Promise<void> };

beforeAll(async () => {
  [, home] = await Promise.all([ensureBuilt(), tempDir()]);
}, E2E_TIMEOUT_MS);
afterAll(() => home?.remove());

const cli = (args: string[], stdoutFd?: number): Promise<CliRun> => runCli(args, { home: home.dir, ...(stdoutFd !== undefined && { stdoutFd }) });

/** Runs the CLI with stdout redirected to `file` (`plesio … > file`). */
async function redirected(args: string[], file: string, flags = 'w'): Promise<CliRun> {
  const fd = openSync(file, flags);
  try {
    return await cli(args, fd);
  } finally {
    closeSync(fd);
  }
}

/** Runs the CLI in a mount namespace of its own where `dir` is a tmpfs of `size` (e.g. `8k`). */
function inTinyFs(dir: string, size: string, args: string[]): Promise<CliRun> {
  if (process.getuid?.() !== 0) throw new Error('this test mounts a tmpfs in a private mount namespace: run it as root (as the CI does), with util-linux\'s unshare');
  const script = 'mount -t tmpfs -o "size=$1" tmpfs "$2" && shift 2 && exec "$@"';
  const child = spawn('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script, 'sh', size, dir, process.execPath, CLI, ...args], { cwd: home.dir, env: cleanEnv(home.dir), stdio: ['ignore', 'pipe', 'pipe'] });
  return finished(child, E2E_TIMEOUT_MS - 10_000);
}

describe('a write that fails', { timeout: E2E_TIMEOUT_MS }, () => {
  test.each(['json', 'ndjson', 'yaml', 'table'])('-o /dev/full with --format %s is exit 1 naming the file and the reason, never "1 ok" alone', async (format) => {
    const run = await cli(['scan', '--replay', FIXTURE, '--format', format, '-o', '/dev/full']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`plesio: cannot write the reports to /dev/full: ${ENOSPC}\n`);
  });

  test.each(['json', 'ndjson', 'yaml', 'table'])('stdout on /dev/full with --format %s is exit 1 naming stdout', async (format) => {
    const run = await redirected(['scan', '--replay', FIXTURE, '--format', format], '/dev/full');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`plesio: cannot write the reports to stdout: ${ENOSPC}\n`);
  });

  test('-o on a file that fails with EIO, and stdout on one, are exit 1 naming the I/O error', async () => {
    const file = await cli(['scan', '--replay', FIXTURE, '-q', '-o', '/proc/self/mem']);
    expect(file).toMatchObject({ code: 1, stderr: 'plesio: cannot write the reports to /proc/self/mem: input/output error (EIO)\n' });
    // The test's own memory file, at offset 0, which no process ever maps: every write fails.
    const stdout = await redirected(['scan', '--replay', FIXTURE, '-q'], '/proc/self/mem', 'r+');
    expect(stdout).toMatchObject({ code: 1, stderr: 'plesio: cannot write the reports to stdout: input/output error (EIO)\n' });
  });

  test('a trace that cannot be written fails the command, while the reports are still written', async () => {
    const run = await cli(['scan', '--replay', FIXTURE, '-q', '--trace', '/dev/full']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`plesio: cannot write the trace to /dev/full: ${ENOSPC}\n`);
    expect((JSON.parse(run.stdout) as HostReport[])[0]).toMatchObject({ status: 'ok' });
  });

  test('a recording that cannot be written fails the command, and the host keeps its report', async () => {
    const { dir, remove } = await tempDir();
    try {
      // A whole local scan records more than the 4 KiB the folder holds.
      const run = await inTinyFs(dir, '4k', ['scan', '--local', '--record', dir, '-q']);
      expect(run.stderr).toBe(`plesio: cannot write the recording to ${join(dir, `${hostname()}.json`)}: ${ENOSPC}\n`);
      expect(run.code).toBe(1);
      expect((JSON.parse(run.stdout) as HostReport[])[0]).toMatchObject({ host: hostname(), error: null });
    } finally {
      await remove();
    }
  });

  test('a scan store that fills up fails the command, and every report still reaches the output', async () => {
    const { dir, remove } = await tempDir();
    try {
      const hosts = Array.from({ length: 200 }, (_, i) => `h${i}`);
      const run = await inTinyFs(dir, '96k', ['scan', ...hosts, '--replay', FIXTURE, '--store', join(dir, 'scans.db'), '--format', 'ndjson', '-q']);
      expect(run.stderr).toBe(`plesio: cannot write the results to ${join(dir, 'scans.db')}: database or disk is full\n`);
      expect(run.code).toBe(1);
      expect(run.stdout.trimEnd().split('\n')).toHaveLength(200);
    } finally {
      await remove();
    }
  });

  test('facts --list on /dev/full is exit 1 too', async () => {
    const run = await redirected(['facts', '--list'], '/dev/full');
    expect(run).toMatchObject({ code: 1, stderr: `plesio: cannot write the output to stdout: ${ENOSPC}\n` });
  });
});

describe('the text commander writes itself: help, version, usage errors', { timeout: E2E_TIMEOUT_MS }, () => {
  test.each(['--help', 'scan --help', 'facts --help'])('plesio %s | (a reader already gone) ends quietly with the status of SIGPIPE, no crash', async (command) => {
    const args = command.split(' ');
    // `true` has exited long before node has started: every write of the help meets a closed pipe.
    const quoted = [process.execPath, CLI, ...args].map((a) => `'${a}'`).join(' ');
    const child = spawn('bash', ['-c', `${quoted} | true; echo "status \${PIPESTATUS[0]}" >&2`], { env: cleanEnv(home.dir), cwd: home.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    const run = await finished(child, E2E_TIMEOUT_MS - 10_000);
    expect(run.stderr).toBe('status 141\n');
  });

  test('plesio scan --help on /dev/full is exit 1 naming stdout and the reason', async () => {
    const run = await redirected(['scan', '--help'], '/dev/full');
    expect(run).toMatchObject({ code: 1, stderr: `plesio: cannot write to stdout: ${ENOSPC}\n` });
  });
});

describe('output paths are checked before the scan', { timeout: E2E_TIMEOUT_MS }, () => {
  test('-o, --trace and --store into a missing folder fail at once, before any host is tried', async () => {
    const missing = join(home.dir, 'no-such-folder');
    for (const [option, what] of [['-o', 'the --output file'], ['--trace', 'the --trace file'], ['--store', 'the scan store (--store)']] as const) {
      // Port 1 refuses: a scan that ran would say "scanned 1 host" and exit 2.
      const run = await cli(['scan', '127.0.0.1:1', option, join(missing, 'out')]);
      expect(run).toMatchObject({ code: 1, stdout: '', stderr: `plesio: cannot write ${what} ${join(missing, 'out')}: the folder ${missing} does not exist\n` });
    }
  });

  test('plesio results checks -o before it waits for Redis, and an unknown run writes nothing: no [], no truncated file', async () => {
    const missing = join(home.dir, 'no-such-folder', 'out.json');
    // Nothing listens on port 1: a check made after connecting would take 10 s and say "cannot reach Redis".
    const early = await cli(['results', 'run1', '--redis', 'redis://127.0.0.1:1', '-o', missing]);
    expect(early).toMatchObject({ code: 1, stdout: '', stderr: `plesio: cannot write the --output file ${missing}: the folder ${join(home.dir, 'no-such-folder')} does not exist\n` });
    const redis = await startRedis();
    try {
      const unknown = `plesio: no run "run1" in queue "plesio": check the run id and --queue (runs are kept for the retention time, 7 days by default)\n`;
      expect(await cli(['results', 'run1', '--redis', redis.url])).toMatchObject({ code: 1, stdout: '', stderr: unknown });
      const kept = join(home.dir, 'kept.json');
      await writeFile(kept, '["earlier results"]\n');
      expect(await cli(['results', 'run1', '--redis', redis.url, '-o', kept])).toMatchObject({ code: 1, stdout: '', stderr: unknown });
      expect(await readFile(kept, 'utf8')).toBe('["earlier results"]\n');
    } finally {
      await redis.stop();
    }
  });
});
