/**
 * The pipelined sessions of one connection: a small pool, so commands of forked sagas still run side by
 * side, bounded like the channels (a session is a channel) and by what the server grants (MaxSessions).
 * The first command starts one session and runs on a channel of its own meanwhile; no more sessions
 * start until that one has worked, so a host that cannot pipeline costs one failed request, once, and
 * no waiting. When sessions cannot start (no usable `sh`, a restricted shell, a forced command) or keep
 * dying, the pool turns itself off and every command takes a channel of its own — said once at debug
 * level — so a scan never fails, nor waits, because pipelining is unavailable.
 */
import type { CommandResult } from '../../../effects/command.js';
import { abortedError, quoteCommand } from '../../guard.js';
import type { Connection } from '../connection.js';
import { canPipeline } from './script.js';
import { openSession, SessionEndedError, SessionStartError, type PipelineSession, type SessionJob } from './session.js';

/** Sessions that may end unexpectedly before the pool gives up on pipelining for the connection. */
const MAX_FAILURES = 3;
/**
 * How long a command waits for the first sessions to start before it takes a channel of its own (the
 * sessions still start, for later commands): a login shell slower than that should not hold up a scan.
 */
const UNTRIED_WAIT_MS = 2_000;

/** How the pool runs. */
export interface PoolOptions {
  host: string;
  /** At most this many sessions at once (the executor's `maxChannels`). */
  maxSessions: number;
  /** Where the pool says why it falls back. */
  debug: (message: string) => void;
}

/** A command waiting for a session, or told to take a channel of its own. */
type Grant = (session: PipelineSession | 'fallback') => void;

/** See the module comment. */
export class SessionPool {
  private mode: 'untried' | 'working' | 'off' = 'untried';
  private readonly sessions = new Set<PipelineSession>();
  private readonly idle: PipelineSession[] = [];
  private readonly waiters: Grant[] = [];
  private starting = 0;
  private limit: number;
  private failures = 0;
  /** A command gave up waiting for the first sessions: until they start, the others do not wait. */
  private impatient = false;

  constructor(private readonly conn: Connection, private readonly options: PoolOptions) {
    this.limit = options.maxSessions;
  }

  /**
   * Runs `sent` (the command as the host runs it, sudo-wrapped or not) in a session; resolves to
   * `'fallback'` when it must run on a channel of its own instead. A session that ends under the
   * command is reported as the lost connection when that is the cause; otherwise the command falls
   * back, as if it had been given a channel in the first place. `patient`: wait for a session even
   * while the first ones start (the server refused the command a channel of its own).
   */
  async run(sent: string, job: SessionJob, patient = false): Promise<CommandResult | 'fallback'> {
    if (!canPipeline(sent)) return 'fallback';
    const session = await this.acquire(job.signal, () => abortedError(job.host, job.command), patient);
    if (session === 'fallback') return 'fallback';
    try {
      return await session.run(sent, job);
    } catch (error) {
      if (!(error instanceof SessionEndedError)) throw error;
      // ssh2 closes the channels of a dropped connection before it reports the connection's own close.
      await new Promise((resolve) => setImmediate(resolve));
      const lost = this.conn.lost(job.command);
      if (lost !== undefined) throw lost;
      this.options.debug(`${this.options.host}: the session running ${quoteCommand(job.command)} ended (${error.message}); running it on a channel of its own`);
      return 'fallback';
    }
  }

  /** Whether sessions are open or starting: channels the server counts against its MaxSessions. */
  holdsSessions(): boolean {
    return this.mode !== 'off' && this.sessions.size + this.starting > 0;
  }

  /** Stops handing out sessions (the executor is closing); waiting commands take the channel path. */
  close(): void {
    this.mode = 'off';
    this.flush();
  }

  private acquire(signal: AbortSignal | undefined, aborted: () => Error, patient: boolean): Promise<PipelineSession | 'fallback'> {
    if (this.mode === 'off') return Promise.resolve('fallback');
    if (signal?.aborted) return Promise.reject(aborted());
    if (this.mode === 'untried' && !patient && (this.starting === 0 || this.impatient)) {
      // The first command starts the sessions but does not wait for them: it would take a login shell
      // to start either way, and on a host that cannot pipeline the wait would be a round trip lost.
      this.grow();
      return Promise.resolve('fallback');
    }
    const ready = this.idle.pop();
    if (ready !== undefined) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const leave = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        const index = this.waiters.indexOf(grant);
        if (index !== -1) this.waiters.splice(index, 1);
      };
      const onAbort = (): void => {
        leave();
        reject(aborted());
      };
      const grant: Grant = (session) => {
        leave();
        resolve(session);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      if (this.mode === 'untried' && !patient) {
        timer = setTimeout(() => {
          this.impatient = true;
          grant('fallback');
        }, UNTRIED_WAIT_MS);
      }
      this.waiters.push(grant);
      this.grow();
    });
  }

  /**
   * Starts sessions for waiting commands, within the bound. Each costs a login shell there, whose rc
   * files may well spend their time on the CPU (pyenv's ~80 ms do), so: one to find out whether
   * sessions work at all, then at most as many starting as are open. A burst of short commands is then
   * mostly done by the open sessions before new ones could be, while commands that keep their sessions
   * busy (or wait for each other) still get every session they need, a round of starts later.
   */
  private grow(): void {
    if (this.mode === 'off') return;
    if (this.mode === 'untried') {
      if (this.starting === 0) void this.start();
      return;
    }
    while (this.starting < this.waiters.length && this.starting < Math.max(1, this.sessions.size) && this.sessions.size + this.starting < this.limit) {
      void this.start();
    }
  }

  private async start(): Promise<void> {
    this.starting++;
    let session: PipelineSession;
    try {
      session = await openSession(this.conn.client, { idle: (s) => this.release(s), ended: (s, reason) => this.ended(s, reason) });
    } catch (error) {
      this.starting--;
      this.startFailed(error as SessionStartError);
      return;
    }
    this.starting--;
    if (this.mode === 'untried') {
      this.mode = 'working';
      this.options.debug(`${this.options.host}: pipelining commands through /bin/sh sessions (process groups by ${session.grouping})`);
    }
    this.sessions.add(session);
    this.release(session);
    this.grow();
  }

  private startFailed(error: SessionStartError): void {
    // A lost or closing connection: the channel path reports it to each command.
    if (this.mode === 'off' || this.gone()) return this.flush();
    if (error.kind === 'refused') {
      if (this.sessions.size + this.starting > 0) {
        // The server allows fewer sessions than we would open (MaxSessions): make do with these.
        this.limit = this.sessions.size + this.starting;
        this.options.debug(`${this.options.host}: the server refused another session; keeping at most ${this.limit}`);
        return;
      }
      // Nothing of ours to wait for: the channel path retries and backs off.
      return this.flush();
    }
    if (this.mode === 'untried') return this.off(`pipelining is unavailable (${error.message}); running one channel per command`);
    this.failed(`a session could not start (${error.message})`);
  }

  private release(session: PipelineSession): void {
    if (this.mode === 'off') return session.close();
    const grant = this.waiters.shift();
    if (grant !== undefined) grant(session);
    else this.idle.push(session);
  }

  private ended(session: PipelineSession, reason: string | undefined): void {
    this.sessions.delete(session);
    const index = this.idle.indexOf(session);
    if (index !== -1) this.idle.splice(index, 1);
    if (reason === undefined || this.mode === 'off' || this.gone()) return;
    this.failed(`a session ended: ${reason}`);
  }

  /** Counts an unexpected failure; too many turn pipelining off for the connection. */
  private failed(what: string): void {
    if (++this.failures >= MAX_FAILURES) return this.off(`${what}; after ${this.failures} such failures, running one channel per command`);
    this.options.debug(`${this.options.host}: ${what}`);
    // Waiters with no session left to wait for take the channel path; the others get a new session.
    if (this.sessions.size === 0 && this.starting === 0 && this.waiters.length > 0) {
      const grant = this.waiters.shift()!;
      grant('fallback');
    }
    this.grow();
  }

  private off(why: string): void {
    this.mode = 'off';
    this.options.debug(`${this.options.host}: ${why}`);
    for (const session of this.idle.splice(0)) session.close();
    this.flush();
  }

  /** Sends every waiting command to the channel path. */
  private flush(): void {
    for (const grant of this.waiters.splice(0)) grant('fallback');
  }

  private gone(): boolean {
    return this.conn.lost('') !== undefined;
  }
}
