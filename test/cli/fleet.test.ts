import { describe, expect, test } from 'vitest';
import { PlesioError } from '../../src/errors.js';
import type { HostReport } from '../../src/hosts/report.js';
import { failedReport, runFleet, type FleetOptions } from '../../src/cli/fleet.js';

const ok = (host: string): HostReport => ({ host, status: 'ok', error: null, facts: {}, sources: {}, duration_ms: 1 });

/** A scan that ends only when the test says so, or fails when its signal aborts. */
function controlledScans() {
  const pending = new Map<string, () => void>();
  const started: string[] = [];
  const scan = (host: string, signal: AbortSignal): Promise<HostReport> =>
    new Promise((resolve) => {
      started.push(host);
      pending.set(host, () => resolve(ok(host)));
      signal.addEventListener('abort', () => {
        const code = (signal.reason as PlesioError).code ?? 'cancelled';
        resolve(failedReport(host, code, `${host}: stopped`));
      });
    });
  const finish = (host: string): void => pending.get(host)!();
  return { scan, started, finish };
}

function fleet(hosts: string[], overrides: Partial<FleetOptions<string>>): FleetOptions<string> & { reports: HostReport[] } {
  const reports: HostReport[] = [];
  return {
    hosts,
    concurrency: 2,
    deadlineMs: undefined,
    interrupt: undefined,
    label: (h) => h,
    scan: async (h) => ok(h),
    report: async (r) => void reports.push(r),
    reports,
    ...overrides,
  };
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('runFleet', () => {
  test('never runs more hosts at once than the concurrency, and reports each as it finishes', async () => {
    const { scan, started, finish } = controlledScans();
    const options = fleet(['a', 'b', 'c', 'd'], { scan });
    const done = runFleet(options);
    await tick();
    expect(started).toEqual(['a', 'b']);
    finish('b');
    await tick();
    expect(options.reports.map((r) => r.host)).toEqual(['b']);
    expect(started).toEqual(['a', 'b', 'c']);
    finish('a');
    finish('c');
    await tick();
    finish('d');
    expect(await done).toEqual({ failed: 0, reported: 4, interrupted: false, deadlineReached: false });
    expect(options.reports.map((r) => r.host)).toEqual(['b', 'a', 'c', 'd']);
  });

  test('keeps scanning when one host\'s scan throws, reporting that host as failed', async () => {
    const options = fleet(['a', 'b', 'c'], {
      scan: async (h) => {
        if (h === 'a') throw new PlesioError('file-format', 'a: fixture.json:3: not valid JSON');
        if (h === 'b') throw new TypeError('cannot read properties of undefined');
        return ok(h);
      },
    });
    expect((await runFleet(options)).failed).toBe(2);
    expect(options.reports.map((r) => [r.host, r.status, r.error?.code, r.error?.message])).toEqual([
      ['a', 'failed', 'file-format', 'a: fixture.json:3: not valid JSON'],
      ['b', 'failed', 'internal', 'b: cannot read properties of undefined'],
      ['c', 'ok', undefined, undefined],
    ]);
  });

  test('at the deadline aborts the running hosts and fails the unstarted ones with code deadline', async () => {
    const { scan } = controlledScans();
    const options = fleet(['a', 'b', 'c', 'd'], { scan, deadlineMs: 10 });
    const outcome = await runFleet(options);
    expect(outcome).toEqual({ failed: 4, reported: 4, interrupted: false, deadlineReached: true });
    expect(options.reports.map((r) => [r.host, r.error?.code])).toEqual([['a', 'deadline'], ['b', 'deadline'], ['c', 'deadline'], ['d', 'deadline']]);
    expect(options.reports[3]!.error!.message).toBe('d: not scanned: the --deadline of 10 ms passed before its turn');
  });

  test('on an interrupt aborts the running hosts, reports them, and starts no other', async () => {
    const { scan, started, finish } = controlledScans();
    const interrupt = new AbortController();
    const options = fleet(['a', 'b', 'c', 'd'], { scan, interrupt: interrupt.signal });
    const done = runFleet(options);
    await tick();
    finish('a');
    await tick();
    interrupt.abort('SIGINT');
    const outcome = await done;
    expect(outcome).toMatchObject({ interrupted: true, reported: 3 });
    expect(started).toEqual(['a', 'b', 'c']);
    expect(options.reports.map((r) => [r.host, r.status])).toEqual([['a', 'ok'], ['b', 'failed'], ['c', 'failed']]);
  });

  test('stops every scan when the output fails, and rethrows the output\'s error', async () => {
    const { scan, finish } = controlledScans();
    const options = fleet(['a', 'b', 'c'], {
      scan,
      report: async () => {
        throw Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
      },
    });
    const done = runFleet(options);
    await tick();
    finish('a');
    await expect(done).rejects.toThrow('EPIPE');
  });

  test('returns at once for an empty fleet', async () => {
    expect(await runFleet(fleet([], {}))).toEqual({ failed: 0, reported: 0, interrupted: false, deadlineReached: false });
  });
});
