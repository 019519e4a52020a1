/**
 * The SSH executor: one connection per host (through ProxyJump hosts when configured), several commands
 * in parallel on separate channels, bounded below OpenSSH's MaxSessions. Connects on first use. By
 * default the commands go through one long-lived `/bin/sh` session instead (`./pipeline/`), which runs
 * them side by side, and each takes a channel of its own only when that cannot work.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { debuglog } from 'node:util';
import type { CommandResult, ExecOptions, Executor } from '../../effects/command.js';
import { escapeControls } from '../../escape-controls.js';
import { untilAborted } from '../abortable.js';
import { ConnectError, ExecutorClosedError, StartTimeoutError } from '../errors.js';
import { abortedError, quoteCommand } from '../guard.js';
import { checkDefaults, positive, positiveInteger, resolveExecOptions, type CommandDefaults } from '../options.js';
import { checkSudo, sudoCommand } from '../sudo.js';
import type { SecretProviders } from '../secret.js';
import { throughGate, type StartGate } from '../start-gate.js';
import { ChannelSlots } from './channels.js';
import { identityFilesFor, loadSshConfig, parseTarget, resolveSettings, type SshSettings } from './config.js';
import { connectHop, tunnel, type Hop } from './connect.js';
import { closeAll, Connection, track, type Tracked } from './connection.js';
import type { HostKeyAdded, HostKeyPolicy } from './host-key.js';
import { knownHostsName } from './known-hosts.js';
import { SessionPool } from './pipeline/pool.js';
import { loginShellCommand } from './pipeline/script.js';
import { execOnChannel, runOnChannel } from './run.js';

/** How the SSH executor connects and runs commands. Unset options come from the ssh config, then defaults. */
export interface SshExecutorOptions extends CommandDefaults, SecretProviders {
  /** Login user; default the config's `User`, then the local user name. */
  user?: string;
  /** Port; default the config's `Port`, then 22. */
  port?: number;
  /** The OpenSSH client config to read; default `~/.ssh/config`; `null` reads none. */
  configPath?: string | null;
  /** The known_hosts file to check and record in; default the config's `UserKnownHostsFile`, then `~/.ssh/known_hosts` (and the system-wide file, read only). */
  knownHostsPath?: string;
  /**
   * Unknown host keys: `strict` fails (the default), `accept-new` records them. A changed key, or a key
   * of another type than the ones known for the host, always fails.
   */
  hostKeyPolicy?: HostKeyPolicy;
  /**
   * Told of each host key `accept-new` records (the target's or a jump host's), as `ssh` warns
   * "Permanently added … to the list of known hosts"; the executor itself prints nothing.
   */
  onHostKeyAdded?: (added: HostKeyAdded) => void;
  /** Identity files to try, replacing the config's `IdentityFile` and OpenSSH's defaults. */
  identityFiles?: string[];
  /** The ssh-agent socket; default the config's `IdentityAgent`, then `SSH_AUTH_SOCK`; `false` for none. */
  agent?: string | false;
  /** TCP connect + handshake + authentication, prompts excluded; default `ConnectTimeout`, then 10 s; `Infinity` for none. */
  connectTimeoutMs?: number;
  /** Keepalive interval; default `ServerAliveInterval`, then 15 s; `Infinity` for none. */
  keepaliveIntervalMs?: number;
  /** Unanswered keepalives before the connection counts as lost; default `ServerAliveCountMax`, then 3. */
  keepaliveCountMax?: number;
  /** Parallel channels (pipelined sessions included) on the connection; default 8 (OpenSSH allows 10 sessions). */
  maxChannels?: number;
  /**
   * How long a command may wait to start on the host, default one minute: for the connection's session
   * shell to start (a login shell and its rc files), for room in it, or for a channel of its own and the
   * server's answer. Past it the command fails with `StartTimeoutError`, which says what it waited for;
   * its own timeout (`commandTimeoutMs`) only runs from when it starts. Waiting for the connection
   * itself is `connectTimeoutMs`'s.
   */
  startTimeoutMs?: number;
  /** Commands one pipelined session runs at once (default 16); more wait for room, or for another session when one would pay. */
  commandsPerSession?: number;
  /** Wrap `sudo: true` commands in `sudo -n` even when logged in as root (default false: root needs no sudo). */
  sudoWhenRoot?: boolean;
  /**
   * Run commands through a long-lived `/bin/sh` session instead of one channel each (default true), so
   * the login shell and its rc files start once per connection, not once per command. Each command is
   * then read by `/bin/sh -c`, as with the local executor, rather than by the login shell. Falls back to
   * one channel per command by itself when the host cannot do it (a csh-family login shell, which the
   * sessions detect, then gets each command wrapped for `/bin/sh`). With `false`, commands are read by
   * the login shell, as `ssh host command` does. See `./pipeline/`.
   */
  pipelining?: boolean;
  /** Disable Nagle's algorithm on the TCP connection (default true): small requests then leave at once. */
  tcpNoDelay?: boolean;
  /** Where debug messages go (pipelining falling back, and why); default Node's `NODE_DEBUG=plesio`. */
  debug?: (message: string) => void;
  /** Told once, with the reason, when the host cannot pipeline and every command takes a channel of its own. */
  onPipeliningUnavailable?: (why: string) => void;
  /**
   * The fleet's pacing (`runFleet` hands each host one; see `StartPacer`): the connection, each session
   * start and each command on a channel of its own wait for its room first. Time spent waiting there
   * counts against neither `connectTimeoutMs` nor `startTimeoutMs`. Default none: everything at once.
   */
  startGate?: StartGate;
}

const nodeDebug = debuglog('plesio');

/** How long a command may wait to start, unless `startTimeoutMs` says otherwise: one minute. */
export const DEFAULT_START_TIMEOUT_MS = 60_000;
/** Commands one pipelined session runs at once, unless `commandsPerSession` says otherwise. */
export const DEFAULT_COMMANDS_PER_SESSION = 16;

/** An SSH executor; `connect()` connects eagerly, to report connection errors before the first command. */
export interface SshExecutor extends Executor {
  connect(): Promise<void>;
}

/**
 * Creates an executor for `target` (`[user@]host[:port]`, or a Host alias of the ssh config).
 * @example
 * const web1 = sshExecutor('web1', { password: () => readSecret('/run/secrets/web1') });
 * try {
 *   const { stdout } = await web1.exec('uname -s', { timeoutMs: 5_000 });
 * } finally {
 *   await web1.close();
 * }
 */
export function sshExecutor(target: string, options: SshExecutorOptions = {}): SshExecutor {
  checkDefaults(options);
  for (const name of ['connectTimeoutMs', 'keepaliveIntervalMs', 'startTimeoutMs'] as const) {
    if (options[name] !== undefined) positive(name, options[name]);
  }
  for (const name of ['keepaliveCountMax', 'maxChannels', 'port', 'commandsPerSession'] as const) {
    if (options[name] !== undefined) positiveInteger(name, options[name]);
  }
  const host = parseTarget(target).host;
  const slots = new ChannelSlots(options.maxChannels ?? 8);
  // Called from timers and events: a caller's hook that throws must not end the process there.
  // NODE_DEBUG=plesio writes to the terminal, and a reason may quote what the host sent: escaped.
  const debug = quietly(options.debug ?? ((message: string) => nodeDebug('%s', escapeControls(message))));
  const onUnavailable = options.onPipeliningUnavailable === undefined ? undefined : quietly(options.onPipeliningUnavailable);
  const startTimeoutMs = options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
  let pool: SessionPool | undefined;
  let connecting: Promise<Connection> | undefined;
  let closed = false;
  // Aborted by close(): a connection attempt still running gives up at once.
  const closing = new AbortController();

  const connection = (): Promise<Connection> => (connecting ??= open(target, host, options, closing.signal));

  return {
    host,
    async connect(): Promise<void> {
      await connection();
    },
    async exec(command: string, execOptions?: ExecOptions): Promise<CommandResult> {
      const opts = resolveExecOptions(execOptions, options);
      const aborted = (): Error => abortedError(host, command);
      if (closed) throw new ExecutorClosedError(`${host}: cannot run ${quoteCommand(command)}: the executor is closed`, { host, command });
      if (opts.signal?.aborted) throw aborted();
      const conn = await untilAborted(connection(), opts.signal, aborted);
      // From here to the command starting on the host, the start bound; from its start, its timeout.
      const asked = performance.now();
      const startBy = asked + startTimeoutMs;
      const useSudo = opts.sudo && (conn.user !== 'root' || options.sudoWhenRoot === true);
      const sent = useSudo ? sudoCommand(command) : command;
      if (options.pipelining !== false) {
        pool ??= new SessionPool(conn, {
          host,
          maxSessions: options.maxChannels ?? 8,
          commandsPerSession: options.commandsPerSession ?? DEFAULT_COMMANDS_PER_SESSION,
          debug,
          ...(onUnavailable !== undefined && { unavailable: onUnavailable }),
          ...(options.startGate !== undefined && { gate: options.startGate }),
        });
        const piped = await pool.run(sent, { host, command, ...opts, asked, startBy });
        if (piped !== 'fallback') return useSudo ? checkSudo(piped, host, command) : piped;
      }
      const refused = (): Error =>
        new ConnectError('channel-refused', `${host}: the server refused every session channel for ${quoteCommand(command)} (check its MaxSessions)`, { host, command });
      const onChannel = async (toSession: boolean): Promise<CommandResult | 'session'> => {
        // Waiting for a free channel counts against the start bound too; waiting for the fleet's pacing does not.
        const bound = startBound(startBy, opts.signal);
        const notStarted = (): Error =>
          opts.signal?.aborted === true
            ? aborted()
            : new StartTimeoutError(`${host}: ${quoteCommand(command)} did not start within ${Math.round(performance.now() - asked)} ms: every channel to the host was in use (${slots.inFlight} running)`, { host, command });
        try {
          return await slots.run(bound.signal, notStarted, refused, async () => {
            const gate = options.startGate;
            const pass = gate === undefined ? undefined : await bound.paused(() => gate.enter('channel', opts.signal)).catch(() => Promise.reject(aborted()));
            try {
              const started = performance.now();
              // Read by the login shell: a csh there gets it wrapped for /bin/sh, as sessions run it.
              const onLoginShell = loginShellCommand(sent, pool?.loginShell() ?? 'sh');
              // The login shell has run the command once it answers: the start is over for the pacing.
              const outcome = await execOnChannel(conn, { host, command, sent: onLoginShell, signal: opts.signal, aborted, asked, startBy: bound.startBy }, (channel) =>
                runOnChannel(channel, { host, command, ...opts, started, lost: () => conn.lost(command), begun: () => pass?.leave(true) }),
              );
              // Refused because pipelined sessions hold what the server allows (MaxSessions): wait for one.
              return outcome === 'refused' && toSession && pool?.holdsSessions() === true ? 'session' : outcome;
            } finally {
              pass?.leave(false);
            }
          });
        } finally {
          bound.dispose();
        }
      };
      let result = await onChannel(true);
      if (result === 'session') {
        const piped = await pool!.run(sent, { host, command, ...opts, asked, startBy });
        result = piped === 'fallback' ? await onChannel(false) : piped;
      }
      if (result === 'session') throw refused();
      return useSudo ? checkSudo(result, host, command) : result;
    },
    async close(): Promise<void> {
      closed = true;
      closing.abort();
      pool?.close();
      const pending = connecting;
      if (pending === undefined) return;
      const conn = await pending.catch(() => undefined);
      await conn?.close();
    },
  };
}

/** Connects through every ProxyJump hop to the target; on failure closes the hops already open. */
async function open(target: string, host: string, options: SshExecutorOptions, cancel: AbortSignal): Promise<Connection> {
  const config = await loadSshConfig(options.configPath === undefined ? join(homedir(), '.ssh', 'config') : options.configPath);
  const settings = resolveSettings(config, target, { ...(options.user === undefined ? {} : { user: options.user }), ...(options.port === undefined ? {} : { port: options.port }) });
  // Jump hosts get their own config section, but not their own ProxyJump: no chains of chains.
  const jumps = settings.proxyJump.map((spec) => resolveSettings(config, spec));
  const hops = [...jumps.map((s) => hopFor(s, host, `${s.alias} (jump host for ${host})`, options)), hopFor(settings, host, host, options)];
  const chain: Tracked[] = [];
  const closed = (): Error => new ExecutorClosedError(`${host}: the executor was closed while waiting to connect`, { host });
  // The fleet's pacing lets the connection start; its timeout runs from there.
  const pass = options.startGate === undefined ? undefined : await options.startGate.enter('connect', cancel).catch(() => Promise.reject(closed()));
  try {
    for (const [i, hop] of hops.entries()) {
      const sock = i === 0 ? undefined : await tunnel(chain[i - 1]!.client, hops[i - 1]!.label, hop);
      chain.push(track(await connectHop(hop, sock, cancel)));
    }
    pass?.leave(true);
    return new Connection(chain, host, settings.user);
  } catch (error) {
    pass?.leave(false);
    await closeAll(chain);
    throw error;
  }
}

/** Merges explicit options over one hop's config settings. */
function hopFor(s: SshSettings, host: string, label: string, options: SshExecutorOptions): Hop {
  const home = homedir();
  const agent = options.agent === false ? undefined : options.agent ?? (s.identityAgent === 'none' ? undefined : s.identityAgent ?? (process.env.SSH_AUTH_SOCK || undefined));
  const knownHostsFiles = options.knownHostsPath !== undefined
    ? [options.knownHostsPath]
    : [...(s.knownHostsFiles.length > 0 ? s.knownHostsFiles : [join(home, '.ssh', 'known_hosts')]), '/etc/ssh/ssh_known_hosts'];
  const hop: Hop = {
    host,
    alias: s.alias,
    label,
    hostName: s.hostName,
    port: s.port,
    user: s.user,
    knownHostsName: s.hostKeyAlias ?? knownHostsName(s.hostName, s.port),
    policy: options.hostKeyPolicy ?? s.hostKeyPolicy ?? 'strict',
    knownHostsFiles,
    hashKnownHosts: s.hashKnownHosts,
    agent,
    identityFiles: identityFilesFor(s, options.identityFiles),
    connectTimeoutMs: options.connectTimeoutMs ?? s.connectTimeoutMs ?? 10_000,
    keepaliveIntervalMs: options.keepaliveIntervalMs ?? s.keepaliveIntervalMs ?? 15_000,
    keepaliveCountMax: options.keepaliveCountMax ?? s.keepaliveCountMax ?? 3,
    noDelay: options.tcpNoDelay ?? true,
  };
  if (s.proxyCommand !== undefined) hop.proxyCommand = s.proxyCommand;
  // Called while the host key is checked: a hook that throws must not fail the connection.
  if (options.onHostKeyAdded !== undefined) hop.onHostKeyAdded = quietly(options.onHostKeyAdded);
  if (options.passphrase !== undefined) hop.passphrase = options.passphrase;
  if (options.password !== undefined) hop.password = options.password;
  return hop;
}

/** The start bound of one command on the channel path. */
interface StartBound {
  /** Fires at `startBy` or when the command's own signal does. */
  readonly signal: AbortSignal;
  /** By when the command must have started (`performance.now()`). */
  readonly startBy: number;
  /** Stops the bound's clock while `wait` runs (the fleet's pacing holds the command back), then moves the bound that much later. */
  paused<T>(wait: () => Promise<T>): Promise<T>;
  /** Releases the timer and the listener. */
  dispose(): void;
}

/** A start bound at `startBy` (performance.now()), aborted early by `signal`. */
function startBound(startBy: number, signal: AbortSignal | undefined): StartBound {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted === true) controller.abort();
  let due = startBy;
  const arm = (): NodeJS.Timeout | undefined => (Number.isFinite(due) ? setTimeout(onAbort, Math.max(0, due - performance.now())) : undefined);
  let timer = arm();
  return {
    signal: controller.signal,
    get startBy() {
      return due;
    },
    async paused(wait) {
      clearTimeout(timer);
      const from = performance.now();
      try {
        return await wait();
      } finally {
        // Aborted meanwhile by the command's own signal: nothing left to time.
        if (!controller.signal.aborted) {
          due += performance.now() - from;
          timer = arm();
        }
      }
    },
    dispose: () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    },
  };
}

/** `hook`, with whatever it throws dropped. */
function quietly<T>(hook: (value: T) => void): (value: T) => void {
  return (value) => {
    try {
      hook(value);
    } catch {
      // A debug or notification hook's failure is the caller's to see, not a reason to stop a scan.
    }
  };
}
