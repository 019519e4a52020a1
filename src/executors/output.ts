/**
 * Collects a command's stdout and stderr bytes under one cap, and decodes them as UTF-8 once the command
 * ends. When the bytes are not valid UTF-8 the decoded text is lossy, so the raw bytes ride along on
 * the result under a symbol: the recorder stores them as base64 and a replay gives them back.
 */
import { isUtf8 } from 'node:buffer';
import type { CommandResult } from '../effects/command.js';

const RAW_OUTPUT = Symbol('plesio.rawOutput');

/** The exact bytes behind a result's `stdout` and `stderr`. */
export interface RawOutput {
  stdout: Uint8Array;
  stderr: Uint8Array;
}

/** Attaches the exact bytes to a result (non-enumerable, so results still compare and print as plain data). */
export function withRawOutput<T extends CommandResult>(result: T, raw: RawOutput): T {
  Object.defineProperty(result, RAW_OUTPUT, { value: raw, enumerable: false });
  return result;
}

/**
 * The exact bytes of a result's output: the attached raw bytes when the output was not valid UTF-8,
 * otherwise the UTF-8 encoding of the text (which then round-trips exactly).
 */
export function rawOutput(result: CommandResult): RawOutput {
  const attached = (result as CommandResult & { [RAW_OUTPUT]?: RawOutput })[RAW_OUTPUT];
  return attached ?? { stdout: Buffer.from(result.stdout, 'utf8'), stderr: Buffer.from(result.stderr, 'utf8') };
}

/** Accumulates both streams and reports when their total passes `limit` bytes. */
export class OutputCollector {
  private readonly chunks: { stdout: Buffer[]; stderr: Buffer[] } = { stdout: [], stderr: [] };
  private total = 0;

  constructor(private readonly limit: number) {}

  /** Adds a chunk; returns false once the total exceeds the limit (the chunk is dropped then). */
  add(stream: 'stdout' | 'stderr', chunk: Buffer): boolean {
    this.total += chunk.length;
    if (this.total > this.limit) return false;
    this.chunks[stream].push(chunk);
    return true;
  }

  /** Builds the result, attaching the raw bytes only when one of the streams is not valid UTF-8. */
  result(code: number | null, signal: string | null, durationMs: number): CommandResult {
    const stdout = Buffer.concat(this.chunks.stdout);
    const stderr = Buffer.concat(this.chunks.stderr);
    const result: CommandResult = { stdout: stdout.toString('utf8'), stderr: stderr.toString('utf8'), code, signal, durationMs };
    return isUtf8(stdout) && isUtf8(stderr) ? result : withRawOutput(result, { stdout, stderr });
  }
}

/** `SIGTERM`, `TERM` → `TERM`: the form `CommandResult.signal` promises. */
export function signalName(signal: string | null | undefined): string | null {
  if (signal === null || signal === undefined || signal === '') return null;
  return signal.startsWith('SIG') ? signal.slice(3) : signal;
}
