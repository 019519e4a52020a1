/** The JSON report of one host: its facts, what failed, where each fact came from. */

/** A failure, as outputs show it: a stable code and a one-line reason. */
export interface ErrorInfo {
  readonly code: string;
  readonly message: string;
}

/** One host's scan result. */
export interface HostReport {
  /** The target as given (alias, address or `user@host:port`). */
  readonly host: string;
  /** `ok`: every fact gathered; `partial`: some facts failed; `failed`: the host could not be scanned. */
  readonly status: 'ok' | 'partial' | 'failed';
  /** Why the host failed (connect, auth, host key, deadline...), or null. */
  readonly error: ErrorInfo | null;
  /** The facts gathered (keys of the 2009 scanner and more), with `errors` for facts that failed. */
  readonly facts: Record<string, unknown> & { errors?: Record<string, ErrorInfo> };
  /** For each fact, the command it came from. */
  readonly sources: Record<string, string>;
  readonly duration_ms: number;
}
