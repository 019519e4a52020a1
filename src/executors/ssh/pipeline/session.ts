/**
 * One pipelined session: a channel running the session shell (see script.ts), carrying one command at
 * a time. It frames each command's stdout and stderr (enforcing the output cap as they stream), and on
 * timeout, abort or too much output rejects at once and kills the command through a short exec request,
 * then waits for its end markers before taking the next command. A session that cannot get back in
 * step (the command survived the kill, the shell died) ends; the pool replaces it.
 */
import { randomBytes } from 'node:crypto';
import type { Client, ClientChannel } from 'ssh2';
import type { CommandResult } from '../../../effects/command.js';
import { guardCommand, stopError, type Guard, type StopContext, type StopReason } from '../../guard.js';
import { OutputCollector, signalName } from '../../output.js';
import { MarkerReader } from './markers.js';
import { killCommand, runRequest, SESSION_COMMAND, sessionScript } from './script.js';

/** How long a session shell may take to start (login shell, rc files, the script) before plesio gives up on it. */
export const START_TIMEOUT_MS = 10_000;
/** How long a stopped command may take to end after the kill before its session is given up. */
export const KILL_GRACE_MS = 5_000;

/** A session could not start: the server refused the channel, or the shell there cannot run the script. */
export class SessionStartError extends Error {
  constructor(readonly kind: 'refused' | 'unusable', message: string) {
    super(message);
  }
}

/** The session ended while a command ran in it; the command's outcome is unknown. */
export class SessionEndedError extends Error {}

/** One command's limits and context, as the guard and the stop errors need them. */
export interface SessionJob extends StopContext {
  signal: AbortSignal | undefined;
}

/** What the pool hears from a session. */
export interface SessionEvents {
  /** The session finished a command (or got back in step after a stopped one) and takes the next. */
  idle(session: PipelineSession): void;
  /** The session is gone: `reason` says why, or is undefined when plesio closed it. */
  ended(session: PipelineSession, reason: string | undefined): void;
}

/** The command in flight and what has arrived of it. */
interface Frame {
  id: number;
  job: SessionJob;
  output: OutputCollector;
  started: number;
  status: { code: number | null; signal: string | null } | undefined;
  stderrEnded: boolean;
  /** Stopped by its guard or the output cap: the caller has its error, the rest is drained. */
  stopped: boolean;
  settle(error?: Error): void;
  grace: NodeJS.Timeout | undefined;
}

/**
 * Opens a session on `client` and resolves once its shell is ready; rejects with `SessionStartError`.
 * @example
 * const session = await openSession(client, { idle: () => undefined, ended: () => undefined });
 * const result = await session.run('uname -s', { host, command: 'uname -s', timeoutMs: 5_000, maxOutputBytes: 1e6, signal: undefined });
 */
export function openSession(client: Client, events: SessionEvents): Promise<PipelineSession> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let session: PipelineSession | undefined;
    const fail = (kind: 'refused' | 'unusable', message: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      session?.close();
      reject(new SessionStartError(kind, message));
    };
    const timer = setTimeout(() => fail('unusable', `the session shell did not start within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    const opened = (error: Error | undefined, channel: ClientChannel | undefined): void => {
      // Timed out while the server opened it: nobody wants it any more.
      if (settled) return void channel?.close();
      if (error || channel === undefined) {
        const refused = typeof (error as Error & { reason?: unknown } | undefined)?.reason === 'number';
        return fail(refused ? 'refused' : 'unusable', `the server would not start a session shell (${error?.message ?? 'no channel'})`);
      }
      session = new PipelineSession(client, channel, events);
      session.ready.then(
        () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve(session!);
        },
        (reason: Error) => fail('unusable', reason.message),
      );
    };
    try {
      client.exec(SESSION_COMMAND, opened);
    } catch (error) {
      // ssh2 throws when the socket is already gone.
      opened(error as Error, undefined);
    }
  });
}

/** A started session; see the module comment. */
export class PipelineSession {
  /** Resolves once both streams carried the ready marker; rejects if the shell ends first. */
  readonly ready: Promise<void>;
  /** How commands get a process group there: `setsid`, `perl`, or `none`. */
  grouping = 'none';
  private dir = '';
  private state: 'starting' | 'idle' | 'busy' | 'draining' | 'ended' = 'starting';
  private frame: Frame | undefined;
  private nextId = 1;
  private readyStreams = 0;
  private markReady: () => void = () => undefined;
  private failStart: (error: Error) => void = () => undefined;
  /** What the shell printed before its ready marker (a restricted shell's complaint), for the reason. */
  private preamble = '';
  private exitStatus: string | undefined;

  constructor(private readonly client: Client, private readonly channel: ClientChannel, private readonly events: SessionEvents) {
    this.ready = new Promise((resolve, reject) => {
      this.markReady = resolve;
      this.failStart = reject;
    });
    // Handled by `openSession`; this keeps an unawaited rejection from being reported twice.
    this.ready.catch(() => undefined);
    const token = randomBytes(16).toString('hex');
    const stdout = new MarkerReader(token, { data: (bytes) => this.data('stdout', bytes), marker: (fields) => this.marker('stdout', fields) });
    const stderr = new MarkerReader(token, { data: (bytes) => this.data('stderr', bytes), marker: (fields) => this.marker('stderr', fields) });
    channel.on('data', (chunk: Buffer) => stdout.push(chunk));
    channel.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    channel.on('exit', (code: number | null, signal?: string) => {
      this.exitStatus = code === null || code === undefined ? `was killed by SIG${signalName(signal) ?? '?'}` : `exited with status ${code}`;
    });
    // A channel error is followed by 'close', which ends the session.
    channel.on('error', () => undefined);
    channel.on('close', () => this.end(`the session shell ${this.exitStatus ?? 'closed its channel'}${this.preamble === '' ? '' : `: ${JSON.stringify(this.preamble)}`}`));
    this.write(sessionScript(token, randomBytes(6).toString('hex')));
  }

  /**
   * Runs one command (the session must be idle); rejects with the stop error when its guard or the
   * output cap stops it, or with `SessionEndedError` when the session ends under it.
   */
  run(sent: string, job: SessionJob): Promise<CommandResult> {
    if (this.state !== 'idle') return Promise.reject(new SessionEndedError(`the session is ${this.state}, not idle`));
    return new Promise((resolve, reject) => {
      let guard: Guard | undefined;
      const frame: Frame = {
        id: this.nextId++,
        job,
        output: new OutputCollector(job.maxOutputBytes),
        started: performance.now(),
        status: undefined,
        stderrEnded: false,
        stopped: false,
        grace: undefined,
        settle: (error) => {
          frame.settle = () => undefined;
          guard?.dispose();
          if (error !== undefined) return reject(error);
          const status = frame.status!;
          resolve(frame.output.result(status.code, status.signal, performance.now() - frame.started));
        },
      };
      this.frame = frame;
      this.state = 'busy';
      guard = guardCommand(job, (reason) => this.stop(frame, reason));
      this.write(runRequest(frame.id, sent));
    });
  }

  /** Ends the session (its commands' shells see their channel close). */
  close(): void {
    this.end(undefined);
  }

  private data(stream: 'stdout' | 'stderr', bytes: Buffer): void {
    const frame = this.frame;
    if (this.state === 'starting') {
      if (this.preamble.length < 200) this.preamble = (this.preamble + bytes.toString('utf8')).slice(0, 200).trim();
      return;
    }
    // Between commands nothing should arrive (the `cat`s have ended); there is no command to give it to.
    if (frame === undefined || frame.stopped) return;
    if (!frame.output.add(stream, bytes)) this.stop(frame, 'output');
  }

  private marker(stream: 'stdout' | 'stderr', fields: string[]): void {
    const [kind, ...rest] = fields;
    if (kind === 'R' && this.state === 'starting') {
      if (stream === 'stdout') {
        this.grouping = rest[0] ?? 'none';
        this.dir = rest[1] ?? '';
      }
      if (++this.readyStreams === 2) {
        this.state = 'idle';
        this.markReady();
      }
      return;
    }
    const frame = this.frame;
    if (kind !== 'E' || frame === undefined || rest[0] !== String(frame.id)) {
      return this.end(`unexpected marker ${JSON.stringify(fields.join(' '))} on ${stream}`);
    }
    if (stream === 'stderr') frame.stderrEnded = true;
    else {
      const status = parseStatus(rest[1], rest[2]);
      if (status === undefined) return this.end(`unexpected end marker ${JSON.stringify(fields.join(' '))}`);
      frame.status = status;
    }
    if (frame.status !== undefined && frame.stderrEnded) this.complete(frame);
  }

  private complete(frame: Frame): void {
    clearTimeout(frame.grace);
    this.frame = undefined;
    this.state = 'idle';
    frame.settle();
    this.events.idle(this);
  }

  /** Rejects the command at once, kills it on the host, and drains its output until its end markers. */
  private stop(frame: Frame, reason: StopReason): void {
    if (frame.stopped || this.frame !== frame) return;
    frame.stopped = true;
    this.state = 'draining';
    frame.settle(stopError(reason, frame.job));
    frame.grace = setTimeout(() => this.end(`command ${frame.id} did not end within ${KILL_GRACE_MS} ms of being killed`), KILL_GRACE_MS);
    this.kill(frame);
  }

  /** Kills the command's process group through an exec request of its own; gives up the session if that fails. */
  private kill(frame: Frame): void {
    const failed = (why: string): void => {
      if (this.frame === frame) this.end(`could not kill command ${frame.id}: ${why}`);
    };
    const opened = (error: Error | undefined, channel: ClientChannel | undefined): void => {
      if (error || channel === undefined) return failed(error?.message ?? 'no channel');
      // The request is done when its channel closes; bound it, so a stuck login shell cannot hold a session.
      const timer = setTimeout(() => channel.close(), KILL_GRACE_MS);
      channel.on('data', () => undefined);
      channel.stderr.on('data', () => undefined);
      channel.on('error', () => undefined);
      channel.on('close', () => clearTimeout(timer));
      channel.end();
    };
    try {
      this.client.exec(killCommand(this.dir, frame.id), opened);
    } catch (error) {
      failed((error as Error).message);
    }
  }

  private end(reason: string | undefined): void {
    if (this.state === 'ended') return;
    const was = this.state;
    this.state = 'ended';
    const frame = this.frame;
    this.frame = undefined;
    if (frame !== undefined) {
      clearTimeout(frame.grace);
      frame.settle(new SessionEndedError(reason ?? 'the session was closed'));
    }
    try {
      this.channel.close();
    } catch {
      // The connection may already be gone.
    }
    if (was === 'starting') this.failStart(new Error(reason ?? 'the session was closed while starting'));
    else this.events.ended(this, reason);
  }

  private write(text: string): void {
    try {
      this.channel.write(text);
    } catch (error) {
      this.end(`cannot write to the session: ${(error as Error).message}`);
    }
  }
}

/** The end marker's status fields: `c <code>` or `s <signal name>`. */
function parseStatus(kind: string | undefined, value: string | undefined): { code: number | null; signal: string | null } | undefined {
  if (kind === 'c' && value !== undefined && /^\d{1,3}$/.test(value) && Number(value) <= 255) return { code: Number(value), signal: null };
  if (kind === 's' && value !== undefined && /^[A-Z0-9+-]+$/.test(value)) return { code: null, signal: signalName(value) };
  return undefined;
}
