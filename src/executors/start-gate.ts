/**
 * The hook through which a fleet paces the starts of its hosts' executors: an executor asks its gate
 * before each start — a connection (TCP, handshake and authentication), a pipelined session (a login
 * shell and its rc files), a command on a channel of its own (a login shell per command) — and says
 * when that start is over. The gate decides how many starts run at once across the fleet; the executor
 * knows nothing of the others. `runFleet` hands each host's executor factory a gate of its pacer
 * (`StartPacer` in `plesio`'s fleet runner); an executor without one starts everything at once.
 */

/** What an executor starts. */
export type StartKind = 'connect' | 'session' | 'channel';

/** Room for one start, given by `StartGate.enter`; `leave` it exactly once, when the start is over. */
export interface StartPass {
  /**
   * The start is over: `ok` when it succeeded (the connection is up, the session ready, the command
   * answered), false when it failed, was aborted or gave up. Later calls do nothing.
   */
  leave(ok: boolean): void;
}

/** One host's way through its fleet's pacing. */
export interface StartGate {
  /**
   * Waits for room for one start of `kind`; rejects with the signal's reason if `signal` aborts first.
   * @example
   * const pass = await gate.enter('connect', signal);
   * try {
   *   client = await connect();
   *   pass.leave(true);
   * } finally {
   *   pass.leave(false);
   * }
   */
  enter(kind: StartKind, signal?: AbortSignal): Promise<StartPass>;
}

/**
 * Runs `start` with a pass of `gate` (at once without one): the pass is left when `start` settles, as
 * a success when it resolves.
 * @example
 * const client = await throughGate(gate, 'connect', cancel, () => connectHop(hop));
 */
export async function throughGate<T>(gate: StartGate | undefined, kind: StartKind, signal: AbortSignal | undefined, start: () => Promise<T>): Promise<T> {
  const pass = gate === undefined ? undefined : await gate.enter(kind, signal);
  let ok = false;
  try {
    const value = await start();
    ok = true;
    return value;
  } finally {
    pass?.leave(ok);
  }
}
