/**
 * Opening an authenticated ssh2 connection to one hop: TCP (or a tunnel through the previous hop),
 * handshake with the host key checked before any credential, then authentication — all under one
 * connect timeout that pauses while a person answers a prompt.
 */
import { spawn } from 'node:child_process';
import { connect as tcpConnect } from 'node:net';
import { Duplex } from 'node:stream';
import ssh2 from 'ssh2';
import type { Client, ConnectConfig, ServerHostKeyAlgorithm } from 'ssh2';
import type { PlesioError } from '../../errors.js';
import { ConnectError, ConnectionLostError, ExecutorClosedError } from '../errors.js';
import type { SecretProviders } from '../secret.js';
import { authPlan } from './auth.js';
import { connectFailure, hostPort, tunnelFailure, type HopLabel } from './connect-errors.js';
import { loadKnownHosts, preferredKeyTypes, verifyHostKey, type HostKeyAdded, type HostKeyPolicy } from './host-key.js';

/** Everything needed to connect to one hop. */
export interface Hop extends HopLabel, SecretProviders {
  /** The known_hosts name (`[host]:port` or the HostKeyAlias). */
  knownHostsName: string;
  policy: HostKeyPolicy;
  /** known_hosts files to read; the first is where `accept-new` records. */
  knownHostsFiles: readonly string[];
  hashKnownHosts: boolean;
  agent: string | undefined;
  identityFiles: readonly string[];
  connectTimeoutMs: number;
  keepaliveIntervalMs: number;
  keepaliveCountMax: number;
  /** TCP_NODELAY on this hop's own TCP socket (a tunnelled hop has none); default false. */
  noDelay?: boolean;
  /** The config's ProxyCommand (tokens expanded): run locally, its stdin and stdout carry the connection. */
  proxyCommand?: string;
  /** Told of each host key `accept-new` records. */
  onHostKeyAdded?: (added: HostKeyAdded) => void;
}

/**
 * Connects and authenticates to one hop, over `sock` (a tunnel) when given. `cancel` (the executor being
 * closed) ends the attempt at once, instead of leaving it to run until its timeout.
 */
export async function connectHop(hop: Hop, sock?: Duplex, cancel?: AbortSignal): Promise<Client> {
  const check = {
    host: hop.label,
    name: hop.knownHostsName,
    policy: hop.policy,
    known: await loadKnownHosts(hop.knownHostsFiles),
    recordFile: hop.knownHostsFiles[0]!,
    hashNames: hop.hashKnownHosts,
    hostName: hop.hostName,
    port: hop.port,
    onAdded: (added: HostKeyAdded) => hop.onHostKeyAdded?.({ ...added, host: hop.host, ...(hop.label !== hop.host && { jumpHost: hop.alias }) }),
  };
  const preferred = preferredKeyTypes(check) as ServerHostKeyAlgorithm[];
  const client = new ssh2.Client();
  return await new Promise<Client>((resolve, reject) => {
    let settled = false;
    let hostKeyError: PlesioError | undefined;
    let onCancel: (() => void) | undefined;
    let proxy: ReturnType<typeof spawn> | undefined;
    const fail = (error: PlesioError): void => {
      if (settled) return;
      settled = true;
      deadline.stop();
      if (onCancel !== undefined) cancel?.removeEventListener('abort', onCancel);
      client.destroy();
      proxy?.kill();
      reject(error);
    };
    // How far the connection got, for the timeout's message: a port that accepts TCP and never
    // answers (a firewall's tarpit, another service) is told apart from no connection at all.
    let stage: Stage = 'tcp';
    let bytesIn: () => number | undefined = () => undefined;
    const deadline = pausableTimeout(hop.connectTimeoutMs, () => fail(connectTimeout(hop, stage === 'banner' && bytesIn() !== 0 ? 'handshake' : stage)));
    client.once('connect', () => (stage = 'banner'));
    client.once('handshake', () => (stage = 'auth'));
    // Without this, closing an executor mid-connect (a deadline, Ctrl-C) waited for the connect
    // timeout of a host that does not answer (found by test/faults).
    onCancel = () => fail(new ExecutorClosedError(`${hop.label}: the executor was closed while connecting to ${hostPort(hop.hostName, hop.port)}`, { host: hop.host }));
    if (cancel?.aborted) return onCancel();
    cancel?.addEventListener('abort', onCancel, { once: true });
    const plan = authPlan({ ...hop, host: hop.alias, paused: deadline.paused });
    // A ProxyCommand that ends closes the connection a moment before its exit is known: its own
    // message (what it printed) says more than the lost connection, so wait briefly for it.
    const failAfterProxy = (error: PlesioError): void => {
      if (proxy === undefined || proxy.exitCode !== null || proxy.signalCode !== null) return fail(error);
      proxy.once('exit', () => fail(error));
      setTimeout(() => fail(error), 500).unref();
    };
    client.on('error', (error: Error & { level?: string }) => {
      // An unusable agent is reported, then ssh2 goes on to the next method.
      if (error.level === 'agent') {
        const at = plan.attempts.indexOf('ssh-agent');
        if (at !== -1) plan.attempts.splice(at, 1);
        return void plan.withheld.push(`the ssh-agent (unusable: ${error.message})`);
      }
      failAfterProxy(hostKeyError ?? connectFailure(error, hop, plan));
    });
    client.on('close', () => failAfterProxy(hostKeyError ?? new ConnectionLostError(`${hop.label}: ${hostPort(hop.hostName, hop.port)} closed the connection during the handshake`, { host: hop.host })));
    client.once('ready', () => {
      settled = true;
      deadline.stop();
      cancel?.removeEventListener('abort', onCancel!);
      resolve(client);
    });
    const config: ConnectConfig = {
      host: hop.hostName,
      port: hop.port,
      username: hop.user,
      // The connect timeout is ours: ssh2's would also run while a person types a passphrase.
      readyTimeout: 0,
      // ssh2 takes 0 for "no keepalive"; plesio's spelling is Infinity.
      keepaliveInterval: Number.isFinite(hop.keepaliveIntervalMs) ? hop.keepaliveIntervalMs : 0,
      keepaliveCountMax: hop.keepaliveCountMax,
      hostVerifier: (key: Buffer, verify: (valid: boolean) => void) => {
        verifyHostKey(check, key).then(
          (error) => {
            hostKeyError = error;
            verify(error === undefined);
          },
          (error: unknown) => {
            hostKeyError = new ConnectionLostError(`${hop.label}: cannot record the host key in ${check.recordFile}: ${(error as Error).message}`, { host: hop.host, cause: error });
            verify(false);
          },
        );
      },
      authHandler: plan.handler,
    };
    if (sock === undefined && hop.proxyCommand !== undefined) {
      proxy = spawnProxy(hop, fail);
      // The command ends with the connection (its stdin closes); a stubborn one is stopped.
      client.once('close', () => proxy?.kill());
      sock = Duplex.from({ readable: proxy.stdout!, writable: proxy.stdin! });
      const out = proxy.stdout as unknown as { bytesRead?: number };
      bytesIn = () => out.bytesRead;
    }
    if (sock === undefined) {
      // Our own socket rather than ssh2's, for its byte count (the timeout's message). ssh2 waits for
      // its 'connect' and reports its errors (refused, DNS) as for a socket of its own.
      const tcp = tcpConnect({ host: hop.hostName, port: hop.port });
      // ssh2 listens for its errors too; this one keeps an error after a failed start from being uncaught.
      tcp.on('error', () => undefined);
      bytesIn = () => tcp.bytesRead;
      sock = tcp;
    }
    config.sock = sock;
    // Remove, then prepend (ssh2 applies them in key order): `prepend` skips algorithms already listed.
    if (preferred.length > 0) config.algorithms = { serverHostKey: { remove: preferred, prepend: preferred, append: [] } };
    try {
      client.connect(config);
      // Nagle's algorithm holds back each small packet until the last one is acknowledged, which a
      // delayed ACK puts off by ~40 ms: on loopback that doubled the connect (bench/pipeline).
      if (hop.noDelay === true) client.setNoDelay(true);
    } catch (error) {
      // ssh2 validates its configuration synchronously (an unsupported algorithm, say).
      fail(new ConnectionLostError(`${hop.label}: cannot connect: ${(error as Error).message}`, { host: hop.host, cause: error }));
      sock.destroy();
    }
  });
}

/** How far a connection attempt got: TCP, waiting for the server's banner, key exchange, authentication. */
type Stage = 'tcp' | 'banner' | 'handshake' | 'auth';

/** The connect timeout's error, saying where it stopped, as `ssh` says "Connection timed out during banner exchange". */
function connectTimeout(hop: Hop, stage: Stage): ConnectError {
  const where = hostPort(hop.hostName, hop.port);
  const within = `within ${hop.connectTimeoutMs} ms`;
  const message = {
    tcp: `no connection to ${where} ${within}`,
    banner: `connected to ${where}, but no SSH banner ${within} (is an SSH server listening there?)`,
    handshake: `connected to ${where}, but the SSH handshake did not complete ${within}`,
    auth: `authentication with ${where} did not complete ${within}`,
  }[stage];
  return new ConnectError('connect-timeout', `${hop.label}: ${message}`, { host: hop.host });
}

/**
 * Starts a hop's ProxyCommand as OpenSSH does (`exec` through a shell); its failing to start, or ending
 * before the connection is up, fails the connect with what it said on stderr.
 */
function spawnProxy(hop: Hop, fail: (error: PlesioError) => void): ReturnType<typeof spawn> {
  const command = hop.proxyCommand!;
  const child = spawn('/bin/sh', ['-c', `exec ${command}`], { stdio: ['pipe', 'pipe', 'pipe'] });
  let said = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    said = (said + chunk.toString('utf8')).slice(-400);
  });
  // A write to a proxy that has gone: reported by its exit below.
  child.stdin!.on('error', () => undefined);
  child.on('error', (error) => fail(new ConnectError('unreachable', `${hop.label}: cannot run its ProxyCommand ${JSON.stringify(command)}: ${error.message}`, { host: hop.host })));
  child.on('exit', (code, signal) => {
    const how = code === null ? `was killed by ${signal}` : `exited with status ${code}`;
    fail(new ConnectError('unreachable', `${hop.label}: its ProxyCommand ${JSON.stringify(command)} ${how} before the connection was up${said.trim() === '' ? '' : `: ${said.trim()}`}`, { host: hop.host }));
  });
  return child;
}

/** Opens a tunnel through `via` to the next hop, for use as that hop's socket, within its connect timeout. */
export function tunnel(via: Client, viaLabel: string, next: Hop): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    let timedOut = false;
    const expire = (): void => {
      timedOut = true;
      reject(new ConnectError('connect-timeout', `${next.label}: ${viaLabel} did not reach ${hostPort(next.hostName, next.port)} within ${next.connectTimeoutMs} ms`, { host: next.host }));
    };
    // Infinity means no timeout; setTimeout would clamp it to 1 ms.
    const timer = Number.isFinite(next.connectTimeoutMs) ? setTimeout(expire, next.connectTimeoutMs) : undefined;
    via.forwardOut('127.0.0.1', 0, next.hostName, next.port, (error, stream) => {
      clearTimeout(timer);
      if (timedOut) return void stream?.close();
      if (error) reject(tunnelFailure(error, next, viaLabel));
      else resolve(stream);
    });
  });
}

/** A timeout that can be paused while awaited work (a prompt) runs; nested pauses count once each. */
function pausableTimeout(ms: number, expire: () => void): { paused: <T>(work: () => Promise<T>) => Promise<T>; stop: () => void } {
  let remaining = ms;
  let startedAt = Date.now();
  let timer: NodeJS.Timeout | undefined = Number.isFinite(ms) ? setTimeout(expire, ms) : undefined;
  let pauses = 0;
  let stopped = false;
  return {
    async paused(work) {
      if (pauses++ === 0 && timer !== undefined) {
        clearTimeout(timer);
        timer = undefined;
        remaining -= Date.now() - startedAt;
      }
      try {
        return await work();
      } finally {
        if (--pauses === 0 && !stopped && Number.isFinite(remaining)) {
          startedAt = Date.now();
          timer = setTimeout(expire, Math.max(0, remaining));
        }
      }
    },
    stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}
