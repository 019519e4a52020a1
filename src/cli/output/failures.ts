/**
 * The outputs of one command that could not be written — the reports, a trace, a recording, the scan
 * store — each said once, at the end, with its path and the reason, and the command exits 1: results
 * are never dropped silently (issue 14, item 2). A reader that went away (EPIPE, `plesio scan … |
 * head`) is not a failure to report: the command ends quietly, as a tool killed by SIGPIPE would.
 */
import { constants } from 'node:os';
import { fileProblem, hasErrno } from '../usage-error.js';

/** The exit status of a command whose reader went away: 128 + SIGPIPE, as a shell shows it. */
export const BROKEN_PIPE_EXIT = 128 + constants.signals.SIGPIPE;

/** The failed outputs of one command, in the order they failed. */
export class WriteFailures {
  private readonly lines = new Map<string, string>();
  /** True once the reader of stdout (or of the `--output` FIFO) went away. */
  brokenPipe = false;

  /**
   * Notes that writing `what` to `name` failed; only the first failure of each output is kept.
   * @example
   * failures.add('out.json', enospc); // later: "plesio: cannot write the reports to out.json: no space left on device (ENOSPC)"
   */
  add(name: string, error: unknown, what = 'the reports'): void {
    if (hasErrno(error, 'EPIPE')) {
      this.brokenPipe = true;
      return;
    }
    if (!this.lines.has(name)) this.lines.set(name, `cannot write ${what} to ${name}: ${fileProblem(error)}`);
  }

  /** True when `name` failed already (further writes to it are pointless). */
  has(name: string): boolean {
    return this.lines.has(name);
  }

  /** True when some output failed (a broken pipe aside). */
  get any(): boolean {
    return this.lines.size > 0;
  }

  /** Writes one `plesio: cannot write …` line per failed output. */
  report(stderr: NodeJS.WritableStream): void {
    for (const line of this.lines.values()) stderr.write(`plesio: ${line}\n`);
  }
}
