/**
 * One live SSH connection to a host, possibly through jump hosts: the chain of ssh2 clients, why it was
 * lost (if it was), and closing it so that no socket, timer or listener is left behind.
 */
import type { Client } from 'ssh2';
import type { PlesioError } from '../../errors.js';
import { ConnectError, ConnectionLostError, ExecutorClosedError } from '../errors.js';
import { quoteCommand } from '../guard.js';

/** How long a polite disconnect may take before the socket is destroyed. */
const CLOSE_GRACE_MS = 2_000;

/** A client and whether its socket has closed. */
export interface Tracked {
  client: Client;
  closed: Promise<void>;
  isClosed: () => boolean;
}

/** Starts tracking a freshly connected client's close (call right after it is ready). */
export function track(client: Client): Tracked {
  let done = false;
  const closed = new Promise<void>((resolve) => client.once('close', () => ((done = true), resolve())));
  return { client, closed, isClosed: () => done };
}

/** The authenticated chain `[jump…, target]`, of which the last client runs the commands. */
export class Connection {
  private readonly chain: Tracked[];
  private reason: string | undefined;
  private closing = false;

  constructor(chain: readonly Tracked[], private readonly host: string, readonly user: string) {
    this.chain = [...chain];
    // After 'ready', errors only explain a coming 'close'; keep the first as the reason.
    for (const { client } of chain) client.on('error', (error: Error) => void (this.reason ??= error.message));
  }

  /** The client commands run on. */
  get client(): Client {
    return this.chain[this.chain.length - 1]!.client;
  }

  /** The error for a command cut off because the connection is gone, or undefined while it is up. */
  lost(command: string): PlesioError | undefined {
    if (this.closing) {
      return new ExecutorClosedError(`${this.host}: ${quoteCommand(command)} was stopped because the executor was closed`, { host: this.host, command });
    }
    if (!this.chain.some((hop) => hop.isClosed())) return undefined;
    const why = this.reason === undefined ? '' : ` (${this.reason})`;
    return new ConnectionLostError(`${this.host}: the SSH connection was lost${why} while running ${quoteCommand(command)}`, { host: this.host, command });
  }

  /** The error for a command the server would not start (exec request denied). */
  refused(command: string, reason: string): PlesioError {
    return new ConnectError('channel-refused', `${this.host}: the server would not run ${quoteCommand(command)} (${reason})`, { host: this.host, command });
  }

  /** Disconnects every hop, target first, and waits until their sockets are closed. */
  async close(): Promise<void> {
    this.closing = true;
    for (const hop of [...this.chain].reverse()) await closeClient(hop);
  }
}

/** Closes connected clients (e.g. the jump hosts before a failed hop), last first. */
export async function closeAll(chain: readonly Tracked[]): Promise<void> {
  for (const hop of [...chain].reverse()) await closeClient(hop);
}

async function closeClient(hop: Tracked): Promise<void> {
  if (hop.isClosed()) return;
  const timer = setTimeout(() => {
    try {
      hop.client.destroy();
    } catch {
      // Already gone.
    }
  }, CLOSE_GRACE_MS);
  try {
    hop.client.end();
    await hop.closed;
  } finally {
    clearTimeout(timer);
  }
}
