/**
 * SIGTERM and SIGINT end every command of the built CLI promptly, whatever it is waiting on: a host
 * that accepted the connection and says nothing, a "Redis" that does the same, a run whose hosts never
 * finish, an idle worker. Each waiting state is reached for real (the test sees the connection come
 * in) before the signal is sent; the exit status and the message prove the signal, not a timeout,
 * ended the command (issue 14, item 1). And with nothing listening at all, `plesio results` gives up
 * after 10 s saying so, as `scan --redis` and `worker` do.
 */
import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Redis } from 'ioredis';
import type { HostReport } from '../../src/hosts/report.js';
import { enqueueRun } from '../../src/distributed/enqueue.js';
import { startRedis, type TestRedis } from '../distributed/redis.js';
import { E2E_TIMEOUT_MS, ensureBuilt, finished, runCli, spawnCli, tempDir, type CliRun } from './helpers.js';

/** A TCP server that accepts connections and never writes a byte: a hung SSH host, a hung Redis. */
interface SilentServer {
  readonly port: number;
  /** Resolves when the next connection comes in. */
  connected(): Promise<void>;
  close(): Promise<void>;
}

async function silentServer(): Promise<SilentServer> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined).on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as { port: number }).port,
    connected: async () => void (await once(server, 'connection')),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

let home: { dir: string; remove: () => Promise<void> };
let silent: SilentServer;
let redis: TestRedis;
let admin: Redis;

beforeAll(async () => {
  [, home, silent, redis] = await Promise.all([ensureBuilt(), tempDir(), silentServer(), startRedis()]);
  admin = new Redis(redis.url);
}, E2E_TIMEOUT_MS);
afterAll(async () => {
  admin?.disconnect();
  await Promise.all([silent?.close(), redis?.stop()]);
  await home?.remove();
});

/** Starts the CLI, waits until `ready` resolves (the CLI is waiting), sends `signal`, returns the run. */
async function signalled(args: string[], signal: NodeJS.Signals, ready: (stderr: () => string) => Promise<void>): Promise<CliRun> {
  const child = spawnCli(args, { home: home.dir });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const run = finished(child, E2E_TIMEOUT_MS - 10_000);
  await ready(() => stderr);
  child.kill(signal);
  return run;
}

const connection = (): Promise<void> => silent.connected();
const silentRedis = (): string => `redis://127.0.0.1:${silent.port}`;

/** Resolves once `check()` holds, polling (the test's time limit turns a never into a failure). */
async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 50));
}

const saying = (text: () => string, pattern: RegExp): Promise<void> => until(() => pattern.test(text()));

describe('a signal ends every command promptly', { timeout: E2E_TIMEOUT_MS }, () => {
  test.each([['SIGTERM', 143], ['SIGINT', 130]] as const)('plesio scan of a host that never answers: %s writes the cancelled host and exits %i', async (signal, code) => {
    // A connect timeout far beyond the test's: only the signal can end this scan early.
    const run = await signalled(['scan', `root@127.0.0.1:${silent.port}`, '--connect-timeout', '10m'], signal, connection);
    expect(run.code).toBe(code);
    const reports = JSON.parse(run.stdout) as HostReport[];
    expect(reports).toMatchObject([{ status: 'failed', error: { code: 'cancelled' } }]);
    expect(run.stderr).toMatch(new RegExp(`^plesio: interrupted by ${signal} after .*: 0 ok, 0 partial, 0 failed, 1 cancelled; 0 of 1 hosts were not scanned\\n$`));
  });

  test.each([['SIGTERM', 143], ['SIGINT', 130]] as const)('plesio results while Redis does not answer: %s exits %i at once, writing nothing', async (signal, code) => {
    const run = await signalled(['results', 'run1', '--redis', silentRedis()], signal, connection);
    expect(run).toMatchObject({ code, stdout: '', stderr: `plesio: interrupted by ${signal} while connecting to Redis at ${silentRedis()}\n` });
  });

  test.each([[[]], [['--detach']]])('plesio scan --redis %j while Redis does not answer: SIGTERM exits 143 at once', async (detach) => {
    const run = await signalled(['scan', 'web1', '--redis', silentRedis(), ...detach], 'SIGTERM', connection);
    expect(run).toMatchObject({ code: 143, stdout: '', stderr: `plesio: interrupted by SIGTERM while connecting to Redis at ${silentRedis()}\n` });
  });

  test('plesio worker while Redis does not answer: SIGTERM stops it (exit 0), without waiting for the connect timeout', async () => {
    const run = await signalled(['worker', '--redis', silentRedis()], 'SIGTERM', connection);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(`plesio worker: SIGTERM before Redis at ${silentRedis()} answered: stopped\n`);
  });

  test('plesio worker taking jobs: SIGTERM stops it (exit 0)', async () => {
    const run = await signalled(['worker', '--redis', redis.url, '--queue', 'signals-idle'], 'SIGTERM', (stderr) => saying(stderr, /takes jobs/));
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/SIGTERM: finishing the running scans .*\nplesio worker: stopped\n$/);
  });

  test('plesio results following a run no worker takes: SIGINT writes what there is and says how to collect the rest', async () => {
    const { runId } = await enqueueRun({ redis: redis.url, queue: 'signals-unworked', targets: [{ label: 'web1', host: 'web1' }] });
    const args = ['results', runId, '--redis', redis.url, '--queue', 'signals-unworked'];
    // Following has begun once the CLI blocks on the queue's event stream (after reading the run).
    const run = await signalled(args, 'SIGINT', () => until(async () => /cmd=xread/.test(String(await admin.call('CLIENT', 'LIST')))));
    expect(run.code).toBe(130);
    expect(JSON.parse(run.stdout)).toEqual([]);
    expect(run.stderr).toContain(`plesio: interrupted by SIGINT; 1 hosts are not finished yet — the workers go on; collect them with: plesio results ${runId} --redis ${redis.url} --queue signals-unworked\n`);
  });
});

describe('nothing listening', { timeout: E2E_TIMEOUT_MS }, () => {
  test('plesio results gives up after 10 s: "cannot reach Redis", exit 1, no output', async () => {
    const run = await runCli(['results', 'run1', '--redis', 'redis://127.0.0.1:1'], { home: home.dir });
    expect(run).toMatchObject({ code: 1, stdout: '', stderr: 'plesio: cannot reach Redis at redis://127.0.0.1:1 within 10 s: connect ECONNREFUSED 127.0.0.1:1\n' });
  });
});
