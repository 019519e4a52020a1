/**
 * A fleet of 200 farm hosts, one in five faulty (every fault of the catalogue, in turn), scanned through
 * the fleet runner: every healthy host returns its full facts, every faulty one its own error
 * code, the run takes about as long as its slowest hosts rather than the sum of their timeouts, and
 * nothing is left open afterwards.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runFleet } from '../../src/fleet/run-fleet.js';
import { sshExecutor } from '../../src/executors/ssh/executor.js';
import type { HostReport } from '../../src/hosts/report.js';
import { scanHost } from '../../src/hosts/scan.js';
import { Farm, expectedFacts, mismatches, specOf, type FarmHost } from '../support/faults/farm.js';
import { FAULT_NAMES, type FaultName } from '../support/faults/faults.js';
import { loadAnswers } from '../support/faults/answers.js';
import { activeResources, leftBehind } from '../support/faults/leaks.js';

const HOSTS = 200;
const FAULTY = HOSTS / 5;
const CONCURRENCY = 25;
// Longer than the single-host tests: 25 scans share one event loop with the 200 hosts' own servers,
// on a machine other work may be loading too, and a healthy host must never time out.
const CONNECT_TIMEOUT_MS = 5_000;
const COMMAND_TIMEOUT_MS = 3_000;
// Real outputs are a few kB: a 1 MiB cap keeps the huge-output hosts from costing seconds of CPU.
const MAX_OUTPUT_BYTES = 1024 * 1024;
// Faults whose host is only given up on when a timeout passes, and which timeout that is.
const WAITS_FOR: Partial<Record<FaultName, number>> = {
  'no-banner': CONNECT_TIMEOUT_MS,
  'never-exits': COMMAND_TIMEOUT_MS,
  'exec-unanswered': COMMAND_TIMEOUT_MS,
  drip: COMMAND_TIMEOUT_MS,
};

let dir: string;
let farm: Farm;
let hosts: FarmHost[];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plesio-fleet-faults-'));
  farm = await Farm.start({ scanHost, sshExecutor }, { dir, connectTimeoutMs: CONNECT_TIMEOUT_MS, commandTimeoutMs: COMMAND_TIMEOUT_MS, maxOutputBytes: MAX_OUTPUT_BYTES });
  // Every fifth host is faulty, the faults taken in turn, so they spread over the whole run.
  const faults = Array.from({ length: HOSTS }, (_, i): FaultName | 'healthy' => (i % 5 === 2 ? FAULT_NAMES[(i - 2) / 5 % FAULT_NAMES.length]! : 'healthy'));
  hosts = [];
  for (const fault of faults) hosts.push(await farm.add(fault));
});
/** Farm hosts as fleet targets, labelled as the farm names them. */
const targets = (list: readonly FarmHost[]): { label: string; host: FarmHost }[] => list.map((host) => ({ label: host.target, host }));

afterAll(async () => {
  await farm?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('a fleet of 200 hosts, 40 of them faulty', () => {
  test('healthy hosts return full facts, faulty ones their own error, in about the time of the slowest host', async () => {
    const facts = await expectedFacts();
    const before = activeResources();
    const reports: HostReport[] = [];
    const loop = performance.eventLoopUtilization();
    const started = performance.now();
    const fleet = runFleet(targets(hosts), { executor: ({ host }) => farm.executor(host), concurrency: CONCURRENCY, commandTimeoutMs: COMMAND_TIMEOUT_MS });
    for await (const { report, index } of fleet) reports[index] = report;
    const wallMs = performance.now() - started;
    const { idle: idleMs } = performance.eventLoopUtilization(loop);

    expect(reports.filter(Boolean)).toHaveLength(HOSTS);
    expect(hosts.filter((h) => h.fault !== 'healthy')).toHaveLength(FAULTY);
    const wrong = hosts.flatMap((host, i) => mismatches(reports[i]!, specOf(host.fault).expect, facts).map((problem) => `${host.fault} ${host.target}: ${problem}`));
    expect(wrong).toEqual([]);
    expect(reports.filter((r, i) => hosts[i]!.fault === 'healthy' && r.status === 'ok')).toHaveLength(HOSTS - FAULTY);

    // Waiting one after another for the hosts given up on at a timeout would leave the event loop idle
    // for the sum of their timeouts. Waiting side by side, it idles only for the last of them: the rest
    // of the wall time is work (handshakes and commands, on a machine that may be busy), not waiting.
    const waits = hosts.map((host) => (host.fault === 'healthy' ? 0 : WAITS_FOR[host.fault] ?? 0));
    const sumOfWaits = waits.reduce((a, b) => a + b, 0);
    const longestWait = Math.max(...waits);
    expect(sumOfWaits).toBeGreaterThanOrEqual(25_000);
    expect(idleMs, `idle ${Math.round(idleMs)} ms of ${Math.round(wallMs)} ms`).toBeLessThan(2 * longestWait + 3_000);
    expect(await leftBehind(before, 5_000)).toEqual({});
  }, 120_000);

  test('with a deadline, hosts that would wait out long timeouts report deadline at the deadline, the others their facts', async () => {
    const slow = ['no-banner', 'never-exits', 'exec-unanswered', 'drip'] as const;
    const fleet: FarmHost[] = [];
    for (const fault of [...slow, 'healthy', 'healthy', 'healthy', 'healthy'] as const) fleet.push(await farm.add(fault));
    const before = activeResources();
    const reports: HostReport[] = [];
    const deadlineMs = 3_000;
    const started = performance.now();
    const results = runFleet(targets(fleet), {
      concurrency: fleet.length,
      deadlineMs,
      // Timeouts far past the deadline: only the deadline can end these scans in time.
      executor: ({ host }) => farm.executor(host, { connectTimeoutMs: 60_000, startTimeoutMs: 60_000 }),
      commandTimeoutMs: 60_000,
    });
    for await (const { report, index } of results) reports[index] = report;
    const wallMs = performance.now() - started;
    expect(reports.map((r, i) => `${fleet[i]!.fault}: ${r.error?.code ?? r.status}`)).toEqual([...slow.map((f) => `${f}: deadline`), ...Array(4).fill('healthy: ok')]);
    expect(wallMs).toBeLessThan(deadlineMs + 3_000);
    expect(await leftBehind(before)).toEqual({});
  }, 60_000);

  test('one replayed host of every family, scanned side by side over SSH, each reports its whole expected facts', async () => {
    const scans = join(import.meta.dirname, '..', 'fixtures', 'scans');
    // Each family's recorded or assembled scan, answered by a farm host over a real SSH session.
    const families = ['linux-debian12-firecracker', 'sunos-solaris11-assembled', 'freebsd-assembled', 'openbsd-assembled', 'netbsd-assembled', 'darwin-assembled', 'aix-assembled', 'hpux-assembled'];
    const fleet: FarmHost[] = [];
    for (const name of families) fleet.push(await farm.add('healthy', { answers: loadAnswers(join(scans, `${name}.json`)) }));
    const reports: HostReport[] = [];
    const results = runFleet(targets(fleet), { executor: ({ host }) => farm.executor(host), concurrency: fleet.length, commandTimeoutMs: COMMAND_TIMEOUT_MS });
    for await (const { report, index } of results) reports[index] = report;
    expect(reports.filter(Boolean)).toHaveLength(families.length);
    families.forEach((name, i) => {
      const want = JSON.parse(readFileSync(join(scans, `${name}.expected.json`), 'utf8')) as HostReport;
      expect({ status: reports[i]!.status, facts: reports[i]!.facts, sources: reports[i]!.sources }, name).toEqual({ status: want.status, facts: want.facts, sources: want.sources });
    });
  }, 60_000);
});
