/**
 * A misbehaving SSH host: an in-process ssh2 `Server` on its own 127.0.0.1 port that answers the scan's
 * commands from a recorded fixture, except in the one way it was told to misbehave — before SSH (a
 * closed port, no banner, a close during key exchange), at login (every authentication refused), or in
 * one command (cut off, never ending, killed, garbage, too much, too slow). It records every
 * authentication attempt, so a test can prove no credential reached a host whose key did not verify.
 */
import net from 'node:net';
import ssh2 from 'ssh2';
import type { AuthContext, ParsedKey, ServerChannel } from 'ssh2';
import { notFound, type Answer, type Answers } from './answers.js';
import type { HostKey } from './host-key.js';
import { speakSession, type SessionFault } from './session-host.js';

/** How the host behaves before SSH starts. */
export type Transport =
  /** A working SSH server. */
  | 'ssh'
  /** Nothing listens on the port: the connection is refused. */
  | 'refused'
  /** TCP is accepted, but the host never sends its SSH banner. */
  | 'silent'
  /** The host sends its banner, then closes the connection during key exchange. */
  | 'close-in-kex';

/** How the faulty command misbehaves. */
export type CommandFault =
  /** Writes half its output, then the connection drops (once no other command is running). */
  | 'drop'
  /** Never writes, never exits. */
  | 'hang'
  /** Exits through SIGKILL without output. */
  | 'signal'
  /** Writes its output and closes the channel without an exit status. */
  | 'eof-no-exit'
  /** Writes binary garbage instead of its output, and exits 0. */
  | 'garbage'
  /** Writes `hugeBytes` (100 MB) of output, at the speed the client reads it. */
  | 'huge'
  /** Writes its output one byte every `dripMs` (100 ms). */
  | 'drip'
  /** Never answers the exec request: neither starts the command nor refuses it. */
  | 'unanswered';

/** Who may log in. */
export type AuthPolicy =
  /** Every attempt (any method, any credential) is accepted. */
  | 'any'
  /** Every attempt is refused. */
  | 'reject'
  /** Only this password, or this public key (an OpenSSH `ssh-ed25519 AAAA…` line), is accepted. */
  | { password?: string; publicKey?: string };

/** What to start. */
export interface TestHostOptions {
  answers: Answers;
  hostKey: HostKey;
  /** Default `ssh`. */
  transport?: Transport;
  /** Default `any`. */
  auth?: AuthPolicy;
  /** The command that misbehaves (default `cat /proc/cpuinfo`) and how; no fault when unset. */
  commandFault?: CommandFault;
  faultyCommand?: string;
  /** Delay before every command answers; default 0. */
  latencyMs?: number;
  /** Session channels open at once per connection (OpenSSH's MaxSessions); more are refused. Default 10. */
  maxSessions?: number;
  /** Output of the `huge` fault; default 100 MB. */
  hugeBytes?: number;
  /** Interval of the `drip` fault; default 100 ms. */
  dripMs?: number;
  /**
   * Speak plesio's session protocol on `exec /bin/sh` (see session-host.ts), breaking it as the fault
   * says (`none`: well); unset, such a request is answered like any unknown command (exit 127), as a
   * host that cannot run the session script would.
   */
  session?: SessionFault;
}

/** One authentication request the host received. */
export interface AuthAttempt {
  method: string;
  username: string;
  /** The password offered, for the `password` method. */
  password?: string;
}

/** What the host saw, for assertions. */
export interface TestHostStats {
  /** TCP connections accepted. */
  connections: number;
  /** Session channels refused because of `maxSessions`. */
  sessionsRefused: number;
  /** Bytes of stdout written by the `huge` fault before the client stopped it. */
  hugeBytesWritten: number;
}

/** A running test host. */
export interface TestHost {
  readonly port: number;
  readonly hostKey: HostKey;
  readonly authAttempts: readonly AuthAttempt[];
  /** Every command asked for, in order. */
  readonly commands: readonly string[];
  readonly stats: Readonly<TestHostStats>;
  /** Drops every connection, clears every timer and stops listening. Safe to call twice. */
  stop(): Promise<void>;
}

/** The command the command faults hit unless told otherwise: `cpu` is the only fact that reads it. */
export const DEFAULT_FAULTY_COMMAND = 'cat /proc/cpuinfo';

/**
 * Starts a test host on a free 127.0.0.1 port.
 * @example
 * const host = await startTestHost({ answers, hostKey, commandFault: 'hang' });
 * try { … } finally { await host.stop(); }
 */
export async function startTestHost(options: TestHostOptions): Promise<TestHost> {
  const transport = options.transport ?? 'ssh';
  if (transport === 'refused') return refusedHost(options.hostKey);
  const authAttempts: AuthAttempt[] = [];
  const commands: string[] = [];
  const stats: TestHostStats = { connections: 0, sessionsRefused: 0, hugeBytesWritten: 0 };
  const sockets = new Map<number, net.Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const every = (ms: number, fn: () => void): NodeJS.Timeout => {
    const timer = setInterval(fn, ms);
    timers.add(timer);
    return timer;
  };
  const cancel = (timer: NodeJS.Timeout | undefined): void => {
    if (timer === undefined) return;
    clearInterval(timer);
    timers.delete(timer);
  };
  const after = (ms: number, fn: () => void): NodeJS.Timeout => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
    return timer;
  };

  const ssh = new ssh2.Server({ hostKeys: [options.hostKey.privateKey] }, (client, info) => {
    client.on('error', () => undefined);
    client.on('authentication', (ctx) => authenticate(ctx, options.auth ?? 'any', authAttempts));
    client.on('ready', () => {
      const connection = { open: 0, socket: sockets.get(info.port) };
      client.on('session', (accept, reject) => {
        if (connection.open >= (options.maxSessions ?? 10)) {
          stats.sessionsRefused++;
          return reject();
        }
        connection.open++;
        accept().once('exec', (acceptExec, _reject, request) => {
          commands.push(request.command);
          const fault = request.command === (options.faultyCommand ?? DEFAULT_FAULTY_COMMAND) ? options.commandFault : undefined;
          // Neither accepted nor rejected: the client waits for an answer that never comes.
          if (fault === 'unanswered') return;
          const stream = acceptExec();
          const own = new Set<NodeJS.Timeout>();
          let closed = false;
          stream.on('error', () => undefined);
          // ssh2 emits a server channel's 'close' only after its input ended: read (and drop) stdin.
          stream.resume();
          stream.on('close', () => {
            closed = true;
            connection.open--;
            for (const timer of own) cancel(timer);
          });
          const ctx: CommandContext = {
            stream,
            isClosed: () => closed,
            after: (ms, fn) => void own.add(after(ms, () => closed || fn())),
            every: (ms, fn) => {
              const timer = every(ms, () => closed || fn());
              own.add(timer);
              return () => cancel(timer);
            },
            alone: () => connection.open === 1,
            drop: () => connection.socket?.destroy(),
            stats,
          };
          if (options.session !== undefined && request.command === 'exec /bin/sh') {
            const faultyCommand = options.faultyCommand ?? DEFAULT_FAULTY_COMMAND;
            return speakSession(stream, { answers: options.answers, fault: options.session, faultyCommand, latencyMs: options.latencyMs ?? 0, after: ctx.after });
          }
          const answer = options.answers.get(request.command) ?? notFound(request.command);
          const respond = (): void => (fault === undefined ? finish(stream, answer) : misbehave(fault, answer, ctx, options));
          if ((options.latencyMs ?? 0) > 0) ctx.after(options.latencyMs!, respond);
          else respond();
        });
      });
    });
  });

  const tcp = net.createServer((socket) => {
    stats.connections++;
    const port = socket.remotePort ?? 0;
    sockets.set(port, socket);
    socket.on('close', () => sockets.delete(port));
    socket.on('error', () => undefined);
    // Answers leave at once: Nagle's algorithm against the client's delayed ACKs would add ~40 ms a packet.
    socket.setNoDelay(true);
    // Read and drop what the client sends, never answering: its close then reaches this end too.
    if (transport === 'silent') return void socket.resume();
    if (transport === 'close-in-kex') {
      // The client's first bytes are its banner and KEXINIT: key exchange has begun; end it there.
      socket.once('data', () => setImmediate(() => socket.destroy()));
    }
    ssh.injectSocket(socket);
  });
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (tcp.address() as net.AddressInfo).port;
  let stopping: Promise<void> | undefined;
  return {
    port,
    hostKey: options.hostKey,
    authAttempts,
    commands,
    stats,
    stop() {
      stopping ??= (async () => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        for (const socket of sockets.values()) socket.destroy();
        await new Promise<void>((resolve) => tcp.close(() => resolve()));
      })();
      return stopping;
    },
  };
}

/** What a misbehaving command may do with its channel. */
interface CommandContext {
  stream: ServerChannel;
  isClosed(): boolean;
  /** Runs `fn` after `ms` unless the channel closed first. */
  after(ms: number, fn: () => void): void;
  /** Runs `fn` every `ms` until the channel closes or the returned stop is called. */
  every(ms: number, fn: () => void): () => void;
  /** True when this command is the only one running on its connection. */
  alone(): boolean;
  /** Drops the TCP connection without an SSH goodbye. */
  drop(): void;
  stats: TestHostStats;
}

function finish(stream: ServerChannel, answer: Answer): void {
  if (answer.stdout.length > 0) stream.write(answer.stdout);
  if (answer.stderr.length > 0) stream.stderr.write(answer.stderr);
  if (answer.code === null) stream.exit(answer.signal ?? 'KILL', false, '');
  else stream.exit(answer.code);
  stream.end();
}

function misbehave(fault: CommandFault, answer: Answer, ctx: CommandContext, options: TestHostOptions): void {
  const { stream } = ctx;
  switch (fault) {
    case 'hang':
    case 'unanswered':
      return;
    case 'signal':
      stream.exit('KILL', false, '');
      stream.end();
      return;
    case 'eof-no-exit':
      stream.write(answer.stdout);
      stream.end();
      return;
    case 'garbage':
      stream.write(garbage(4096));
      stream.exit(0);
      stream.end();
      return;
    case 'drop': {
      stream.write(answer.stdout.subarray(0, answer.stdout.length >> 1));
      // Wait until the other commands have answered, so what the scan kept is the same every run. Alone
      // for 50 ms, not one tick: with TCP_NODELAY a queued command's channel opens a moment after the
      // one it waited for closes, and a single tick could fall in between.
      let quiet = 0;
      const stop = ctx.every(10, () => {
        quiet = ctx.alone() ? quiet + 1 : 0;
        if (quiet < 5) return;
        stop();
        ctx.drop();
      });
      return;
    }
    case 'drip': {
      let sent = 0;
      const stop = ctx.every(options.dripMs ?? 100, () => {
        if (sent < answer.stdout.length) return void stream.write(answer.stdout.subarray(sent, ++sent));
        stop();
        finish(stream, { ...answer, stdout: Buffer.alloc(0) });
      });
      return;
    }
    case 'huge':
      return pump(ctx, options.hugeBytes ?? 100 * 1024 * 1024);
  }
}

/** Writes `total` bytes of text lines as fast as the client's window allows, stopping when it closes. */
function pump(ctx: CommandContext, total: number): void {
  const chunk = Buffer.from('0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde\n'.repeat(1024));
  const write = (): void => {
    while (!ctx.isClosed() && ctx.stats.hugeBytesWritten < total) {
      const piece = chunk.subarray(0, Math.min(chunk.length, total - ctx.stats.hugeBytesWritten));
      ctx.stats.hugeBytesWritten += piece.length;
      if (!ctx.stream.write(piece)) return void ctx.stream.once('drain', write);
    }
    if (!ctx.isClosed()) finish(ctx.stream, { stdout: Buffer.alloc(0), stderr: Buffer.alloc(0), code: 0, signal: null });
  };
  write();
}

/** Bytes that are not text, the same every run (a linear congruential generator, seeded). */
function garbage(length: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = 0x2545f491;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

function authenticate(ctx: AuthContext, policy: AuthPolicy, attempts: AuthAttempt[]): void {
  attempts.push({ method: ctx.method, username: ctx.username, ...(ctx.method === 'password' && { password: ctx.password }) });
  if (policy === 'any') return ctx.accept();
  if (policy === 'reject') return ctx.reject(['password', 'publickey']);
  if (ctx.method === 'password' && policy.password !== undefined) return ctx.password === policy.password ? ctx.accept() : ctx.reject();
  if (ctx.method === 'publickey' && policy.publicKey !== undefined) {
    const allowed = ssh2.utils.parseKey(policy.publicKey) as ParsedKey;
    if (ctx.key.algo !== allowed.type || !ctx.key.data.equals(allowed.getPublicSSH())) return ctx.reject();
    // Without a signature the client only asks whether this key would do.
    if (ctx.signature === undefined || ctx.blob === undefined) return ctx.accept();
    return allowed.verify(ctx.blob, ctx.signature, ctx.hashAlgo) ? ctx.accept() : ctx.reject();
  }
  ctx.reject([...(policy.password === undefined ? [] : ['password' as const]), ...(policy.publicKey === undefined ? [] : ['publickey' as const])]);
}

let nextLowPort = 1;

/**
 * A host whose port refuses connections. A port below 1024 that refuses now stays refused for the test:
 * an unprivileged test cannot listen there, and no other test tries to — unlike a freed ephemeral port,
 * which the next `listen(0)` may hand out again.
 */
async function refusedHost(hostKey: HostKey): Promise<TestHost> {
  for (; nextLowPort < 1024; nextLowPort++) {
    const port = nextLowPort;
    if (await refuses(port)) {
      nextLowPort++;
      return { port, hostKey, authAttempts: [], commands: [], stats: { connections: 0, sessionsRefused: 0, hugeBytesWritten: 0 }, stop: async () => undefined };
    }
  }
  throw new Error('no closed port below 1024 is left on 127.0.0.1');
}

function refuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}
