/**
 * A throw-away Redis for the distributed-mode tests: `/usr/bin/redis-server` on a free loopback port,
 * its data in a temporary directory, never the system's Redis. Never skipped: a missing redis-server
 * fails the suite with the command that installs it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../support/process.js';

const REDIS_SERVER = '/usr/bin/redis-server';

/** A running test Redis. */
export interface TestRedis {
  readonly port: number;
  /** `redis://127.0.0.1:<port>`, with `:<password>@` when it requires one. */
  readonly url: string;
  /** Stops Redis (SIGTERM, so an append-only file is flushed) and starts it again on the same port and data. */
  restart(): Promise<void>;
  /** Stops Redis without starting it again; `start()` brings it back. */
  stopServer(): Promise<void>;
  start(): Promise<void>;
  /** redis-server's output so far, for diagnosing a failing test. */
  log(): string;
  /** Stops Redis and removes its directory. */
  stop(): Promise<void>;
}

/** Options of `startRedis`. */
export interface RedisOptions {
  /** Keep data across restarts with an append-only file, fsynced on every write (default false). */
  persistent?: boolean;
  /** Require this password (`requirepass`); the `url` then carries it. */
  password?: string;
}

/**
 * Starts redis-server and resolves once it answers PING.
 * @example
 * const redis = await startRedis();
 * try { … } finally { await redis.stop(); }
 */
export async function startRedis(options: RedisOptions = {}): Promise<TestRedis> {
  if (!existsSync(REDIS_SERVER)) {
    throw new Error(`${REDIS_SERVER} is missing; the distributed-mode tests need it: apt-get install -y redis-server`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'plesio-redis-'));
  const port = await freePort();
  const args = [
    '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--daemonize', 'no', '--logfile', '',
    ...(options.persistent === true ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no']),
    ...(options.password === undefined ? [] : ['--requirepass', options.password]),
  ];
  let output = '';
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    const spawned = spawn(REDIS_SERVER, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = spawned;
    spawned.stdout!.setEncoding('utf8').on('data', (s: string) => (output += s));
    spawned.stderr!.setEncoding('utf8').on('data', (s: string) => (output += s));
    const deadline = Date.now() + 10_000;
    while (!(await pong(port))) {
      if (spawned.exitCode !== null || Date.now() > deadline) {
        throw new Error(`redis-server did not answer PING on 127.0.0.1:${port}:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  const stopServer = async (): Promise<void> => {
    const running = child;
    child = undefined;
    if (running === undefined || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGTERM');
    await exited;
  };
  try {
    await start();
  } catch (error) {
    await stopServer();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    port,
    url: `redis://${options.password === undefined ? '' : `:${encodeURIComponent(options.password)}@`}127.0.0.1:${port}`,
    async restart() {
      await stopServer();
      await start();
    },
    stopServer,
    start,
    log: () => output,
    async stop() {
      try {
        await stopServer();
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

/** True when Redis on `port` answers PING with PONG (not LOADING while it reads its data back). */
function pong(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      // A Redis with a password answers NOAUTH: it is up, and the tests log in with the URL.
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG') || reply.startsWith('-NOAUTH'));
    });
    socket.once('error', () => done(false));
  });
}
