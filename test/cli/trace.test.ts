import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { all, call, exec, fork, join as joinTask } from '../../src/effects/index.js';
import { mockExecutor } from '../../src/executors/index.js';
import { run } from '../../src/interpreter/index.js';
import { openTrace } from '../../src/cli/trace.js';
import { tempDir } from './helpers.js';

interface TraceEvent {
  ph: string;
  pid: number;
  tid: number;
  name: string;
  cat?: string;
  ts?: number;
  dur?: number;
  args?: Record<string, unknown>;
}

const slow = (stdout: string, ms: number) => () => new Promise<string>((r) => setTimeout(() => r(stdout), ms));

function* probeBoth() {
  return yield* all([exec('cat /etc/os-release'), exec('uname -a')]);
}

function* scanSaga() {
  yield* exec('hostid');
  const child = yield* fork(probeBoth);
  yield* call(probeBoth);
  yield* joinTask(child);
}

/** Two slices on one track must nest: one inside the other, or apart. */
function nestingViolations(events: TraceEvent[]): string[] {
  const problems: string[] = [];
  const byTrack = new Map<string, TraceEvent[]>();
  for (const e of events.filter((e) => e.ph === 'X')) byTrack.set(`${e.pid}/${e.tid}`, [...(byTrack.get(`${e.pid}/${e.tid}`) ?? []), e]);
  for (const slices of byTrack.values()) {
    for (const a of slices) {
      for (const b of slices) {
        if (a === b) continue;
        const [aEnd, bEnd] = [a.ts! + a.dur!, b.ts! + b.dur!];
        if (a.ts! < b.ts! && b.ts! < aEnd && aEnd < bEnd) problems.push(`${a.name} and ${b.name} overlap on track ${a.pid}/${a.tid}`);
      }
    }
  }
  return problems;
}

describe('openTrace', () => {
  let dir: { dir: string; remove: () => Promise<void> };
  beforeEach(async () => (dir = await tempDir()));
  afterEach(() => dir.remove());

  async function traceOf(hosts: string[]): Promise<TraceEvent[]> {
    const file = join(dir.dir, 'scan.trace.json');
    const trace = await openTrace(file);
    await Promise.all(
      hosts.map((host, i) => {
        const executor = mockExecutor({ hostid: slow('007f0100\n', 5), 'cat /etc/os-release': slow('ID=debian\nSECRET_OUTPUT=1\n', 15), 'uname -a': slow('Linux\n', 10) }, { host });
        return run({ executor, monitor: trace.monitorFor(host, i + 1) }, scanSaga).toPromise();
      }),
    );
    await trace.close();
    const document = JSON.parse(await readFile(file, 'utf8')) as { traceEvents: TraceEvent[] };
    return document.traceEvents;
  }

  test('writes a Chrome trace with one named process per host and a slice per command', async () => {
    const events = await traceOf(['web1', 'web2']);
    expect(events.filter((e) => e.name === 'process_name').map((e) => [e.pid, e.args!.name])).toEqual([[1, 'web1'], [2, 'web2']]);
    for (const pid of [1, 2]) {
      const execs = events.filter((e) => e.pid === pid && e.cat === 'exec').map((e) => e.name).sort();
      expect(execs).toEqual(['exec cat /etc/os-release', 'exec cat /etc/os-release', 'exec hostid', 'exec uname -a', 'exec uname -a']);
    }
    const hostid = events.find((e) => e.name === 'exec hostid')!;
    expect(hostid).toMatchObject({ ph: 'X', args: { outcome: 'resolved', exit: { code: 0, signal: null, stdout_bytes: 9, stderr_bytes: 0 } } });
    expect(hostid.dur).toBeGreaterThan(0);
  });

  test('gives every task a named track and keeps slices on one track properly nested', async () => {
    const events = await traceOf(['web1']);
    const threads = events.filter((e) => e.name === 'thread_name').map((e) => e.args!.name as string);
    expect(threads.some((n) => n.endsWith(': scanSaga'))).toBe(true);
    expect(threads.some((n) => n.endsWith(': probeBoth'))).toBe(true);
    // The two branches of each `all` overlap in time, so one of them needs a second track.
    expect(threads.some((n) => / \(2\)$/.test(n))).toBe(true);
    expect(nestingViolations(events)).toEqual([]);
  });

  test('never writes what a command printed', async () => {
    const events = await traceOf(['web1']);
    expect(JSON.stringify(events)).not.toContain('SECRET_OUTPUT');
  });

  test('records a failed command with its error code', async () => {
    const file = join(dir.dir, 'failed.trace.json');
    const trace = await openTrace(file);
    const executor = mockExecutor({ hostid: Object.assign(new Error('web1: "hostid" timed out'), { code: 'timeout' }) }, { host: 'web1' });
    await run({ executor, monitor: trace.monitorFor('web1', 1) }, function* () {
      yield* exec('hostid');
    }).toPromise().catch(() => undefined);
    await trace.close();
    const events = (JSON.parse(await readFile(file, 'utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
    expect(events.find((e) => e.name === 'exec hostid')!.args).toMatchObject({ outcome: 'rejected', error: { code: 'timeout', message: 'web1: "hostid" timed out' } });
  });

  test('fails before the scan when the trace file cannot be written', async () => {
    await expect(openTrace(join(dir.dir, 'no', 'such', 'dir', 't.json'))).rejects.toThrow(/cannot write the --trace file .*t\.json: it does not exist/);
  });
});
