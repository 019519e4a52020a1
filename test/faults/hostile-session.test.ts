/**
 * Hosts that answer the pipelined session protocol themselves, each breaking one field of it in turn
 * (test/support/faults/session-host.ts): scanned as one fleet with well-behaved hosts, every host gets a
 * report with its facts — the broken session is given up, its commands run on channels of their own —
 * no exception escapes into the process, and nothing is left open.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runFleet } from '../../src/fleet/run-fleet.js';
import { sshExecutor } from '../../src/executors/ssh/executor.js';
import { PROBE_AFTER_MS } from '../../src/executors/ssh/pipeline/pool.js';
import type { HostReport } from '../../src/hosts/report.js';
import { scanHost } from '../../src/hosts/scan.js';
import { Farm, expectedFacts, mismatches, type FarmHost } from '../support/faults/farm.js';
import { FAULTY_FACT } from '../support/faults/faults.js';
import { activeResources, leftBehind } from '../support/faults/leaks.js';
import { SESSION_FAULTS, type SessionFault } from '../support/faults/session-host.js';

const CONNECT_TIMEOUT_MS = 5_000;
const COMMAND_TIMEOUT_MS = 2_000;
// Past the moment a session slow to start is checked with a command on a channel of its own.
const START_TIMEOUT_MS = PROBE_AFTER_MS + 10_000;

let dir: string;
let farm: Farm;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plesio-hostile-session-'));
  farm = await Farm.start({ scanHost, sshExecutor }, { dir, connectTimeoutMs: CONNECT_TIMEOUT_MS, commandTimeoutMs: COMMAND_TIMEOUT_MS, startTimeoutMs: START_TIMEOUT_MS });
});
afterAll(async () => {
  await farm?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** What the debug log of a host must say about its session. */
function expectedDebug(fault: SessionFault): RegExp {
  if (fault === 'none') return /pipelining commands through a \/bin\/sh session/;
  // Nothing that reads as a ready line arrives (a field with a '/' or an empty one makes no marker at
  // all): a command on a channel of its own shows that sessions cannot work.
  if (fault === 'never-ready' || fault === 'ready-folder' || fault === 'ready-empty-folder') return /no session shell after \d+ ms, while a command on a channel of its own ran/;
  // Its session works, but for the command that never ends (and is stopped through it).
  if (fault === 'never-ends') return /pipelining commands through a \/bin\/sh session/;
  return /broke the session protocol/;
}

describe('hosts that break the session protocol, one field each', () => {
  test('a fleet of them among well-behaved hosts: every host gets a report with its facts, and the process lives', async () => {
    const facts = await expectedFacts();
    const fleet: Array<{ host: FarmHost; fault: SessionFault | 'cannot-pipeline' }> = [];
    for (const fault of SESSION_FAULTS) fleet.push({ host: await farm.add('healthy', { session: fault }), fault });
    // Well-behaved hosts of the other kind: no session shell at all (exit 127), one channel per command.
    for (let i = 0; i < 3; i++) fleet.push({ host: await farm.add('healthy'), fault: 'cannot-pipeline' });
    const logs = fleet.map((): string[] => []);
    const escaped: unknown[] = [];
    const onEscape = (error: unknown): void => void escaped.push(error);
    process.on('uncaughtException', onEscape);
    process.on('unhandledRejection', onEscape);
    const before = activeResources();
    const reports: HostReport[] = [];
    try {
      const targets = fleet.map(({ host }, i) => ({ label: host.target, host, i }));
      const run = runFleet(targets, {
        executor: ({ host, i }) => farm.executor(host, { debug: (m) => logs[i]!.push(m) }),
        concurrency: fleet.length,
        commandTimeoutMs: COMMAND_TIMEOUT_MS,
      });
      for await (const { report, index } of run) reports[index] = report;
      expect(reports.filter(Boolean)).toHaveLength(fleet.length);
    } finally {
      process.off('uncaughtException', onEscape);
      process.off('unhandledRejection', onEscape);
    }
    expect(escaped).toEqual([]);
    const wrong = fleet.flatMap(({ fault }, i) => {
      // The command that never ends is the only one that fails; every other fact is there.
      const expect = fault === 'never-ends' ? { status: 'partial' as const, code: 'timeout', where: 'fact' as const, fact: FAULTY_FACT, keeps: 'all-but-faulty' as const } : { status: 'ok' as const, code: null, where: null, keeps: 'all' as const };
      const problems = mismatches(reports[i]!, expect, facts);
      if (fault !== 'cannot-pipeline' && !logs[i]!.some((m) => expectedDebug(fault).test(m))) problems.push(`the debug log does not say ${String(expectedDebug(fault))}: ${logs[i]!.join(' | ')}`);
      return problems.map((problem) => `${fault}: ${problem}`);
    });
    expect(wrong).toEqual([]);
    // A broken session is given up for good: only the hosts that spoke the protocol well kept pipelining.
    const kept = fleet.filter(({ fault }, i) => fault !== 'cannot-pipeline' && !logs[i]!.some((m) => /running one channel per command/.test(m)));
    expect(kept.map(({ fault }) => fault).sort()).toEqual(['never-ends', 'none']);
    expect(await leftBehind(before, 5_000)).toEqual({});
  }, 120_000);
});

describe('a session stuck on a stop', () => {
  // A command the farm's recorded Linux host answers: the probe every scan starts with.
  const UNAME = 'uname -s; uname -n; uname -r; uname -v; uname -m; uname -a';
  test('a command that never ends and a stop never answered: the session is given up after the grace, the other commands go on', async () => {
    const host = await farm.add('healthy', { session: 'never-ends' });
    const log: string[] = [];
    const executor = sshExecutor(host.target, {
      configPath: null,
      knownHostsPath: farm.knownHostsPath,
      agent: false,
      identityFiles: [],
      password: async () => 'farm-password',
      debug: (m) => log.push(m),
    });
    try {
      const error = await executor.exec('cat /proc/cpuinfo', { timeoutMs: 300 }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'timeout' });
      // The session still runs other commands while its stop waits for an answer...
      expect((await executor.exec(UNAME)).stdout).toMatch(/^Linux\nvm\n/);
      for (const start = Date.now(); !log.some((m) => m.includes('did not answer a stop')) && Date.now() - start < 15_000; ) await new Promise((r) => setTimeout(r, 100));
      // ...until the grace is over: then it is given up, and the next command gets a new session.
      expect(log.join('\n')).toMatch(/a session ended: the session shell did not answer a stop within 5000 ms/);
      expect((await executor.exec(UNAME)).stdout).toMatch(/^Linux\nvm\n/);
      expect(log.join('\n')).not.toMatch(/unavailable/);
    } finally {
      await executor.close();
    }
  }, 30_000);
});
