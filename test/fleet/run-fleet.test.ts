/**
 * The fleet runner with real runs: sagas that wait until the test lets them finish (or their host is
 * aborted), mock executors that say when they are closed, and a recorded Debian host replayed for the
 * fact scan. Each result is read as the library's users read it, with `for await`.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, expectTypeOf, test } from 'vitest';
import { call, defineFact, definePlugin, exec, put, type Executor } from '../../src/index.js';
import { commandResult } from '../../src/testing/index.js';
import { PlesioError } from '../../src/errors.js';
import { mockExecutor } from '../../src/executors/mock.js';
import { readFixture } from '../../src/executors/fixture.js';
import { replayExecutor } from '../../src/executors/replay.js';
import { runFleet, type ExecutorContext, type FleetResult, type SagaReport } from '../../src/fleet/index.js';
import type { HostReport } from '../../src/hosts/report.js';

/** Hosts whose saga waits until the test finishes them; every executor made and closed is noted. */
function controlledFleet() {
  const pending = new Map<string, () => void>();
  const started: string[] = [];
  const closed: string[] = [];
  function* waitForTest(host: string) {
    started.push(host);
    yield call(() => new Promise<void>((resolve) => pending.set(host, resolve)));
    yield put({ finished: host });
    return host.toUpperCase();
  }
  const executor = (host: string): Executor => {
    const inner = mockExecutor({}, { host });
    return { host, exec: (command, options) => inner.exec(command, options), close: async () => void closed.push(host) };
  };
  const finish = (host: string): void => pending.get(host)!();
  return { saga: waitForTest, args: (host: string): [string] => [host], executor, started, closed, finish };
}

/** Reads every result of `fleet` into an array, as a caller that keeps them all would. */
async function collect<R>(fleet: AsyncIterable<R>): Promise<R[]> {
  const all: R[] = [];
  for await (const result of fleet) all.push(result);
  return all;
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const hostsOf = (results: readonly FleetResult<string, HostReport>[]): string[] => results.map((r) => r.report.host);

describe('runFleet', () => {
  test('never runs more hosts at once than the concurrency, and hands on each report as its host finishes', async () => {
    const { saga, args, executor, started, finish } = controlledFleet();
    const fleet = runFleet(['a', 'b', 'c', 'd'], { executor, saga, args, concurrency: 2 });
    const results: FleetResult<string, SagaReport<string>>[] = [];
    const reading = (async () => {
      for await (const result of fleet) results.push(result);
    })();
    await tick();
    expect(started).toEqual(['a', 'b']);
    finish('b');
    await tick();
    expect(hostsOf(results)).toEqual(['b']);
    expect(started).toEqual(['a', 'b', 'c']);
    finish('a');
    finish('c');
    await tick();
    finish('d');
    await reading;
    expect(results.map((r) => [r.report.host, r.index, r.report.status, r.report.result])).toEqual([['b', 1, 'ok', 'B'], ['a', 0, 'ok', 'A'], ['c', 2, 'ok', 'C'], ['d', 3, 'ok', 'D']]);
  });

  test('starts a host\'s next one only once its report was read: a slow reader slows the fleet', async () => {
    const { saga, args, executor, started, finish } = controlledFleet();
    const fleet = runFleet(['a', 'b'], { executor, saga, args, concurrency: 1 });
    const first = fleet.next();
    await tick();
    finish('a');
    expect((await first).value).toMatchObject({ index: 0, report: { host: 'a' } });
    await tick();
    // The reader holds a's report and has not asked for more: b waits.
    expect(started).toEqual(['a']);
    const second = fleet.next();
    await tick();
    expect(started).toEqual(['a', 'b']);
    finish('b');
    expect((await second).value).toMatchObject({ index: 1, report: { host: 'b' } });
    expect((await fleet.next()).done).toBe(true);
  });

  test('keeps running when one host throws, reporting that host as failed with what it threw', async () => {
    const bug = new TypeError('cannot read properties of undefined');
    const results = await collect(runFleet(['a', 'b', 'c'], {
      executor: (host) => {
        if (host === 'a') throw new PlesioError('file-format', 'a: fixture.json:3: not valid JSON');
        if (host === 'b') throw bug;
        return mockExecutor({ 'uname -a': 'Linux c 6.1.0 #1 SMP x86_64 GNU/Linux\n' }, { host });
      },
      saga: function* uname() {
        return (yield* exec('uname -a')).stdout.split(' ')[0];
      },
    }));
    expect(results.map((r) => [r.report.host, r.report.status, r.report.error?.code, r.report.error?.message, r.report.result])).toEqual([
      ['a', 'failed', 'file-format', 'a: fixture.json:3: not valid JSON', undefined],
      ['b', 'failed', 'internal', 'b: cannot read properties of undefined', undefined],
      ['c', 'ok', undefined, undefined, 'Linux'],
    ]);
    expect(results[1]!.thrown).toBe(bug);
    expect(results[2]!).not.toHaveProperty('thrown');
  });

  test('at the deadline aborts the running hosts and fails the unstarted ones with code deadline', async () => {
    const { saga, args, executor, closed } = controlledFleet();
    const results = await collect(runFleet(['a', 'b', 'c', 'd'], { executor, saga, args, concurrency: 2, deadlineMs: 10 }));
    expect(results.map((r) => [r.report.host, r.report.status, r.report.error?.code])).toEqual([['a', 'failed', 'deadline'], ['b', 'failed', 'deadline'], ['c', 'failed', 'deadline'], ['d', 'failed', 'deadline']]);
    expect(results[0]!.report.error!.message).toBe('a: scan stopped at the deadline');
    expect(results[3]!.report.error!.message).toBe('d: not scanned: the deadline of 10 ms passed before its turn');
    expect(closed.sort()).toEqual(['a', 'b']);
  });

  test('on an interrupt aborts the running hosts, reports them, and starts no other', async () => {
    const { saga, args, executor, started, finish } = controlledFleet();
    const interrupt = new AbortController();
    const fleet = collect(runFleet(['a', 'b', 'c', 'd'], { executor, saga, args, concurrency: 2, signal: interrupt.signal }));
    await tick();
    finish('a');
    await tick();
    interrupt.abort('SIGINT');
    const results = await fleet;
    expect(started).toEqual(['a', 'b', 'c']);
    expect(results.map((r) => [r.report.host, r.report.status, r.report.error?.code ?? null])).toEqual([['a', 'ok', null], ['b', 'failed', 'cancelled'], ['c', 'failed', 'cancelled']]);
  });

  test('when the reader stops (its output failed), aborts the running hosts and closes their executors before the error reaches it', async () => {
    const { saga, args, executor, started, closed, finish } = controlledFleet();
    const reading = (async () => {
      for await (const result of runFleet(['a', 'b', 'c'], { executor, saga, args, concurrency: 2 })) {
        throw Object.assign(new Error(`write EPIPE after ${result.report.host}`), { code: 'EPIPE' });
      }
    })();
    await tick();
    finish('a');
    await expect(reading).rejects.toThrow('write EPIPE after a');
    expect(started).toEqual(['a', 'b']);
    expect(closed.sort()).toEqual(['a', 'b']);
  });

  test('gives no result for an empty fleet, and refuses a concurrency that is not a whole number of at least 1', async () => {
    expect(await collect(runFleet([], { executor: (host) => mockExecutor({}, { host }) }))).toEqual([]);
    expect(() => runFleet(['a'], { executor: (host) => mockExecutor({}, { host }), concurrency: 0 })).toThrow('options.concurrency must be a whole number of at least 1, received 0');
  });
});

describe('runFleet with a saga of your own', () => {
  test('reports the final state, the return value, the command behind each key and the failures kept in the state', async () => {
    function* packages(wanted: readonly string[]) {
      const found: string[] = [];
      for (const name of wanted) {
        const out = yield* exec(`dpkg-query -W ${name}`);
        if (out.code === 0) found.push(name);
        else yield put((state: { errors?: Record<string, unknown> }) => void (state.errors = { ...state.errors, [name]: { code: 'missing', message: `${name} is not installed` } }));
      }
      yield put({ packages: found });
      return found.length;
    }
    const table = { 'dpkg-query -W openssl': 'openssl\t3.0.15\n', 'dpkg-query -W nginx': { code: 1, stderr: 'no packages found matching nginx\n' } };
    const [result] = await collect(runFleet([{ label: 'web1', role: 'web' }], {
      executor: ({ label }) => mockExecutor(table, { host: label }),
      saga: packages,
      args: () => [['openssl', 'nginx']],
      state: ({ role }) => ({ role }),
    }));
    expectTypeOf(result!.report).toEqualTypeOf<SagaReport<number>>();
    expect(result!.report).toMatchObject({
      host: 'web1',
      status: 'partial',
      error: null,
      facts: { role: 'web', packages: ['openssl'], errors: { nginx: { code: 'missing', message: 'nginx is not installed' } } },
      sources: { packages: 'dpkg-query -W nginx' },
      result: 1,
    });
  });

  test('keeps what a failing saga put before it threw, and says why it failed', async () => {
    function* halfway() {
      yield put({ kernel: (yield* exec('uname -r')).stdout.trim() });
      yield* exec('cat /etc/machine-id');
    }
    const [result] = await collect(runFleet(['db1'], { executor: (host) => mockExecutor({ 'uname -r': '6.1.0-28-amd64\n' }, { host }), saga: halfway }));
    expect(result!.report).toMatchObject({ host: 'db1', status: 'failed', facts: { kernel: '6.1.0-28-amd64' }, sources: { kernel: 'uname -r' }, result: undefined });
    expect(result!.report.error?.code).toBe('unexpected-command');
  });
});

describe('runFleet scanning facts', () => {
  test('runs plesio\'s scan on every host, only the facts asked for, and closes each executor', async () => {
    const fixture = await readFixture(new URL('../fixtures/scans/linux-debian12-firecracker.json', import.meta.url).pathname);
    const expected = JSON.parse(await readFile(new URL('../fixtures/scans/linux-debian12-firecracker.expected.json', import.meta.url), 'utf8')) as HostReport;
    const executors: Executor[] = [];
    const results = await collect(runFleet(['vm1', 'vm2'], {
      executor: (host) => {
        const replay = replayExecutor(fixture, { host });
        executors.push(replay);
        return replay;
      },
      facts: ['os', 'kernel'],
    }));
    expectTypeOf(results[0]!.report).toEqualTypeOf<HostReport>();
    expect(results.map((r) => r.report.host).sort()).toEqual(['vm1', 'vm2']);
    for (const { report } of results) {
      expect(report.status).toBe('ok');
      expect(Object.keys(report.facts).sort()).toEqual(['architecture', 'kernel', 'os', 'uname']);
      expect(report.facts.os).toEqual(expected.facts.os);
    }
    for (const executor of executors) await expect(executor.exec('uname -a')).rejects.toMatchObject({ code: 'closed' });
  });

  test('gathers the facts of plugins with the built-in ones', async () => {
    const fixture = await readFixture(new URL('../fixtures/scans/linux-debian12-firecracker.json', import.meta.url).pathname);
    const acme = definePlugin({ name: 'acme', version: '1.0.0', facts: [defineFact({ name: 'timezone', os: ['linux'], command: 'date +%Z', parse: (stdout) => stdout.trim() })] });
    const executor = (host: string): Executor => {
      const replay = replayExecutor(fixture, { host });
      return { host, exec: async (command, options) => (command === 'date +%Z' ? commandResult('CET\n') : replay.exec(command, options)), close: () => replay.close() };
    };
    const [result] = await collect(runFleet(['vm1'], { executor, facts: ['os', 'timezone'], plugins: [acme] }));
    expect(result!.report).toMatchObject({ status: 'ok', facts: { timezone: 'CET' }, sources: { timezone: 'date +%Z' } });
  });
});

describe('runFleet pacing', () => {
  /** Executors that enter their host's gate for a connect when made, and leave it when the test says. */
  function gatedFleet() {
    const entered: string[] = [];
    const leave = new Map<string, () => void>();
    const contexts: Array<ExecutorContext | undefined> = [];
    const executor = async (host: string, context?: ExecutorContext): Promise<Executor> => {
      contexts.push(context);
      const pass = await context?.startGate?.enter('connect');
      entered.push(host);
      await new Promise<void>((resolve) => leave.set(host, resolve));
      pass?.leave(true);
      return mockExecutor({}, { host });
    };
    return { executor, entered, contexts, release: (host: string) => leave.get(host)!() };
  }
  const saga = function* () {
    return 'done';
  };

  test('hands every host\'s factory a gate of one pacer: starts beyond its limit wait for room, earlier hosts first', async () => {
    const { executor, entered, release } = gatedFleet();
    const reading = collect(runFleet(['a', 'b', 'c'], { executor, saga, pacing: { initial: 1 } }));
    await tick();
    expect(entered).toEqual(['a']);
    release('a');
    await tick();
    expect(entered).toEqual(['a', 'b']);
    release('b');
    await tick();
    release('c');
    expect((await reading).map((r) => r.report.status)).toEqual(['ok', 'ok', 'ok']);
    expect(entered).toEqual(['a', 'b', 'c']);
  });

  test('with pacing: false hands no gate, and every host starts at once', async () => {
    const { executor, entered, contexts, release } = gatedFleet();
    const reading = collect(runFleet(['a', 'b', 'c'], { executor, saga, pacing: false }));
    await tick();
    expect(entered).toEqual(['a', 'b', 'c']);
    expect(contexts.map((c) => c?.startGate)).toEqual([undefined, undefined, undefined]);
    for (const host of ['a', 'b', 'c']) release(host);
    expect(await reading).toHaveLength(3);
  });
});
