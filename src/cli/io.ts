/** The process around a command: its output streams and the signal that interrupts it. */
import { constants } from 'node:os';

/** What a command writes to and listens to; tests hand in their own streams and signal. */
export interface CliIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Aborted on SIGINT/SIGTERM, with the signal's name as the reason. */
  interrupt?: AbortSignal;
}

/**
 * The exit status of a command its interrupt stopped: 128 + the signal's number, as a shell shows a
 * process the signal ended (130 for SIGINT, 143 for SIGTERM); SIGINT's when the reason is no signal.
 * @example
 * interruptedExit(io.interrupt); // => 143 after SIGTERM
 */
export function interruptedExit(interrupt: AbortSignal | undefined): number {
  const signal = String(interrupt?.reason ?? 'SIGINT') as NodeJS.Signals;
  return 128 + (constants.signals[signal] ?? constants.signals.SIGINT);
}
