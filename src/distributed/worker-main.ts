#!/usr/bin/env node
/**
 * A bare worker process for tests and benchmarks: `node dist/distributed/worker-main.js --redis URL
 * [--queue Q] [--concurrency N] [--host-key-policy P] [--allow-targets PATTERNS] [--fixture FILE
 * --delay-ms MS] [--lock-ms MS --stalled-ms MS]`. It writes one JSON line per event on stdout (`ready`,
 * `started`, `finished`, `handed-back`, `refused`, `closed`), so a test knows when a job is mid-scan. SIGTERM or SIGINT: finish running jobs within `--grace-ms`
 * (default 30 000), hand back the rest, exit 0; a second signal hands back at once. People run
 * `plesio worker` instead.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readFixture } from '../executors/index.js';
import { sshExecutorFactory } from './executor-factory.js';
import { fixtureExecutorFactory } from './fixture-factory.js';
import { startWorker, type WorkerEvent } from './worker.js';

/**
 * Runs a worker until SIGTERM/SIGINT; resolves once it has shut down.
 * @example
 * await workerMain(['--redis', 'redis://127.0.0.1:6379', '--fixture', 'host.json', '--delay-ms', '100']);
 */
export async function workerMain(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      redis: { type: 'string' },
      queue: { type: 'string' },
      name: { type: 'string' },
      concurrency: { type: 'string' },
      fixture: { type: 'string' },
      'delay-ms': { type: 'string' },
      'lock-ms': { type: 'string' },
      'stalled-ms': { type: 'string' },
      'grace-ms': { type: 'string' },
      identity: { type: 'string', multiple: true },
      'known-hosts': { type: 'string' },
      'host-key-policy': { type: 'string' },
      'allow-targets': { type: 'string', multiple: true },
      'ssh-config': { type: 'string' },
    },
  });
  if (values.redis === undefined) throw new Error('worker-main: --redis URL is required');
  const number = (text: string | undefined): number | undefined => (text === undefined ? undefined : Number(text));
  const factory = values.fixture !== undefined
    ? fixtureExecutorFactory(await readFixture(values.fixture), { delayMs: number(values['delay-ms']) ?? 0 })
    : sshExecutorFactory({
        ...(values.identity !== undefined && { identityFiles: values.identity }),
        ...(values['known-hosts'] !== undefined && { knownHostsPath: values['known-hosts'] }),
        ...(values['host-key-policy'] !== undefined && { hostKeyPolicy: hostKeyPolicy(values['host-key-policy']) }),
        ...(values['allow-targets'] !== undefined && { allowTargets: values['allow-targets'] }),
        sshConfigPath: values['ssh-config'] ?? null,
        agent: false,
      });
  const say = (line: Record<string, unknown>): void => void process.stdout.write(JSON.stringify(line) + '\n');
  const worker = await startWorker({
    redis: values.redis,
    executorFactory: factory,
    onEvent: (event) => say(describe(event)),
    ...(values.queue !== undefined && { queue: values.queue }),
    ...(values.name !== undefined && { name: values.name }),
    ...(values.concurrency !== undefined && { concurrency: Number(values.concurrency) }),
    ...(values['lock-ms'] !== undefined && { lockDurationMs: Number(values['lock-ms']) }),
    ...(values['stalled-ms'] !== undefined && { stalledIntervalMs: Number(values['stalled-ms']) }),
  });
  say({ event: 'ready', name: worker.name, pid: process.pid });
  const graceMs = number(values['grace-ms']) ?? 30_000;
  await new Promise<void>((resolve) => {
    let stopping: Promise<void> | undefined;
    const onSignal = (): void => {
      stopping = stopping === undefined ? worker.shutdown(graceMs) : worker.shutdown(0);
      void stopping.then(resolve);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
  say({ event: 'closed', name: worker.name });
}

function hostKeyPolicy(text: string): 'strict' | 'accept-new' {
  if (text !== 'strict' && text !== 'accept-new') throw new Error(`--host-key-policy must be strict or accept-new, not ${JSON.stringify(text)}`);
  return text;
}

function describe(event: WorkerEvent): Record<string, unknown> {
  switch (event.type) {
    case 'error':
      return { event: 'error', message: event.error.message };
    case 'started':
    case 'handed-back':
      return { event: event.type, jobId: event.jobId, host: event.host };
    case 'refused':
      return { event: event.type, jobId: event.jobId, host: event.host, reason: event.reason };
    default:
      return { event: event.type, jobId: event.jobId, host: event.report.host, status: event.report.status };
  }
}

const entry = process.argv[1] === undefined ? undefined : realpathSync(process.argv[1]);
if (entry === fileURLToPath(import.meta.url)) {
  workerMain(process.argv.slice(2)).then(
    () => (process.exitCode = 0),
    (error: unknown) => {
      process.stderr.write(`worker-main: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
