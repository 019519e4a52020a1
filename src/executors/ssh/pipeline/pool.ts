/**
 * The pipelined sessions of one connection. A session runs its commands side by side, so one is
 * enough for a scan: the pool starts one — one login shell on the host, whatever the scan asks — and
 * sends every command, and every stop, through it. It starts another only when measured queueing
 * pays: when the sessions hold `commandsPerSession` commands each and the ones waiting would wait
 * longer, at the measured pace of commands here, than a session takes to start.
 *
 * A session that is slow to start is waited for: each command waits up to its start bound and then
 * fails with `StartTimeoutError`, saying what it waited for. Pipelining is given up — every command
 * then takes a channel of its own, said once at debug level — only on evidence that sessions cannot
 * work here: the shell refused or failed the session script (no usable `sh`, a restricted shell, a
 * forced command, no writable temporary directory), sessions broke the protocol, or kept dying; or a
 * command on a channel of its own, tried once after the first session had been starting for a few
 * seconds, came back while that session was still not ready (a forced command that swallows the
 * script). A busy host is no such evidence: its sessions are slow, and a login shell per command would
 * only make it busier.
 *
 * With a fleet's pacing (`gate`), a session starts once the gate lets it: the time its commands spend
 * waiting for that is added to their start bound, since it says nothing about this host.
 */
import type { CommandResult } from '../../../effects/command.js';
import { StartTimeoutError } from '../../errors.js';
import { abortedError, quoteCommand } from '../../guard.js';
import type { StartGate, StartPass } from '../../start-gate.js';
import type { Connection } from '../connection.js';
import { canPipeline, type ShellFamily } from './script.js';
import { PipelineSession, SessionEndedError, SessionStartError, type SessionJob, type SessionRequest } from './session.js';

/** Sessions that may end unexpectedly before the pool gives up on pipelining for the connection. */
const MAX_FAILURES = 3;
/** How long the first session may start before a command on a channel of its own checks that it can. */
export const PROBE_AFTER_MS = 3_000;
/** Until measured: how long a command runs on the host, and how long a session takes to start. */
const INITIAL_RUN_MS = 10;
const INITIAL_START_MS = 100;

/** How the pool runs. */
export interface PoolOptions {
  host: string;
  /** At most this many sessions at once (the executor's `maxChannels`). */
  maxSessions: number;
  /** Commands one session runs at once; more wait in the pool. */
  commandsPerSession: number;
  /** Where the pool says why it falls back. */
  debug: (message: string) => void;
  /** Told once, with the reason, when the pool gives pipelining up for the connection. */
  unavailable?: (why: string) => void;
  /** The fleet's pacing: each session start waits for its room. */
  gate?: StartGate;
}

/** A command on its way through the pool. */
interface PoolRequest extends SessionRequest {
  /** Run it on a channel of its own instead. */
  fallback(): void;
}

/** A command waiting for a session to take it. */
interface Waiter {
  request: PoolRequest;
  /** The pool's time at the fleet's pacing when it began waiting (see `paced()`). */
  pacedBefore: number;
  /** Drops its abort listener and timer. */
  leave(): void;
}

/** See the module comment. */
export class SessionPool {
  private mode: 'untried' | 'working' | 'off' = 'untried';
  private readonly sessions = new Set<PipelineSession>();
  private readonly starting = new Set<PipelineSession>();
  private readonly waiters: Waiter[] = [];
  private limit: number;
  private failures = 0;
  /** The login shell's family, as the first session to get that far said. */
  private shell: ShellFamily | undefined;
  /** How long the latest session took to start, and how long commands run (a moving average), in ms. */
  private startMs = INITIAL_START_MS;
  private runMs = INITIAL_RUN_MS;
  private probeTimer: NodeJS.Timeout | undefined;
  private probe: { close(): void } | undefined;
  /** A session start waiting for the fleet's pacing, and how to give that up. */
  private admission: AbortController | undefined;
  /** Time spent waiting for the fleet's pacing (ms), finished waits only; and since when the current one. */
  private pacedMs = 0;
  private pacedSince: number | undefined;
  private readonly events = {
    progress: (session: PipelineSession) => this.safely(() => this.progress(session)),
    returned: (_session: PipelineSession, requests: SessionRequest[]) =>
      this.safely(() => {
        // Back to the front of the line, in their order.
        for (const request of [...requests].reverse()) this.dispatch(request as PoolRequest, true);
      }),
    ended: (session: PipelineSession, reason: string | undefined, broken: boolean) => this.safely(() => this.ended(session, reason, broken)),
    ran: (ms: number) => {
      this.runMs = this.runMs * 0.8 + ms * 0.2;
    },
    debug: (message: string) => this.options.debug(`${this.options.host}: ${message}`),
  };

  constructor(private readonly conn: Connection, private readonly options: PoolOptions) {
    this.limit = options.maxSessions;
  }

  /**
   * Runs `sent` (the command as the host runs it, sudo-wrapped or not) in a session; resolves to
   * `'fallback'` when it must run on a channel of its own instead. A session that ends under the
   * command is reported as the lost connection when that is the cause; otherwise the command falls
   * back, as if it had been given a channel in the first place.
   */
  async run(sent: string, job: SessionJob): Promise<CommandResult | 'fallback'> {
    if (!canPipeline(sent) || this.mode === 'off') return 'fallback';
    if (job.signal?.aborted) throw abortedError(job.host, job.command);
    const outcome = await new Promise<CommandResult | Error | 'fallback'>((resolve) => {
      let settled = false;
      const once = (value: CommandResult | Error | 'fallback'): void => {
        if (settled) return;
        settled = true;
        resolve(value);
      };
      this.dispatch({ sent, job, settle: once, fallback: () => once('fallback') });
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
    return this.mode !== 'off' && this.sessions.size + this.starting.size > 0;
  }

  /** Stops handing out sessions (the executor is closing); waiting commands take the channel path. */
  close(): void {
    this.mode = 'off';
    this.admission?.abort();
    this.stopProbe();
    this.flush();
    for (const session of [...this.starting, ...this.sessions]) session.close();
  }

  /** Hands a command to a session that can take it now, or lets it wait for one (`front`: first in line). */
  private dispatch(request: PoolRequest, front = false): void {
    if (this.mode === 'off') return request.fallback();
    if (request.job.signal?.aborted) return request.settle(abortedError(request.job.host, request.job.command));
    const session = this.waiters.length === 0 || front ? this.pick() : undefined;
    if (session !== undefined) return session.enqueue(request);
    this.wait(request, front);
    this.grow();
  }

  /** The least loaded open session with room for another command. */
  private pick(): PipelineSession | undefined {
    let best: PipelineSession | undefined;
    for (const session of this.sessions) {
      if (session.open && session.load < this.options.commandsPerSession && (best === undefined || session.load < best.load)) best = session;
    }
    return best;
  }

  private wait(request: PoolRequest, front: boolean): void {
    const { signal, startBy } = request.job;
    const waiter: Waiter = {
      request,
      pacedBefore: this.paced(),
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
    // The bound moves by the time the pool waits for the fleet's pacing meanwhile.
    const { pacedBefore } = waiter;
    const arm = (at: number): NodeJS.Timeout => setTimeout(() => this.safely(() => {
      const due = startBy + this.paced() - pacedBefore;
      if (performance.now() < due - 1) return void (timer = arm(due));
      waiter.leave();
      request.settle(this.startTimeout(request, this.paced() - pacedBefore));
    }), Math.max(0, at - performance.now()));
    let timer = Number.isFinite(startBy) ? arm(startBy) : undefined;
    signal?.addEventListener('abort', onAbort, { once: true });
    if (front) this.waiters.unshift(waiter);
    else this.waiters.push(waiter);
  }

  /** What a command that never left the pool waited for. */
  private startTimeout(request: PoolRequest, pacedMs: number): StartTimeoutError {
    const { host, command, asked } = request.job;
    const waited = `${Math.round(performance.now() - asked)} ms${pacedMs >= 1 ? ` (${Math.round(pacedMs)} ms of it waiting for the fleet's pacing, not counted)` : ''}`;
    const busy = [...this.sessions].reduce((sum, s) => sum + s.load, 0);
    const why =
      this.sessions.size > 0
        ? `${busy} ${busy === 1 ? 'command ahead of it was' : 'commands ahead of it were'} running in ${this.sessions.size === 1 ? 'the session' : `${this.sessions.size} sessions`} (at most ${this.options.commandsPerSession} each)`
        : [...this.starting].some((s) => s.alive)
          ? 'the session shell was still setting up'
          : 'the session shell had not started: its login shell (and rc files) had not run it yet; the host may be busy';
    return new StartTimeoutError(`${host}: ${quoteCommand(command)} did not start within ${waited}: ${why}`, { host, command });
  }

  private progress(session: PipelineSession): void {
    if (this.mode === 'off' && session.load === 0) session.close();
    this.pump();
  }

  /** Gives waiting commands to sessions that can take them; starts a session for the rest when it pays. */
  private pump(): void {
    while (this.waiters.length > 0) {
      const session = this.pick();
      if (session === undefined) break;
      const waiter = this.waiters[0]!;
      waiter.leave();
      // The time it waited for the fleet's pacing is not counted against its start bound in the session either.
      const owed = this.paced() - waiter.pacedBefore;
      const { request } = waiter;
      session.enqueue(owed < 1 ? request : { ...request, job: { ...request.job, startBy: request.job.startBy + owed } });
    }
    this.grow();
  }

  /**
   * Starts a session when there is none, or when the waiting commands would wait longer than one takes
   * to start — one at a time, within the bound, so a CPU-hungry rc file is not run eight times at once.
   */
  private grow(): void {
    if (this.mode === 'off' || this.starting.size > 0 || this.admission !== undefined) return;
    if (this.sessions.size === 0) {
      if (this.waiters.length > 0) this.start();
      return;
    }
    if (this.mode !== 'working' || this.waiters.length === 0 || this.sessions.size >= this.limit) return;
    const rounds = Math.ceil(this.waiters.length / (this.options.commandsPerSession * this.sessions.size));
    if (rounds * this.runMs > this.startMs) this.start();
  }

  /** How long the pool has waited for the fleet's pacing, in ms, the current wait included. */
  private paced(): number {
    return this.pacedMs + (this.pacedSince === undefined ? 0 : performance.now() - this.pacedSince);
  }

  /** Starts a session, once the fleet's pacing lets it when there is one. */
  private start(): void {
    const gate = this.options.gate;
    if (gate === undefined) return this.open(undefined);
    const admission = new AbortController();
    this.admission = admission;
    this.pacedSince = performance.now();
    const done = (): void => {
      this.pacedMs = this.paced();
      this.pacedSince = undefined;
      this.admission = undefined;
    };
    gate.enter('session', admission.signal).then(
      (pass) => this.safely(() => {
        done();
        // Nothing left to start it for (the commands gave up, or the pool closed): the room goes back.
        if (this.mode === 'off' || this.waiters.length === 0) return pass.leave(false);
        this.open(pass);
      }),
      () => this.safely(done),
    );
  }

  private open(pass: StartPass | undefined): void {
    const session = new PipelineSession(this.conn.client, this.events);
    this.starting.add(session);
    const began = performance.now();
    if (this.mode === 'untried') this.watch(session);
    session.ready.then(
      () => this.safely(() => {
        pass?.leave(true);
        this.started(session, performance.now() - began);
      }),
      (error: SessionStartError) => this.safely(() => {
        pass?.leave(false);
        this.starting.delete(session);
        this.shell ??= error.loginShell;
        this.stopProbe();
        this.startFailed(error);
      }),
    );
  }

  private started(session: PipelineSession, ms: number): void {
    this.starting.delete(session);
    this.shell ??= session.loginShell;
    this.stopProbe();
    if (this.mode === 'off') return session.close();
    this.startMs = ms;
    if (this.mode === 'untried') {
      this.mode = 'working';
      this.options.debug(`${this.options.host}: pipelining commands through a /bin/sh session (process groups by ${session.grouping}; started in ${Math.round(ms)} ms)`);
    } else {
      this.options.debug(`${this.options.host}: started another session in ${Math.round(ms)} ms (${this.sessions.size + 1} open): ${this.waiters.length} commands were waiting for room`);
    }
    this.sessions.add(session);
    this.pump();
  }

  /**
   * Checks, once, that the first session is merely slow: after PROBE_AFTER_MS, a command on a channel
   * of its own. If it comes back while the session is still not ready, the login shell runs commands
   * but not the session: pipelining is off.
   */
  private watch(session: PipelineSession): void {
    this.probeTimer = setTimeout(() => this.safely(() => {
      this.probeTimer = undefined;
      if (!this.starting.has(session) || this.conn.lost('') !== undefined) return;
      const began = performance.now();
      let closed = false;
      const give = (): void => {
        if (closed || this.mode !== 'untried' || !this.starting.has(session)) return;
        const waited = Math.round(performance.now() - began + PROBE_AFTER_MS);
        this.off(`no session shell after ${waited} ms, while a command on a channel of its own ran in ${Math.round(performance.now() - began)} ms; running one channel per command`);
        session.close();
      };
      try {
        this.conn.client.exec('exit 0', (error, channel) => this.safely(() => {
          if (error || channel === undefined) return;
          if (closed) return void channel.close();
          this.probe = { close: () => ((closed = true), channel.close()) };
          channel.on('error', () => undefined);
          channel.on('close', () => this.safely(give));
          // A stream emits 'close' only once read to its end.
          channel.resume();
          channel.stderr.resume();
          channel.end();
        }));
      } catch {
        // The connection is going: its own errors will tell.
      }
      this.probe ??= { close: () => void (closed = true) };
    }), PROBE_AFTER_MS);
  }

  private stopProbe(): void {
    clearTimeout(this.probeTimer);
    this.probeTimer = undefined;
    this.probe?.close();
    this.probe = undefined;
  }

  private startFailed(error: SessionStartError): void {
    // A lost or closing connection: the channel path reports it to each command.
    if (this.mode === 'off' || this.gone()) return this.flush();
    if (error.kind === 'refused') {
      if (this.sessions.size + this.starting.size > 0) {
        // The server allows fewer sessions than we would open (MaxSessions): make do with these.
        this.limit = this.sessions.size + this.starting.size;
        this.options.debug(`${this.options.host}: the server refused another session; keeping at most ${this.limit}`);
        return this.pump();
      }
      // Nothing of ours to wait for: the channel path retries and backs off.
      return this.flush();
    }
    if (this.mode === 'untried' || error.kind === 'broken') return this.off(`pipelining is unavailable (${error.message}); running one channel per command`);
    this.failed(`a session could not start (${error.message})`);
  }

  private ended(session: PipelineSession, reason: string | undefined, broken: boolean): void {
    this.sessions.delete(session);
    if (reason === undefined || this.mode === 'off' || this.gone()) return;
    if (broken) return this.off(`a session broke the protocol (${reason}); running one channel per command`);
    this.failed(`a session ended: ${reason}`);
  }

  /** Counts an unexpected failure; too many turn pipelining off for the connection. */
  private failed(what: string): void {
    if (++this.failures >= MAX_FAILURES) return this.off(`${what}; after ${this.failures} such failures, running one channel per command`);
    this.options.debug(`${this.options.host}: ${what}`);
    this.pump();
  }

  private off(why: string): void {
    if (this.mode === 'off') return;
    this.mode = 'off';
    this.stopProbe();
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

  /**
   * Runs a callback of a timer, an event or a promise: an exception there would end the process (or
   * be an unhandled rejection). One of ours is a bug; it turns pipelining off, and the commands go on
   * through channels.
   */
  private safely(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      try {
        this.off(`internal error: ${error instanceof Error ? error.message : String(error)}`);
      } catch {
        // Nothing more to do.
      }
    }
  }
}
