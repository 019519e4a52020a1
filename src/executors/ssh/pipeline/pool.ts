/**
 * The pipelined sessions of one connection: a small pool, so commands of forked sagas still run side by
 * side, bounded like the channels (a session is a channel) and by what the server grants (MaxSessions).
 *
 * A session costs a login shell on the host, whose rc files may well spend their time on the CPU
 * (pyenv's ~80 ms do), while a fact-gathering command takes a few milliseconds. So the pool prefers to
 * queue a command behind the ones a session is running — the session shell goes on to it without a
 * round trip — and starts another session only when the queue would take longer than a session takes
 * to start (both measured on this connection). A command that runs longer than that has the commands
 * queued behind it withdrawn and run elsewhere, so one hanging command (a `df` on a dead NFS mount)
 * holds up nothing else.
 *
 * The first command starts two sessions and waits for the first of them: the login shell it would
 * cost on a channel of its own buys a session instead, and the second is there for the commands a
 * forking saga sends next. No more start until those have worked. When sessions cannot start (no
 * usable `sh`, a restricted shell, a forced command) or keep dying, the pool turns itself off and
 * every command takes a channel of its own — said once at debug level — so a scan never fails because
 * pipelining is unavailable; a first session slower than two seconds to start lets the commands
 * waiting for it take channels of their own meanwhile.
 */
import type { CommandResult } from '../../../effects/command.js';
import { abortedError, quoteCommand } from '../../guard.js';
import type { Connection } from '../connection.js';
import { canPipeline, type ShellFamily } from './script.js';
import { openSession, SessionEndedError, SessionStartError, type Pace, type PipelineSession, type SessionJob, type SessionRequest } from './session.js';

/** Sessions that may end unexpectedly before the pool gives up on pipelining for the connection. */
const MAX_FAILURES = 3;
/**
 * How long a command waits for the first sessions to start before it takes a channel of its own (the
 * sessions still start, for later commands): a login shell slower than that should not hold up a scan.
 */
const UNTRIED_WAIT_MS = 2_000;
/** A command runs at least this long before the ones queued behind it are withdrawn: a withdrawal costs an exec. */
const MIN_PATIENCE_MS = 200;
/** Until measured: how long a command runs on the host, and how long a session takes to start. */
const INITIAL_RUN_MS = 10;
const INITIAL_START_MS = 100;
/** How long a stop request run in another session may take (it waits up to about a second itself). */
const STOP_TIMEOUT_MS = 5_000;
/** Sessions the first command starts at once. */
const FIRST_SESSIONS = 2;

/** How the pool runs. */
export interface PoolOptions {
  host: string;
  /** At most this many sessions at once (the executor's `maxChannels`). */
  maxSessions: number;
  /** Where the pool says why it falls back. */
  debug: (message: string) => void;
  /** Told once, with the reason, when the pool gives pipelining up for the connection. */
  unavailable?: (why: string) => void;
}

/** A command on its way through the pool. */
interface PoolRequest extends SessionRequest {
  /** Wait for a session even while the first ones start (the server refused it a channel of its own). */
  readonly patient: boolean;
  /** Withdrawn once already: it only goes to a session with nothing else to run. */
  withdrawn: boolean;
  /** A stop request of a session, run in another: handed back, it takes an exec channel instead. */
  readonly stop?: boolean;
  /** Run it on a channel of its own instead. */
  fallback(): void;
}

/** A command waiting for a session to take it. */
interface Waiter {
  request: PoolRequest;
  /** Drops its abort listener and timer. */
  leave(): void;
}

/** See the module comment. */
export class SessionPool {
  private mode: 'untried' | 'working' | 'off' = 'untried';
  private readonly sessions = new Set<PipelineSession>();
  private readonly waiters: Waiter[] = [];
  private starting = 0;
  private limit: number;
  private failures = 0;
  /** A command gave up waiting for the first sessions: until they start, the others do not wait. */
  private impatient = false;
  /** The login shell's family, as the first session to get that far said. */
  private shell: ShellFamily | undefined;
  /** How long the latest session took to start, and how long commands run (a moving average), in ms. */
  private startMs = INITIAL_START_MS;
  private runMs = INITIAL_RUN_MS;
  private readonly pace: Pace = {
    patience: () => Math.max(MIN_PATIENCE_MS, this.startMs),
    ran: (ms) => {
      this.runMs = this.runMs * 0.8 + ms * 0.2;
    },
    elsewhere: (command, from) => this.runIdle(command, from),
  };
  private readonly events = {
    progress: () => this.pump(),
    returned: (_session: PipelineSession, requests: SessionRequest[], why?: string) => {
      if (why !== undefined) this.options.debug(`${this.options.host}: withdrew ${requests.length} ${requests.length === 1 ? 'command' : 'commands'} ${why}; running them elsewhere`);
      // Back to the front of the line, in their order.
      for (const request of [...requests].reverse() as PoolRequest[]) {
        if (request.stop === true) {
          request.fallback();
          continue;
        }
        request.withdrawn = true;
        this.dispatch(request, true);
      }
    },
    ended: (session: PipelineSession, reason: string | undefined) => this.ended(session, reason),
  };

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
    if (!canPipeline(sent) || this.mode === 'off') return 'fallback';
    if (job.signal?.aborted) throw abortedError(job.host, job.command);
    if (this.mode === 'untried' && !patient && this.impatient) {
      // The first session is slow to start: until it has, commands take channels of their own.
      this.grow();
      return 'fallback';
    }
    const outcome = await new Promise<CommandResult | Error | 'fallback'>((resolve) => {
      let settled = false;
      const once = (value: CommandResult | Error | 'fallback'): void => {
        if (settled) return;
        settled = true;
        resolve(value);
      };
      this.dispatch({ sent, job, patient, withdrawn: false, settle: once, fallback: () => once('fallback') });
    });
    if (!(outcome instanceof Error)) return outcome;
    if (!(outcome instanceof SessionEndedError)) throw outcome;
    // ssh2 closes the channels of a dropped connection before it reports the connection's own close.
    await new Promise((resolve) => setImmediate(resolve));
    const lost = this.conn.lost(job.command);
    if (lost !== undefined) throw lost;
    this.options.debug(`${this.options.host}: the session running ${quoteCommand(job.command)} ended (${outcome.message}); running it on a channel of its own`);
    return 'fallback';
  }

  /**
   * The family of the host's login shell, which reads the commands that take a channel of their own;
   * undefined until a session got far enough to say (always, once the first session has started or
   * failed, unless the login shell could not run it at all).
   */
  loginShell(): ShellFamily | undefined {
    return this.shell;
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

  /** Hands a command to a session that can take it now, or lets it wait for one (`front`: first in line). */
  private dispatch(request: PoolRequest, front = false): void {
    if (this.mode === 'off') return request.fallback();
    if (request.job.signal?.aborted) return request.settle(abortedError(request.job.host, request.job.command));
    const session = this.waiters.length === 0 || front ? this.pick(request) : undefined;
    if (session !== undefined) return session.enqueue(request);
    this.wait(request, front);
    this.grow();
  }

  /**
   * The session to queue `request` on: the least loaded one that takes commands, unless its queue would
   * take longer than starting another session (and another may start).
   */
  private pick(request: PoolRequest): PipelineSession | undefined {
    const now = performance.now();
    let best: PipelineSession | undefined;
    for (const session of this.sessions) {
      if (session.accepting(now) && (best === undefined || session.load < best.load)) best = session;
    }
    if (best === undefined || best.load === 0) return best;
    if (request.withdrawn) return undefined;
    const mayGrow = this.mode === 'working' && this.sessions.size + this.starting < this.limit;
    return mayGrow && best.load * this.runMs > this.startMs ? undefined : best;
  }

  /** Runs a stop request in a session with nothing to do (not `from`); undefined when there is none. */
  private runIdle(command: string, from: PipelineSession): Promise<string> | undefined {
    const now = performance.now();
    const idle = [...this.sessions].find((s) => s !== from && s.load === 0 && s.accepting(now));
    if (idle === undefined) return undefined;
    return new Promise((resolve, reject) => {
      const job = { host: this.options.host, command, timeoutMs: STOP_TIMEOUT_MS, maxOutputBytes: 65_536, signal: undefined };
      const request: PoolRequest = {
        sent: command,
        job,
        patient: true,
        withdrawn: true,
        stop: true,
        settle: (outcome) => (outcome instanceof Error ? reject(outcome) : resolve(outcome.stdout)),
        // Handed back (its session ended first): the caller takes an exec channel instead.
        fallback: () => reject(new Error('no session left to run it')),
      };
      idle.enqueue(request);
    });
  }

  private wait(request: PoolRequest, front: boolean): void {
    let timer: NodeJS.Timeout | undefined;
    const { signal } = request.job;
    const waiter: Waiter = {
      request,
      leave: () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        const index = this.waiters.indexOf(waiter);
        if (index !== -1) this.waiters.splice(index, 1);
      },
    };
    const onAbort = (): void => {
      waiter.leave();
      request.settle(abortedError(request.job.host, request.job.command));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    if (this.mode === 'untried' && !request.patient) {
      timer = setTimeout(() => {
        this.impatient = true;
        waiter.leave();
        request.fallback();
      }, UNTRIED_WAIT_MS);
    }
    if (front) this.waiters.unshift(waiter);
    else this.waiters.push(waiter);
  }

  /** Gives waiting commands to sessions that can take them; starts sessions for the rest. */
  private pump(): void {
    while (this.waiters.length > 0) {
      const waiter = this.waiters[0]!;
      const session = this.pick(waiter.request);
      if (session === undefined) break;
      waiter.leave();
      session.enqueue(waiter.request);
    }
    this.grow();
  }

  /**
   * Starts sessions for the commands left waiting, within the bound: as many as it takes for none to
   * wait much longer than a session takes to start, and at most as many starting as are open (one, to
   * find out whether sessions work at all), so a CPU-hungry rc file is not run eight times at once.
   */
  private grow(): void {
    if (this.mode === 'off') return;
    if (this.mode === 'untried') {
      // Two at first: most callers fork (a scan gathers its facts side by side), and on a host with
      // more than one core the second login shell costs no waiting when it starts with the first.
      if (this.starting === 0 && this.sessions.size === 0) for (let i = 0; i < Math.min(FIRST_SESSIONS, this.limit); i++) void this.start();
      return;
    }
    if (this.waiters.length === 0) return;
    const perSession = Math.max(1, Math.floor(this.startMs / this.runMs));
    const wanted = Math.ceil(this.waiters.length / perSession);
    while (this.starting < wanted && this.starting < Math.max(1, this.sessions.size) && this.sessions.size + this.starting < this.limit) {
      void this.start();
    }
  }

  private async start(): Promise<void> {
    this.starting++;
    const began = performance.now();
    let session: PipelineSession;
    try {
      session = await openSession(this.conn.client, this.events, this.pace);
    } catch (error) {
      this.starting--;
      this.shell ??= (error as SessionStartError).loginShell;
      this.startFailed(error as SessionStartError);
      return;
    }
    this.starting--;
    this.shell ??= session.loginShell;
    this.startMs = performance.now() - began;
    if (this.mode === 'off') return session.close();
    if (this.mode === 'untried') {
      this.mode = 'working';
      this.options.debug(`${this.options.host}: pipelining commands through /bin/sh sessions (process groups by ${session.grouping})`);
    }
    this.sessions.add(session);
    this.pump();
  }

  private startFailed(error: SessionStartError): void {
    // A lost or closing connection: the channel path reports it to each command.
    if (this.mode === 'off' || this.gone()) return this.flush();
    if (error.kind === 'refused') {
      if (this.sessions.size + this.starting > 0) {
        // The server allows fewer sessions than we would open (MaxSessions): make do with these.
        this.limit = this.sessions.size + this.starting;
        this.options.debug(`${this.options.host}: the server refused another session; keeping at most ${this.limit}`);
        return this.pump();
      }
      // Nothing of ours to wait for: the channel path retries and backs off.
      return this.flush();
    }
    if (this.mode === 'untried') return this.off(`pipelining is unavailable (${error.message}); running one channel per command`);
    this.failed(`a session could not start (${error.message})`);
  }

  private ended(session: PipelineSession, reason: string | undefined): void {
    this.sessions.delete(session);
    if (reason === undefined || this.mode === 'off' || this.gone()) return;
    this.failed(`a session ended: ${reason}`);
  }

  /** Counts an unexpected failure; too many turn pipelining off for the connection. */
  private failed(what: string): void {
    if (++this.failures >= MAX_FAILURES) return this.off(`${what}; after ${this.failures} such failures, running one channel per command`);
    this.options.debug(`${this.options.host}: ${what}`);
    // Waiters with no session left to wait for take the channel path; the others get a new session.
    if (this.sessions.size === 0 && this.starting === 0 && this.waiters.length > 0) {
      const waiter = this.waiters[0]!;
      waiter.leave();
      waiter.request.fallback();
    }
    this.pump();
  }

  private off(why: string): void {
    this.mode = 'off';
    this.options.debug(`${this.options.host}: ${why}`);
    this.options.unavailable?.(why);
    for (const session of this.sessions) if (session.load === 0) session.close();
    this.flush();
  }

  /** Sends every waiting command to the channel path. */
  private flush(): void {
    for (const waiter of [...this.waiters]) {
      waiter.leave();
      waiter.request.fallback();
    }
  }

  private gone(): boolean {
    return this.conn.lost('') !== undefined;
  }
}
