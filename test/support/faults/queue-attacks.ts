/**
 * The queue attacks (issue 13.1): jobs that someone with write access to the queue's Redis writes
 * into it by hand, each aimed at a farm host of its own, run by a real worker with the real SSH
 * factory. For each: the result the worker gives it, whether the aimed host was contacted or sent a
 * credential, whether a file was planted on the worker, and whether the worker went on with the next
 * job. `test/distributed/hostile-jobs.test.ts` and `bench/faults/matrix.mjs` both walk it; plesio is
 * passed in (`QueueApi`), as the farm's `FarmApi`, so the bench runs the built package.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { WorkerCredentials } from '../../../src/distributed/executor-factory.js';
import type { RunManifest } from '../../../src/distributed/runs.js';
import type { FollowOptions } from '../../../src/distributed/results.js';
import type { RunResult } from '../../../src/distributed/outcome.js';
import type { ScanWorker, ScanWorkerOptions, WorkerEvent } from '../../../src/distributed/worker.js';
import type { ExecutorFactory } from '../../../src/fleet/options.js';
import type { ScanJob } from '../../../src/distributed/jobs.js';
import type { HostReport } from '../../../src/hosts/report.js';
import type { Farm, FarmHost } from './farm.js';
import { newHostKey } from './host-key.js';

/** The parts of plesio the attacks drive. */
export interface QueueApi {
  JOB_VERSION: number;
  startWorker(options: ScanWorkerOptions): Promise<ScanWorker>;
  sshExecutorFactory(credentials?: WorkerCredentials): ExecutorFactory<ScanJob>;
  followRun(options: FollowOptions): AsyncGenerator<RunResult, void, undefined>;
  jobIdFor(runId: string, label: string): string;
  saveManifest(queue: Queue, manifest: RunManifest, retentionSeconds: number): Promise<void>;
}

/** The host an attack aims at: its key known to the worker, unknown, or one that takes only a key the worker was not given. */
export type Aim = 'known' | 'stranger' | 'guarded';

/** What an attack's job needs to know: its host, and where the worker's files are. */
export interface AttackContext {
  readonly version: number;
  readonly runId: string;
  readonly index: number;
  readonly host: FarmHost;
  /** A path a job must not get the worker to create. */
  readonly planted: string;
  /** A private key on the worker that it was not given for scanning. */
  readonly otherKey: string;
}

export const QUEUE_ATTACK_NAMES = [
  'accept-new',
  'known-hosts-path',
  'identity-file',
  'outside-allow-list',
  'alias-outside-allow-list',
  'option-as-host',
  'version-1',
  'not-an-object',
  'oversized-label',
  'not-json',
] as const;

export type QueueAttackName = (typeof QUEUE_ATTACK_NAMES)[number];

/** One attack: a line of the matrix. */
export interface QueueAttack {
  readonly name: QueueAttackName;
  readonly description: string;
  readonly aim: Aim;
  /** The job data written into Redis. */
  job(context: AttackContext): unknown;
  /** The worker's settings over the attacks' (its known_hosts, its password file, no agent). */
  readonly worker?: (files: { sshConfig: string }) => Partial<WorkerCredentials>;
  /** Replaces the job's `data` field in Redis with these bytes, after it is added. */
  readonly rawData?: string;
  /** The message of the `invalid-job` result. */
  readonly message: RegExp;
  /**
   * `refused` when the healthy job that follows is outside the worker's limits too (every farm host
   * is on 127.0.0.1): the worker goes on, and refuses it as well.
   */
  readonly next?: 'refused';
}

/** A well-formed job of this version for `context.host`, with `patch` over its target and options. */
function job(context: AttackContext, patch: { target?: Record<string, unknown>; options?: Record<string, unknown> } = {}): Record<string, unknown> {
  return {
    v: context.version,
    runId: context.runId,
    index: context.index,
    target: { label: `attack-${context.index}`, host: '127.0.0.1', port: context.host.server.port, user: 'farm', ...patch.target },
    options: { facts: ['hostname'], ...patch.options },
  };
}

/** Every attack, with the job it writes and what the worker must answer. */
export const QUEUE_ATTACKS: Readonly<Record<QueueAttackName, QueueAttack>> = {
  'accept-new': {
    name: 'accept-new',
    description: 'asks a strict worker to accept an unknown host key (and so to send its password there)',
    aim: 'stranger',
    job: (c) => job(c, { options: { hostKeyPolicy: 'accept-new' } }),
    message: /hostKeyPolicy "accept-new" is looser than this worker's \(strict\)/,
  },
  'known-hosts-path': {
    name: 'known-hosts-path',
    description: 'names a known_hosts file for an accept-new worker to create, with its folders',
    aim: 'stranger',
    worker: () => ({ hostKeyPolicy: 'accept-new' }),
    job: (c) => job(c, { options: { knownHostsPath: c.planted, hostKeyPolicy: 'accept-new' } }),
    message: /options has a field "knownHostsPath": jobs never name files on the worker/,
  },
  'identity-file': {
    name: 'identity-file',
    description: 'names a key file on the worker (one it was not given) to sign with',
    aim: 'guarded',
    job: (c) => job(c, { target: { identityFiles: [c.otherKey] } }),
    message: /target has a field "identityFiles": jobs never name files on the worker/,
  },
  'outside-allow-list': {
    name: 'outside-allow-list',
    description: 'a host outside the worker\'s --allow-targets',
    aim: 'known',
    worker: () => ({ allowTargets: ['*.dmz.example.com', '10.99.0.0/16'] }),
    job: (c) => job(c),
    next: 'refused',
    message: /target.host "127.0.0.1" is not among this worker's --allow-targets .*; it was not contacted/,
  },
  'alias-outside-allow-list': {
    name: 'alias-outside-allow-list',
    description: 'an allowed alias of the worker\'s ssh config that stands for an address outside --allow-targets',
    aim: 'known',
    worker: ({ sshConfig }) => ({ allowTargets: ['web-*'], sshConfigPath: sshConfig }),
    job: (c) => job(c, { target: { host: `web-alias-${c.host.server.port}`, port: undefined } }),
    next: 'refused',
    message: /is this worker's ssh_config alias of "127.0.0.1", which is not among/,
  },
  'option-as-host': {
    name: 'option-as-host',
    description: 'a host that reads as an ssh option (-oProxyCommand=…)',
    aim: 'known',
    job: (c) => job(c, { target: { host: '-oProxyCommand=touch /tmp/owned' } }),
    message: /target.host "-oProxyCommand=touch \/tmp\/owned" is not a host name/,
  },
  'version-1': {
    name: 'version-1',
    description: 'a job of the old format (version 1, which named the worker\'s files)',
    aim: 'known',
    job: (c) => ({ ...job(c, { target: { identityFiles: [c.otherKey] } }), v: 1 }),
    message: /job version 1 is not supported; this worker runs version 2/,
  },
  'not-an-object': {
    name: 'not-an-object',
    description: 'a job that is a string, not an object',
    aim: 'known',
    job: (c) => `scan 127.0.0.1:${c.host.server.port}`,
    message: /^the job must be an object$/,
  },
  'oversized-label': {
    name: 'oversized-label',
    description: 'a label of a megabyte',
    aim: 'known',
    job: (c) => job(c, { target: { label: 'x'.repeat(1024 * 1024) } }),
    message: /target.label must be a non-empty one-line string of at most 4096 characters/,
  },
  'not-json': {
    name: 'not-json',
    description: 'job data that is not JSON (BullMQ alone took it up again every lock duration, for ever)',
    aim: 'known',
    job: (c) => job(c),
    rawData: '{"v":2,"target":',
    message: /cannot be read \(it was not written by plesio\)/,
  },
};

/** What came of one attack. */
export interface AttackOutcome {
  readonly report: HostReport;
  /** TCP connections the aimed host received. */
  readonly contacted: number;
  /** Authentication requests it received (a password, a key signature). */
  readonly credentialsOffered: number;
  /** The worker took the next job of the queue after this one, and scanned it (or refused it, see `QueueAttack.next`). */
  readonly workerWentOn: boolean;
  /** The planted path exists, or known_hosts changed. */
  readonly filesChanged: boolean;
  readonly events: readonly WorkerEvent[];
  /** Every way the outcome misses what the attack must give; empty when it meets it. */
  readonly problems: readonly string[];
}

let runs = 0;

/**
 * Runs one attack: a fresh queue holding the attack's job and then a healthy job, one worker with the
 * SSH factory (the farm's known_hosts, a password file, no agent) until both have a result.
 */
export async function runQueueAttack(api: QueueApi, farm: Farm, redisUrl: string, dir: string, attack: QueueAttack, passwordFile: string): Promise<AttackOutcome> {
  runs += 1;
  const queue = `attack-${runs}-${attack.name}`;
  const runId = `20250601T120000Z-${String(runs).padStart(8, '0')}`;
  const otherKey = newHostKey();
  const otherKeyFile = join(dir, `other-${runs}_ed25519`);
  await writeFile(otherKeyFile, otherKey.privateKey, { mode: 0o600 });
  const host = attack.aim === 'stranger' ? await farm.add('host-key-unknown') : await farm.add('healthy', attack.aim === 'guarded' ? { auth: { publicKey: otherKey.publicKey } } : {});
  const healthy = await farm.add('healthy');
  const sshConfig = join(dir, `ssh_config-${runs}`);
  await writeFile(sshConfig, `Host web-alias-${host.server.port}\n  HostName 127.0.0.1\n  Port ${host.server.port}\n`, { mode: 0o600 });
  const planted = join(dir, `planted-${runs}`, 'deep', 'known_hosts');
  const knownBefore = await readFile(farm.knownHostsPath, 'utf8');
  const labels = ['attack-0', 'healthy-1'];
  const ids = labels.map((label) => api.jobIdFor(runId, label));
  const data = attack.job({ version: api.JOB_VERSION, runId, index: 0, host, planted, otherKey: otherKeyFile });
  const next = { v: api.JOB_VERSION, runId, index: 1, target: { label: 'healthy-1', host: '127.0.0.1', port: healthy.server.port, user: 'farm' }, options: { facts: ['hostname'] } };
  const connection = { url: redisUrl, connectTimeout: 5_000 };
  const writer = new Queue(queue, { connection });
  try {
    await writer.add('scan', data as never, { jobId: ids[0]! });
    await writer.add('scan', next as never, { jobId: ids[1]! });
    await api.saveManifest(writer, { runId, createdAt: new Date().toISOString(), hosts: labels, options: {} }, 600);
  } finally {
    await writer.close();
  }
  if (attack.rawData !== undefined) {
    const client = new Redis(redisUrl);
    try {
      await client.hset(`bull:${queue}:${ids[0]}`, 'data', attack.rawData);
    } finally {
      client.disconnect();
    }
  }
  const events: WorkerEvent[] = [];
  const worker = await api.startWorker({
    redis: redisUrl,
    queue,
    // One at a time: the healthy job runs after the attack's, on a worker that has seen it.
    concurrency: 1,
    lockDurationMs: 2_000,
    stalledIntervalMs: 1_000,
    executorFactory: api.sshExecutorFactory({ sshConfigPath: null, agent: false, knownHostsPath: farm.knownHostsPath, passwordFile, ...attack.worker?.({ sshConfig }) }),
    onEvent: (event) => events.push(event),
  });
  const results: RunResult[] = [];
  try {
    for await (const result of api.followRun({ redis: redisUrl, queue, runId, sweepMs: 200 })) results.push(result);
  } finally {
    await worker.shutdown(0);
  }
  const report = results.find((r) => r.report.host === 'attack-0')!.report;
  const after = results.find((r) => r.report.host === 'healthy-1')?.report;
  const workerWentOn = attack.next === 'refused' ? after?.error?.code === 'invalid-job' && events.filter((e) => e.type === 'refused').length === 2 : after?.status === 'ok';
  const filesChanged = existsSync(join(dir, `planted-${runs}`)) || (await readFile(farm.knownHostsPath, 'utf8')) !== knownBefore;
  const outcome = { report, contacted: host.server.stats.connections, credentialsOffered: host.server.authAttempts.length, workerWentOn, filesChanged, events };
  return { ...outcome, problems: attackProblems(outcome, attack) };
}

function attackProblems(outcome: Omit<AttackOutcome, 'problems'>, attack: QueueAttack): string[] {
  const problems: string[] = [];
  const { report } = outcome;
  if (report.status !== 'failed' || report.error?.code !== 'invalid-job') problems.push(`the job gave ${report.status} ${String(report.error?.code)}, expected failed invalid-job (${JSON.stringify(report.error?.message)})`);
  else if (!attack.message.test(report.error.message)) problems.push(`the reason ${JSON.stringify(report.error.message.slice(0, 300))} does not match ${String(attack.message)}`);
  if (outcome.contacted > 0) problems.push(`the aimed host was contacted ${outcome.contacted} times`);
  if (outcome.credentialsOffered > 0) problems.push(`the aimed host was offered credentials ${outcome.credentialsOffered} times`);
  if (outcome.filesChanged) problems.push('a file of the worker was planted or changed');
  if (!outcome.workerWentOn) problems.push('the worker did not scan the next job');
  return problems;
}
