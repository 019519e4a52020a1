/**
 * One pipelined session: a channel running the session shell (see script.ts), which runs every request
 * as soon as it reads it, side by side with the others, and interleaves their output on the channel in
 * framed chunks. The session keeps a frame per command written: its output (under the output cap, as it
 * streams), when it started, and its guard.
 *
 * A command's timeout starts when the shell says it started it. A timeout, an abort or too much output
 * rejects the command at once and sends a stop request down the same channel: the shell answers it at
 * once and kills the command's process group; the frame then drains to its end marker. A command that
 * outlives its kill (a process that left its group still holds its output) is given up after a grace
 * period without disturbing the others; a shell that does not even answer the stop is stuck, and the
 * session ends.
 *
 * Everything the host sends is checked against what the session asked for (protocol.ts checks each
 * marker's form): a marker that does not fit — an id never sent, an end before the start, output
 * outside any frame — ends the session as broken, and the pool runs no more sessions on that
 * connection. No callback lets an exception escape: a bug of ours also ends the session, never the
 * process.
 */
import type { Client, ClientChannel } from 'ssh2';
import { randomBytes } from 'node:crypto';
import type { CommandResult } from '../../../effects/command.js';
import { CommandTimeoutError, StartTimeoutError } from '../../errors.js';
import { guardCommand, quoteCommand, stopError, type Guard, type StopContext, type StopReason } from '../../guard.js';
import { OutputCollector, signalName } from '../../output.js';
import { MarkerReader } from './markers.js';
import { describeMarker, parseMarker, type Grouping, type Marker } from './protocol.js';
import { escapeControls } from '../../../escape-controls.js';
import { runRequest, SESSION_COMMAND, sessionScript, stopRequest, type ShellFamily } from './script.js';

/** How long the shell may take to answer a stop, and a stopped command to end after it, before giving up. */
export const KILL_GRACE_MS = 5_000;

/** A session could not start: the server refused the channel, the shell there cannot run the script, or it broke the protocol. */
export class SessionStartError extends Error {
  constructor(
    readonly kind: 'refused' | 'unusable' | 'broken',
    message: string,
    /** The login shell's family, when the shell got as far as saying it. */
    readonly loginShell?: ShellFamily,
  ) {
    super(message);
  }
}

/** The session ended while a command ran in it; the command's outcome is unknown. */
export class SessionEndedError extends Error {}

/** One command's limits and context, as the guard and the stop errors need them. */
export interface SessionJob extends StopContext {
  signal: AbortSignal | undefined;
  /** When it was asked for, and by when it must have started (`performance.now()`; Infinity: no bound). */
  asked: number;
  startBy: number;
}

/** A command handed to a session, and where its outcome goes. */
export interface SessionRequest {
  /** The command as the host runs it (sudo-wrapped or not). */
  readonly sent: string;
  readonly job: SessionJob;
  /** Its result, its stop error, or `SessionEndedError` when the session ended while it ran. Called once. */
  settle(outcome: CommandResult | Error): void;
}

/** What the pool hears from a session. */
export interface SessionEvents {
  /** A command ended (or was given up): the session has room for another. */
  progress(session: PipelineSession): void;
  /** Commands the session never started (it ended first): they must run elsewhere. */
  returned(session: PipelineSession, requests: SessionRequest[]): void;
  /** The session is gone: `reason` says why (undefined when plesio closed it); `broken`: it broke the protocol. */
  ended(session: PipelineSession, reason: string | undefined, broken: boolean): void;
  /** A command ran this long on the host. */
  ran(ms: number): void;
  debug(message: string): void;
}

/** A request written to the session shell, and what has arrived of it. */
interface Frame {
  readonly id: number;
  readonly request: SessionRequest;
  readonly output: OutputCollector;
  /** When the shell said it started the command (performance.now()). */
  started: number | undefined;
  /** Rejected already (stopped, or not started in time): what still arrives is drained. */
  stopped: boolean;
  guard: Guard | undefined;
  onAbort: (() => void) | undefined;
  /** Until its start (the start bound), or after its stop was answered (the grace to end). */
  timer: NodeJS.Timeout | undefined;
}

/** Where the bytes between markers go: a command's stream, or nowhere (a command given up on). */
type Owner = { id: number; stream: 'stdout' | 'stderr' } | 'drop' | undefined;

/**
 * A session: opens its channel on `client` at once; `ready` resolves once the shell is ready for
 * requests, or rejects with `SessionStartError`.
 * @example
 * const session = new PipelineSession(client, events);
 * await session.ready;
 * session.enqueue({ sent: 'uname -s', job, settle: (outcome) => console.log(outcome) });
 */
export class PipelineSession {
  readonly ready: Promise<void>;
  /** How commands get a process group there, once ready. */
  grouping: Grouping = 'none';
  /** The family of the login shell that started the session shell, once it has said. */
  loginShell: ShellFamily | undefined;
  private state: 'opening' | 'starting' | 'open' | 'ended' = 'opening';
  private channel: ClientChannel | undefined;
  private readonly frames = new Map<number, Frame>();
  /** Commands given up on that never ended: what the host still sends for them is dropped. */
  private readonly abandoned = new Set<number>();
  /** Stops written and not yet answered, with the timer that gives the session up if they never are. */
  private readonly stops = new Map<number, NodeJS.Timeout>();
  private owner: Owner;
  private nextId = 1;
  private markReady: () => void = () => undefined;
  private failStart: (error: SessionStartError) => void = () => undefined;
  /** What the shell printed before it was ready (a restricted shell's complaint), for the reason. */
  private preamble = '';
  private exitStatus: string | undefined;

  constructor(client: Client, private readonly events: SessionEvents) {
    this.ready = new Promise((resolve, reject) => {
      this.markReady = resolve;
      this.failStart = reject;
    });
    // Awaited by the pool; this keeps a rejection nobody awaits yet from being reported as unhandled.
    this.ready.catch(() => undefined);
    try {
      client.exec(SESSION_COMMAND, (error, channel) => this.guarded(() => this.opened(error, channel)));
    } catch (error) {
      // ssh2 throws when the socket is already gone.
      this.startFailed('unusable', `cannot start a session shell (${(error as Error).message})`);
    }
  }

  /** Commands written and not yet ended (stopped ones included: they still run there until killed). */
  get load(): number {
    return this.frames.size;
  }

  /** Whether the shell has said anything of ours yet (it runs the script: the login shell has started). */
  get alive(): boolean {
    return this.loginShell !== undefined || this.state === 'open';
  }

  /** Whether it takes requests. */
  get open(): boolean {
    return this.state === 'open';
  }

  /** Starts a command; its outcome goes to `request.settle`, or back to the pool through `returned`. */
  enqueue(request: SessionRequest): void {
    if (this.state !== 'open') return this.events.returned(this, [request]);
    const frame: Frame = { id: this.nextId++, request, output: new OutputCollector(request.job.maxOutputBytes), started: undefined, stopped: false, guard: undefined, onAbort: undefined, timer: undefined };
    this.frames.set(frame.id, frame);
    const { signal, startBy } = request.job;
    if (signal !== undefined) {
      frame.onAbort = () => this.guarded(() => this.stop(frame, stopError('abort', request.job)));
      signal.addEventListener('abort', frame.onAbort, { once: true });
    }
    if (Number.isFinite(startBy)) {
      frame.timer = setTimeout(
        () => this.guarded(() => this.stop(frame, this.startTimeout(frame, 'the session shell did not start it (the host is slow to start processes)'))),
        Math.max(0, startBy - performance.now()),
      );
    }
    this.write(runRequest(frame.id, request.sent));
    if (signal?.aborted) this.stop(frame, stopError('abort', request.job));
  }

  /** Ends the session (the shell kills its commands when its input ends). */
  close(): void {
    this.end(undefined, false);
  }

  private opened(error: Error | undefined, channel: ClientChannel | undefined): void {
    // Closed while the server opened it: nobody wants it any more.
    if (this.state === 'ended') return void channel?.close();
    if (error || channel === undefined) {
      const refused = typeof (error as (Error & { reason?: unknown }) | undefined)?.reason === 'number';
      return this.startFailed(refused ? 'refused' : 'unusable', `the server would not start a session shell (${error?.message ?? 'no channel'})`);
    }
    this.channel = channel;
    this.state = 'starting';
    const token = randomBytes(16).toString('hex');
    const reader = new MarkerReader(token, { data: (bytes) => this.data(bytes), marker: (fields) => this.marker(fields) });
    channel.on('data', (chunk: Buffer) => this.guarded(() => reader.push(chunk)));
    // The session shell sends nothing there once ready: only a login shell's complaints before.
    channel.stderr.on('data', (chunk: Buffer) => this.guarded(() => this.remember(chunk)));
    channel.on('exit', (code: number | null, signal?: string) =>
      this.guarded(() => {
        this.exitStatus = code === null || code === undefined ? `was killed by SIG${escapeControls(String(signalName(signal) ?? '?'))}` : `exited with status ${Number(code)}`;
      }),
    );
    // A channel error is followed by 'close', which ends the session.
    channel.on('error', () => undefined);
    channel.on('close', () => this.guarded(() => this.end(`the session shell ${this.exitStatus ?? 'closed its channel'}${this.preamble === '' ? '' : `: ${this.preamble}`}`, false)));
    this.write(sessionScript(token, randomBytes(6).toString('hex')));
  }

  /** Runs a callback of a timer or an event: an exception ends the session, never the process. */
  private guarded(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      try {
        this.end(`internal error: ${error instanceof Error ? error.message : String(error)}`, true);
      } catch {
        // Nothing more can be done for this session.
      }
    }
  }

  /** Output between markers. */
  private data(bytes: Buffer): void {
    if (this.state === 'starting') return this.remember(bytes);
    if (this.state !== 'open') return;
    if (this.owner === undefined) return this.broken('output outside any command');
    if (this.owner === 'drop') return;
    const frame = this.frames.get(this.owner.id);
    // Given up on while its chunk was on its way, or stopped: drained.
    if (frame === undefined || frame.stopped) return;
    if (!frame.output.add(this.owner.stream, bytes)) this.stop(frame, stopError('output', frame.request.job));
  }

  private marker(fields: string[]): void {
    if (this.state === 'ended') return;
    const marker = parseMarker(fields);
    if (typeof marker === 'string') return this.broken(marker);
    // The shell died (or is exiting): the commands it ran are being killed with it, their outcome unknown.
    if (marker.kind === 'Q') return this.end(`the session shell ended${this.preamble === '' ? '' : `: ${this.preamble}`}`, false);
    if (this.state === 'starting') return this.starting(marker, fields);
    // Only a data marker's chunk follows it: any other marker ends the chunk before it.
    this.owner = undefined;
    switch (marker.kind) {
      case 'S': {
        const frame = this.frames.get(marker.id);
        if (frame === undefined || frame.started !== undefined) return this.broken(`a start of a command not waiting to start in ${describeMarker(fields)}`);
        return this.begin(frame);
      }
      case 'D': {
        if (this.abandoned.has(marker.id)) return void (this.owner = 'drop');
        if (this.frames.get(marker.id)?.started === undefined) return this.broken(`output of a command not running in ${describeMarker(fields)}`);
        this.owner = { id: marker.id, stream: marker.stream };
        return;
      }
      case 'E': {
        if (this.abandoned.delete(marker.id)) return;
        const frame = this.frames.get(marker.id);
        if (frame?.started === undefined) return this.broken(`an end of a command not running in ${describeMarker(fields)}`);
        return this.finish(frame, marker.code, marker.signal === null ? null : signalName(marker.signal));
      }
      case 'X': {
        const timer = this.stops.get(marker.id);
        if (timer === undefined) return this.broken(`an answer to a stop never sent in ${describeMarker(fields)}`);
        clearTimeout(timer);
        this.stops.delete(marker.id);
        // The kill is on its way: the command has the grace period to end.
        const frame = this.frames.get(marker.id);
        if (frame !== undefined && frame.started === undefined) return this.broken(`an answer to a stop before the start in ${describeMarker(fields)}`);
        if (frame !== undefined) frame.timer = setTimeout(() => this.guarded(() => this.abandon(frame)), KILL_GRACE_MS);
        return;
      }
      default:
        return this.broken(`${describeMarker(fields)} after the session was ready`);
    }
  }

  /** The markers of a starting session: the login shell's family, then ready. */
  private starting(marker: Marker, fields: string[]): void {
    if (marker.kind === 'L' && this.loginShell === undefined) {
      this.loginShell = marker.family;
      return;
    }
    if (marker.kind !== 'R') return this.broken(`${describeMarker(fields)} before the session was ready`);
    this.grouping = marker.grouping;
    this.state = 'open';
    this.markReady();
  }

  /** The shell started `frame`'s command: its timeout runs from now. */
  private begin(frame: Frame): void {
    frame.started = performance.now();
    clearTimeout(frame.timer);
    frame.timer = undefined;
    if (frame.stopped) return;
    const { job } = frame.request;
    frame.guard = guardCommand(job, (reason) => this.guarded(() => this.stop(frame, this.stopped(frame, reason))));
  }

  /** The error of a stopped command; a timeout says how long it waited to start, apart from how long it ran. */
  private stopped(frame: Frame, reason: StopReason): Error {
    const { job } = frame.request;
    if (reason !== 'timeout') return stopError(reason, job);
    const waited = Math.round((frame.started ?? performance.now()) - job.asked);
    return new CommandTimeoutError(
      `${job.host}: ${quoteCommand(job.command)} timed out after running ${job.timeoutMs} ms on the host and was stopped (it had waited ${waited} ms to start)`,
      { host: job.host, command: job.command },
    );
  }

  private startTimeout(frame: Frame, why: string): Error {
    const { job } = frame.request;
    const ms = Math.round(performance.now() - job.asked);
    return new StartTimeoutError(`${job.host}: ${quoteCommand(job.command)} did not start within ${ms} ms: ${why}`, { host: job.host, command: job.command });
  }

  private finish(frame: Frame, code: number | null, signal: string | null): void {
    this.frames.delete(frame.id);
    this.release(frame);
    if (!frame.stopped) {
      const ran = performance.now() - frame.started!;
      this.events.ran(ran);
      frame.request.settle(frame.output.result(code, signal, ran));
    }
    this.events.progress(this);
  }

  /** A stopped command did not end within the grace period: forget it, and let the others go on. */
  private abandon(frame: Frame): void {
    if (!this.frames.delete(frame.id)) return;
    this.release(frame);
    this.abandoned.add(frame.id);
    if (this.owner !== undefined && this.owner !== 'drop' && this.owner.id === frame.id) this.owner = 'drop';
    this.events.debug(`a stopped command (${quoteCommand(frame.request.job.command)}) did not end within ${KILL_GRACE_MS} ms of its kill (a process that left its group may still hold its output); given up`);
    this.events.progress(this);
  }

  /** Drops a frame's timers and listeners. */
  private release(frame: Frame): void {
    clearTimeout(frame.timer);
    frame.timer = undefined;
    frame.guard?.dispose();
    frame.guard = undefined;
    if (frame.onAbort !== undefined) frame.request.job.signal?.removeEventListener('abort', frame.onAbort);
    frame.onAbort = undefined;
  }

  /** Rejects the command with `error` at once, then stops it on the host; its frame drains to its end. */
  private stop(frame: Frame, error: Error): void {
    if (frame.stopped || this.frames.get(frame.id) !== frame || this.state !== 'open') return;
    frame.stopped = true;
    this.release(frame);
    frame.request.settle(error);
    // Read after the request that started it, so the shell has always started it by then.
    this.stops.set(frame.id, setTimeout(() => this.guarded(() => this.end(`the session shell did not answer a stop within ${KILL_GRACE_MS} ms`, false)), KILL_GRACE_MS));
    this.write(stopRequest(frame.id));
  }

  /** Keeps a little of what arrives before the session is ready, as a reason if it never is. */
  private remember(bytes: Buffer): void {
    if (this.state !== 'starting' || this.preamble.length >= 200) return;
    this.preamble = escapeControls((this.preamble + bytes.toString('utf8')).slice(0, 200).trim());
  }

  private broken(what: string): void {
    this.end(`the host broke the session protocol: ${what}`, true);
  }

  private startFailed(kind: SessionStartError['kind'], message: string): void {
    if (this.state === 'ended') return;
    this.state = 'ended';
    this.failStart(new SessionStartError(kind, message, this.loginShell));
  }

  private end(reason: string | undefined, broken: boolean): void {
    if (this.state === 'ended') return;
    const was = this.state;
    this.state = 'ended';
    for (const timer of this.stops.values()) clearTimeout(timer);
    this.stops.clear();
    const back: SessionRequest[] = [];
    for (const frame of this.frames.values()) {
      this.release(frame);
      if (frame.stopped) continue;
      // Never started here: it runs elsewhere. Started: its outcome is unknown.
      if (frame.started === undefined) back.push(frame.request);
      else frame.request.settle(new SessionEndedError(reason ?? 'the session was closed'));
    }
    this.frames.clear();
    try {
      this.channel?.close();
    } catch {
      // The connection may already be gone.
    }
    if (was === 'opening' || was === 'starting') {
      this.failStart(new SessionStartError(broken ? 'broken' : 'unusable', reason ?? 'the session was closed while starting', this.loginShell));
      return;
    }
    if (back.length > 0) this.events.returned(this, back);
    this.events.ended(this, reason, broken);
  }

  private write(text: string): void {
    try {
      this.channel!.write(text);
    } catch (error) {
      this.end(`cannot write to the session: ${(error as Error).message}`, false);
    }
  }
}
