/**
 * Fixtures of the distributed-mode tests: a recorded host (this machine, recorded into a temporary
 * directory at test time so it always matches the current scan's commands), fleets of job targets,
 * worker processes spawned from `dist/distributed/worker-main.js` with their JSON event lines, and a
 * collector for a run's results.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { localExecutor, readFixture, recordExecutor, type Fixture } from '../../src/executors/index.js';
import { scanHost } from '../../src/hosts/scan.js';
import type { JobTarget } from '../../src/distributed/jobs.js';
import type { RunResult } from '../../src/distributed/outcome.js';

const WORKER_MAIN = fileURLToPath(new URL('../../dist/distributed/worker-main.js', import.meta.url));

/**
 * Records a scan of this machine to `dir/host.json` and returns the file and the fixture.
 * @example
 * const { file, fixture } = await recordLocalHost(dir);
 */
export async function recordLocalHost(dir: string): Promise<{ file: string; fixture: Fixture }> {
  const file = join(dir, 'host.json');
  const recorder = recordExecutor(localExecutor({ host: 'recorded' }), { file });
  try {
    await scanHost({ executor: recorder });
  } finally {
    await recorder.close();
  }
  return { file, fixture: await readFixture(file) };
}

/** `count` targets labelled `<prefix>-01`… (all pointing at 127.0.0.1; fixtures or sshd serve them). */
export function fleet(count: number, prefix = 'host', extra: Partial<JobTarget> = {}): JobTarget[] {
  return Array.from({ length: count }, (_, i) => ({ label: `${prefix}-${String(i + 1).padStart(2, '0')}`, host: '127.0.0.1', ...extra }));
}

/** Every result of a run, in arrival order. */
export async function collect(results: AsyncIterable<RunResult>): Promise<RunResult[]> {
  const out: RunResult[] = [];
  for await (const result of results) out.push(result);
  return out;
}

/** One JSON line a worker process printed. */
export interface WorkerLine {
  event: string;
  jobId?: string;
  host?: string;
  status?: string;
  name?: string;
  message?: string;
}

/** A spawned worker process. */
export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly lines: WorkerLine[];
  /** Resolves with the first line (seen so far or to come) that `match` accepts. */
  waitFor(match: (line: WorkerLine) => boolean, what: string, timeoutMs?: number): Promise<WorkerLine>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
}

/**
 * Spawns `node dist/distributed/worker-main.js` with `args` (the lead's `npm test` builds dist first).
 * @example
 * const worker = spawnWorker(['--redis', redis.url, '--fixture', file, '--delay-ms', '100']);
 * await worker.waitFor((l) => l.event === 'ready', 'ready');
 */
export function spawnWorker(args: readonly string[]): WorkerProcess {
  if (!existsSync(WORKER_MAIN)) throw new Error(`${WORKER_MAIN} is missing: run npm run build first`);
  const child = spawn(process.execPath, [WORKER_MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: WorkerLine[] = [];
  const waiters = new Set<() => void>();
  let buffered = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    const complete = buffered.split('\n');
    buffered = complete.pop()!;
    for (const text of complete) if (text.trim() !== '') lines.push(JSON.parse(text) as WorkerLine);
    for (const wake of waiters) wake();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  void exited.then(() => {
    for (const wake of waiters) wake();
  });
  return {
    child,
    lines,
    exited,
    stderr: () => stderr,
    waitFor(match, what, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const found = lines.find(match);
          if (found !== undefined) finish(() => resolve(found));
          else if (child.exitCode !== null || child.signalCode !== null) finish(() => reject(new Error(`the worker exited before ${what}:\n${stderr}`)));
        };
        const timer = setTimeout(() => finish(() => reject(new Error(`no ${what} from the worker within ${timeoutMs} ms:\n${stderr}`))), timeoutMs);
        const finish = (settle: () => void): void => {
          clearTimeout(timer);
          waiters.delete(check);
          settle();
        };
        waiters.add(check);
        check();
      });
    },
  };
}
