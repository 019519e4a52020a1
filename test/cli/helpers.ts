/**
 * Shared operations of the CLI tests: building `dist` when it is missing or older than `src`, running
 * the built binary as a child process with a clean home directory, and writing throw-away files.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

/** The repository root. */
export const ROOT = resolve(import.meta.dirname, '..', '..');
/** The built CLI entry. */
export const CLI = join(ROOT, 'dist', 'cli', 'main.js');

/** Newest modification time under `dir` (recursively), in ms. */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/**
 * Builds `dist` unless `dist/cli/main.js` is newer than every file of `src` (`npm test` builds first).
 * A lock directory keeps two test files from compiling at the same time.
 */
export async function ensureBuilt(): Promise<void> {
  const lock = join(ROOT, 'dist', '.cli-test-build.lock');
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  for (let waited = 0; ; waited += 200) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another test file is building; a stale lock (a killed run) is taken over after two minutes.
      if (waited > 120_000) break;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    if (existsSync(CLI) && statSync(CLI).mtimeMs >= newest(join(ROOT, 'src'))) return;
    await promisify(execFile)(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT });
    // What `npm run build` does after tsc.
    await promisify(execFile)(process.execPath, [join(ROOT, 'scripts', 'mark-bin-executable.mjs')], { cwd: ROOT });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** What a finished CLI run gave. */
export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * The time limit of an end-to-end test: far above the few seconds one takes, because `npm test` runs
 * every suite at once on small machines; it only turns a hang into a failure.
 */
export const E2E_TIMEOUT_MS = 120_000;

/** A clean environment: an empty HOME (no ~/.ssh of this machine) and no ssh-agent. */
export function cleanEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home };
  delete env.SSH_AUTH_SOCK;
  return env;
}

/** Where and how the CLI runs: its home, its working directory, Node's own options, more environment. */
export interface CliOptions {
  home: string;
  cwd?: string;
  /** Options of `node` itself, before the script (e.g. `--import` of a preload). */
  nodeArgs?: readonly string[];
  env?: NodeJS.ProcessEnv;
  /** An open file descriptor to give the CLI as its stdout (`> /dev/full`), instead of a pipe. */
  stdoutFd?: number;
}

/** Starts the CLI; the caller reads its streams (for a SIGINT in the middle of a scan). */
export function spawnCli(args: readonly string[], options: CliOptions): ChildProcess {
  return spawn(process.execPath, [...(options.nodeArgs ?? []), CLI, ...args], { cwd: options.cwd ?? options.home, env: { ...cleanEnv(options.home), ...options.env }, stdio: ['ignore', options.stdoutFd ?? 'pipe', 'pipe'] });
}

/** Runs the CLI to the end; kills it after `timeoutMs` (only to turn a hang into a failure). */
export function runCli(args: readonly string[], options: CliOptions & { timeoutMs?: number }): Promise<CliRun> {
  const child = spawnCli(args, options);
  return finished(child, options.timeoutMs ?? E2E_TIMEOUT_MS - 10_000);
}

/** Collects a child's output and resolves when it exits. */
export function finished(child: ChildProcess, timeoutMs: number): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** A temporary directory, removed by the returned function. */
export async function tempDir(prefix = 'plesio-cli-'): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Writes `text` to `dir/name` and returns the path. */
export async function writeTemp(dir: string, name: string, text: string, mode = 0o600): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text, { mode });
  return path;
}

/** A report without its timing, the one field two scans of the same host never share. */
export function withoutTiming<T extends { duration_ms?: unknown }>(report: T): Omit<T, 'duration_ms'> {
  const { duration_ms: _, ...rest } = report;
  return rest;
}
