#!/usr/bin/env node
/**
 * The `plesio` command. `main(argv)` runs it and sets `process.exitCode` (never `process.exit`), so the
 * CLI runs in-process in tests as well as as a binary; the signal handling and the entry-module check
 * at the bottom belong to the binary only.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CommanderError } from 'commander';
import { PlesioError } from '../errors.js';
import { escapeControls } from '../escape-controls.js';
import { buildProgram } from './program.js';
import { interruptedExit, type CliIO } from './io.js';
import { BROKEN_PIPE_EXIT } from './output/failures.js';
import { fileProblem, UsageError } from './usage-error.js';

/**
 * Runs the CLI with `argv` (without `node` and the script) and resolves to the exit code, which is
 * also set as `process.exitCode`.
 * @example
 * const code = await main(['scan', '--local', '--format', 'table']);
 */
export async function main(argv: readonly string[], io: CliIO = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const code = await run(argv, io);
  process.exitCode = code;
  return code;
}

async function run(argv: readonly string[], io: CliIO): Promise<number> {
  let code = 0;
  try {
    const program = buildProgram(version(), io, (c) => (code = c));
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    // Commander has printed its own message (unknown option, bad choice) or the help/version text.
    if (error instanceof CommanderError) return error.exitCode;
    // Messages quote inventories, configs and hosts: escaped, as every line meant for a terminal.
    if (error instanceof UsageError) {
      io.stderr.write(`plesio: ${escapeControls(error.message)}\n`);
      return 1;
    }
    if (error instanceof PlesioError && error.code === 'interrupted') {
      io.stderr.write(`plesio: ${escapeControls(error.message)}\n`);
      // Ctrl-C at a prompt (no signal: the terminal is raw) is 130, as after SIGINT.
      return interruptedExit(io.interrupt?.aborted === true ? io.interrupt : undefined);
    }
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr.write(`plesio: internal error (please report it): ${text.split('\n').map(escapeControls).join('\n')}\n`);
    return 1;
  }
}

function version(): string {
  // package.json is two levels up from both src/cli and dist/cli.
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}

/**
 * The binary: the first SIGINT/SIGTERM/SIGHUP aborts the scan (finished hosts are still written), a
 * second one ends the process at once, as people expect of a second Ctrl-C.
 */
function runAsBinary(): void {
  const interrupt = new AbortController();
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (!interrupt.signal.aborted) return interrupt.abort(signal);
    for (const s of signals) process.removeAllListeners(s);
    process.kill(process.pid, signal);
  };
  for (const s of signals) process.on(s, onSignal);
  watchStandardStreams();
  void main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, interrupt: interrupt.signal }).then(() => {
    for (const s of signals) process.removeListener(s, onSignal);
    if (interrupt.signal.aborted) {
      // Everything was aborted and closed; an unref'd timer ends a process something still holds open
      // (a server that never answers the close) without delaying one that exits by itself.
      setTimeout(() => process.exit(), 2000).unref();
    }
  });
}

/**
 * Text that commander writes itself (`--help`, `--version`, its usage errors) goes straight to
 * process.stdout/stderr, whose failures would be an unhandled 'error' event that crashes Node:
 * `plesio scan --help | head -1` (EPIPE) ends quietly with SIGPIPE's status, as `git log | head` does;
 * `plesio --help > /dev/full` is exit 1 with the reason. The outputs of the commands check their
 * own writes (output/stream.ts) and get the same errors through their own listeners.
 */
function watchStandardStreams(): void {
  let failed: number | undefined;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    // A command's own output is listening too: it reports the failure and sets the status.
    if (process.stdout.listenerCount('error') > 1) return;
    if (error.code === 'EPIPE') {
      failed ??= BROKEN_PIPE_EXIT;
      return;
    }
    failed = 1;
    process.stderr.write(`plesio: cannot write to stdout: ${fileProblem(error)}\n`);
  });
  // Nowhere left to say anything: a failing stderr only must not crash the process.
  process.stderr.on('error', () => undefined);
  // The failure may come after the command has ended: it still sets the status of a command that succeeded.
  process.once('exit', (code) => {
    if (failed !== undefined && code === 0) process.exitCode = failed;
  });
}

/** True when this file is the script node was started with (also through npm's bin symlink). */
function isEntry(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

// Never when imported by a test: the test drives `main` itself.
if (isEntry()) runAsBinary();
