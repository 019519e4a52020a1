/**
 * The root of every error plesio raises on purpose. Each subclass has a stable `code` that output
 * formats, the CLI and tests rely on, and a one-line human `message`.
 */
export class PlesioError extends Error {
  /** Stable, machine-readable code, e.g. `auth`, `timeout`, `parse`. */
  readonly code: string;
  /** The host the error is about, when there is one. */
  readonly host: string | undefined;

  constructor(code: string, message: string, options?: { host?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.host = options?.host;
  }

  /** A JSON form for outputs and traces: code, message and host, never a stack or a cause's secrets. */
  toJSON(): { name: string; code: string; message: string; host?: string } {
    return this.host === undefined
      ? { name: this.name, code: this.code, message: this.message }
      : { name: this.name, code: this.code, message: this.message, host: this.host };
  }
}
