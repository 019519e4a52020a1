/** The process around a command: its output streams and the signal that interrupts it. */

/** What a command writes to and listens to; tests hand in their own streams and signal. */
export interface CliIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Aborted on SIGINT/SIGTERM, with the signal's name as the reason. */
  interrupt?: AbortSignal;
}
