/**
 * One pipelined session: a channel running the session shell (see script.ts). Requests queue up in the
 * channel while a command runs, so the shell goes from one command to the next without a round trip;
 * the shell runs them in order, one at a time. The session frames each command's stdout and stderr
 * (enforcing the output cap as they stream) and tracks each stream on its own, as the two can arrive
 * out of step with each other.
 *
 * A command's timeout starts when the shell starts it, as on a channel of its own it starts once the
 * channel is open. On timeout, abort or too much output the command is rejected at once and stopped on
 * the host through a short exec request: withdrawn if it had not started, killed if it had; the session
 * then drains it up to its end markers. Commands queued behind one that runs for long are withdrawn the
 * same way and handed back to the pool, to run elsewhere; those the shell had already claimed stay. A
 * session that cannot get back in step (a command survived the kill, the shell died) ends; commands it
 * never started go back to the pool, and the one it was running is reported as ended under it.
 */
import { randomBytes } from 'node:crypto';
import type { Client, ClientChannel } from 'ssh2';
import type { CommandResult } from '../../../effects/command.js';
import { guardCommand, stopError, type Guard, type StopContext, type StopReason } from '../../guard.js';
import { OutputCollector, signalName } from '../../output.js';
import { MarkerReader } from './markers.js';
import { runRequest, SESSION_COMMAND, sessionScript, stopCommand, type ShellFamily } from './script.js';

/** How long a session shell may take to start (login shell, rc files, the script) before plesio gives up on it. */
export const START_TIMEOUT_MS = 10_000;
/** How long a stopped command may take to end after the kill before its session is given up. */
export const KILL_GRACE_MS = 5_000;

/** A session could not start: the server refused the channel, or the shell there cannot run the script. */
export class SessionStartError extends Error {
  constructor(
    readonly kind: 'refused' | 'unusable',
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
  /** The session finished a command, or drained a stopped one: it has room for more. */
  progress(session: PipelineSession): void;
  /** Commands the session will never run (withdrawn, or it ended first): they must run elsewhere. `why`: withdrawn because. */
  returned(session: PipelineSession, requests: SessionRequest[], why?: string): void;
  /** The session is gone: `reason` says why, or is undefined when plesio closed it. */
  ended(session: PipelineSession, reason: string | undefined): void;
}

/** What a session asks of its pool's estimates, and tells them. */
export interface Pace {
  /** How long a command may run before the ones queued behind it are withdrawn (see the pool). */
  patience(): number;
  /** A command ran this long on the host. */
  ran(ms: number): void;
  /**
   * Runs a stop request through another session that has nothing to do, and resolves to its stdout;
   * undefined when there is none (the request then takes an exec channel, and a login shell).
   */
  elsewhere(command: string, from: PipelineSession): Promise<string> | undefined;
}

/** A request written to the session shell, and what has arrived of it. */
interface Frame {
  id: number;
  /** Undefined once the request was withdrawn: the frame only waits for the shell to skip it. */
  request: SessionRequest | undefined;
  output: OutputCollector;
  /** When the shell said it started the command (performance.now()). */
  started: number | undefined;
  status: { code: number | null; signal: string | null } | undefined;
  stdoutEnded: boolean;
  stderrEnded: boolean;
  /** Stopped by its guard, its signal or the output cap: the caller has its error, the rest is drained. */
  stopped: boolean;
  /** A withdrawal or a stop is on its way to the host. */
  stopping: boolean;
  guard: Guard | undefined;
  onAbort: (() => void) | undefined;
  grace: NodeJS.Timeout | undefined;
}

/**
 * Opens a session on `client` and resolves once its shell is ready; rejects with `SessionStartError`.
 * @example
 * const session = await openSession(client, events, { patience: () => 250, ran: () => undefined, elsewhere: () => undefined });
 * session.enqueue({ sent: 'uname -s', job, settle: (outcome) => console.log(outcome) });
 */
export function openSession(client: Client, events: SessionEvents, pace: Pace): Promise<PipelineSession> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let session: PipelineSession | undefined;
    const fail = (kind: 'refused' | 'unusable', message: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      session?.close();
      reject(new SessionStartError(kind, message, session?.loginShell));
    };
    const timer = setTimeout(() => fail('unusable', `the session shell did not start within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    const opened = (error: Error | undefined, channel: ClientChannel | undefined): void => {
      // Timed out while the server opened it: nobody wants it any more.
      if (settled) return void channel?.close();
      if (error || channel === undefined) {
        const refused = typeof (error as Error & { reason?: unknown } | undefined)?.reason === 'number';
        return fail(refused ? 'refused' : 'unusable', `the server would not start a session shell (${error?.message ?? 'no channel'})`);
      }
      session = new PipelineSession(client, channel, events, pace);
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
  /** The family of the login shell that started the session shell, once it has said. */
  loginShell: ShellFamily | undefined;
  private dir = '';
  private state: 'starting' | 'open' | 'ended' = 'starting';
  /** Written and not yet ended, in the order the shell takes them. */
  private readonly frames: Frame[] = [];
  private nextId = 1;
  private readyStreams = 0;
  private markReady: () => void = () => undefined;
  private failStart: (error: Error) => void = () => undefined;
  /** What the shell printed before its ready marker (a restricted shell's complaint), for the reason. */
  private preamble = '';
  private exitStatus: string | undefined;
  private patienceTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly client: Client,
    private readonly channel: ClientChannel,
    private readonly events: SessionEvents,
    private readonly pace: Pace,
  ) {
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

  /** Commands written and not yet ended (the one running included). */
  get load(): number {
    return this.frames.length;
  }

  /**
   * Whether a new command may queue here: the session is open, and its current command is neither
   * stopped nor running longer than the pool's patience (it may hang; the queue would hang with it).
   */
  accepting(now: number): boolean {
    if (this.state !== 'open') return false;
    const head = this.frames[0];
    return head === undefined || (!head.stopped && (head.started === undefined || now - head.started < this.pace.patience()));
  }

  /** Queues a command; its outcome goes to `request.settle`, or back to the pool through `returned`. */
  enqueue(request: SessionRequest): void {
    if (this.state !== 'open') return this.events.returned(this, [request]);
    const frame: Frame = {
      id: this.nextId++,
      request,
      output: new OutputCollector(request.job.maxOutputBytes),
      started: undefined,
      status: undefined,
      stdoutEnded: false,
      stderrEnded: false,
      stopped: false,
      stopping: false,
      guard: undefined,
      onAbort: undefined,
      grace: undefined,
    };
    const { signal } = request.job;
    if (signal !== undefined) {
      frame.onAbort = () => this.stop(frame, 'abort');
      signal.addEventListener('abort', frame.onAbort, { once: true });
    }
    this.frames.push(frame);
    this.write(runRequest(frame.id, request.sent));
    if (signal?.aborted) this.stop(frame, 'abort');
    this.watchHead();
  }

  /** Ends the session (its commands' shells see their channel close). */
  close(): void {
    this.end(undefined);
  }

  /** The frame each stream's bytes belong to: the first that stream has not ended yet. */
  private current(stream: 'stdout' | 'stderr'): Frame | undefined {
    return this.frames.find((f) => !(stream === 'stdout' ? f.stdoutEnded : f.stderrEnded));
  }

  private data(stream: 'stdout' | 'stderr', bytes: Buffer): void {
    if (this.state === 'starting') {
      if (this.preamble.length < 200) this.preamble = (this.preamble + bytes.toString('utf8')).slice(0, 200).trim();
      return;
    }
    const frame = this.current(stream);
    // Between commands nothing should arrive (the `cat`s have ended); there is no command to give it to.
    if (frame === undefined || frame.stopped || frame.request === undefined) return;
    if (!frame.output.add(stream, bytes)) this.stop(frame, 'output');
  }

  private marker(stream: 'stdout' | 'stderr', fields: string[]): void {
    const [kind, id, ...rest] = fields;
    if (kind === 'L' && this.state === 'starting' && stream === 'stdout') {
      if (id === 'sh' || id === 'csh') this.loginShell = id;
      return;
    }
    if (kind === 'R' && this.state === 'starting') {
      if (stream === 'stdout') {
        this.grouping = id ?? 'none';
        this.dir = rest[0] ?? '';
      }
      if (++this.readyStreams === 2) {
        this.state = 'open';
        this.markReady();
      }
      return;
    }
    const frame = this.current(stream);
    const unexpected = (): void => this.end(`unexpected marker ${JSON.stringify(fields.join(' '))} on ${stream}`);
    if (frame === undefined || id !== String(frame.id) || this.state !== 'open') return unexpected();
    if (stream === 'stderr') {
      // stderr may run ahead of stdout: its end can arrive before stdout says the command started.
      if (kind !== 'E' && kind !== 'K') return unexpected();
      frame.stderrEnded = true;
      return this.settleEnded();
    }
    if (kind === 'S' && frame.started === undefined) return this.begin(frame);
    if (kind === 'K' && frame.started === undefined) {
      frame.stdoutEnded = true;
      return this.settleEnded();
    }
    if (kind !== 'E' || frame.started === undefined) return unexpected();
    const status = parseStatus(rest[0], rest[1]);
    if (status === undefined) return this.end(`unexpected end marker ${JSON.stringify(fields.join(' '))}`);
    frame.status = status;
    frame.stdoutEnded = true;
    this.settleEnded();
  }

  /** The shell started `frame`'s command: its timeout runs from now. */
  private begin(frame: Frame): void {
    frame.started = performance.now();
    if (frame.stopped) {
      // Stopped while queued, and the stop came too late to withdraw it: the kill is on its way.
      frame.grace ??= this.graceFor(frame);
    } else if (frame.request !== undefined) {
      frame.guard = guardCommand(frame.request.job, (reason) => this.stop(frame, reason));
    }
    this.watchHead();
  }

  /** Completes the frames both streams have ended, in order, and tells the pool. */
  private settleEnded(): void {
    let done = 0;
    const skipped: SessionRequest[] = [];
    while (this.frames[0]?.stdoutEnded === true && this.frames[0].stderrEnded) {
      const frame = this.frames.shift()!;
      done++;
      this.release(frame);
      if (frame.request === undefined || frame.stopped) continue;
      if (frame.status === undefined || frame.started === undefined) {
        // Skipped though its withdrawal's answer never came back: it never ran, so it runs elsewhere.
        skipped.push(frame.request);
        continue;
      }
      const ran = performance.now() - frame.started;
      this.pace.ran(ran);
      frame.request.settle(frame.output.result(frame.status.code, frame.status.signal, ran));
    }
    if (done === 0) return;
    this.watchHead();
    if (skipped.length > 0) this.events.returned(this, skipped);
    this.events.progress(this);
  }

  /** Drops a frame's timers and listeners. */
  private release(frame: Frame): void {
    clearTimeout(frame.grace);
    frame.guard?.dispose();
    if (frame.onAbort !== undefined) frame.request?.job.signal?.removeEventListener('abort', frame.onAbort);
    frame.onAbort = undefined;
  }

  /** Rejects the command at once, then withdraws or kills it on the host; its frame drains to its end. */
  private stop(frame: Frame, reason: StopReason): void {
    if (frame.stopped || frame.request === undefined || !this.frames.includes(frame)) return;
    frame.stopped = true;
    const request = frame.request;
    this.release(frame);
    request.settle(stopError(reason, request.job));
    if (frame.started !== undefined) frame.grace = this.graceFor(frame);
    frame.stopping = true;
    this.send(stopCommand(this.dir, [frame.id], true), () => undefined, (why) => {
      if (this.frames.includes(frame)) this.end(`could not stop command ${frame.id}: ${why}`);
    });
  }

  private graceFor(frame: Frame): NodeJS.Timeout {
    return setTimeout(() => this.end(`command ${frame.id} did not end within ${KILL_GRACE_MS} ms of being stopped`), KILL_GRACE_MS);
  }

  /**
   * Keeps an eye on the running command: once it has run for the pool's patience with commands queued
   * behind it, those are withdrawn and go back to the pool.
   */
  private watchHead(): void {
    clearTimeout(this.patienceTimer);
    this.patienceTimer = undefined;
    const head = this.frames[0];
    if (this.state !== 'open' || head?.started === undefined || !this.frames.some(queuedBehind)) return;
    const wait = head.started + this.pace.patience() - performance.now();
    this.patienceTimer = setTimeout(() => this.withdrawQueued(), Math.max(0, wait));
  }

  /** Withdraws the commands waiting behind the running one; those withdrawn go back to the pool. */
  private withdrawQueued(): void {
    this.patienceTimer = undefined;
    const frames = this.frames.filter(queuedBehind);
    if (frames.length === 0) return;
    for (const frame of frames) frame.stopping = true;
    this.send(
      stopCommand(this.dir, frames.map((f) => f.id), false),
      (answers) => {
        const back: SessionRequest[] = [];
        for (const frame of frames) {
          frame.stopping = false;
          // Stopped meanwhile (its own stop settled it), or the shell took it first: it stays.
          if (answers.get(frame.id) !== 'W' || frame.request === undefined || frame.stopped) continue;
          back.push(frame.request);
          this.release(frame);
          frame.request = undefined;
        }
        if (back.length > 0) this.events.returned(this, back, `queued behind one running for ${Math.round(performance.now() - (this.frames[0]?.started ?? performance.now()))} ms`);
      },
      () => {
        // The commands stay queued here: slower, not wrong.
        for (const frame of frames) frame.stopping = false;
      },
    );
  }

  /**
   * Runs a stop request — through an idle session of the pool if there is one, else on an exec channel
   * of its own (this session's shell is busy) — and reports its answers: command id → `W` (withdrawn)
   * or `S` (had started).
   */
  private send(command: string, answered: (answers: Map<number, string>) => void, failed: (why: string) => void): void {
    const parse = (out: string): void => {
      const answers = new Map<number, string>();
      for (const line of out.split('\n')) {
        const match = /^([WS]) (\d+)$/.exec(line.trim());
        if (match !== null) answers.set(Number(match[2]), match[1]!);
      }
      answered(answers);
    };
    const opened = (error: Error | undefined, channel: ClientChannel | undefined): void => {
      if (error || channel === undefined) return failed(error?.message ?? 'no channel');
      // The request is done when its channel closes; bound it, so a stuck login shell cannot hold a session.
      const timer = setTimeout(() => channel.close(), KILL_GRACE_MS);
      let out = '';
      channel.on('data', (chunk: Buffer) => {
        if (out.length < 65_536) out += chunk.toString('latin1');
      });
      channel.stderr.on('data', () => undefined);
      channel.on('error', () => undefined);
      channel.on('close', () => {
        clearTimeout(timer);
        parse(out);
      });
      channel.end();
    };
    const viaExec = (): void => {
      try {
        this.client.exec(command, opened);
      } catch (error) {
        failed((error as Error).message);
      }
    };
    // In another session it costs no login shell; if that session ends first, an exec channel it is.
    const inBand = this.pace.elsewhere(command, this);
    if (inBand === undefined) viaExec();
    else inBand.then(parse, viaExec);
  }

  private end(reason: string | undefined): void {
    if (this.state === 'ended') return;
    const was = this.state;
    this.state = 'ended';
    clearTimeout(this.patienceTimer);
    const back: SessionRequest[] = [];
    for (const frame of this.frames.splice(0)) {
      this.release(frame);
      if (frame.request === undefined || frame.stopped) continue;
      // Never started here: it runs elsewhere. Started: its outcome is unknown.
      if (frame.started === undefined) back.push(frame.request);
      else frame.request.settle(new SessionEndedError(reason ?? 'the session was closed'));
    }
    try {
      this.channel.close();
    } catch {
      // The connection may already be gone.
    }
    if (was === 'starting') this.failStart(new Error(reason ?? 'the session was closed while starting'));
    else {
      if (back.length > 0) this.events.returned(this, back);
      this.events.ended(this, reason);
    }
  }

  private write(text: string): void {
    try {
      this.channel.write(text);
    } catch (error) {
      this.end(`cannot write to the session: ${(error as Error).message}`);
    }
  }
}

/** A command waiting behind the running one that may still be withdrawn. */
function queuedBehind(frame: Frame, index: number): boolean {
  return index > 0 && frame.started === undefined && frame.request !== undefined && !frame.stopped && !frame.stopping;
}

/** The end marker's status fields: `c <code>` or `s <signal name>`. */
function parseStatus(kind: string | undefined, value: string | undefined): { code: number | null; signal: string | null } | undefined {
  if (kind === 'c' && value !== undefined && /^\d{1,3}$/.test(value) && Number(value) <= 255) return { code: Number(value), signal: null };
  if (kind === 's' && value !== undefined && /^[A-Z0-9+-]+$/.test(value)) return { code: null, signal: signalName(value) };
  return undefined;
}
