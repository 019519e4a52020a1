/**
 * One scan of each faulty farm host through the SSH executor: the host's report carries its own typed
 * error with a one-line reason, the facts the fault did not touch are still there, the scan gives up
 * within the configured timeouts, and nothing — socket, timer, child process — is left behind.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sshExecutor } from '../../src/executors/ssh/executor.js';
import { scanHost } from '../../src/hosts/scan.js';
import { Farm, expectedFacts, mismatches } from '../support/faults/farm.js';
import { FAULT_NAMES, FAULTS, type FaultName } from '../support/faults/faults.js';
import { activeResources, leftBehind } from '../support/faults/leaks.js';

const CONNECT_TIMEOUT_MS = 2_000;
const COMMAND_TIMEOUT_MS = 2_000;
// The longest a scan may take: one connect timeout, one command timeout, and slack for a loaded machine.
const GIVE_UP_BOUND_MS = CONNECT_TIMEOUT_MS + COMMAND_TIMEOUT_MS + 3_000;
// The output cap, not the clock, must stop the 100 MB command, even on a loaded machine.
const COMMAND_TIMEOUTS: Partial<Record<FaultName, number>> = { 'huge-output': 30_000 };
const MiB = 1024 * 1024;

let dir: string;
let farm: Farm;
let facts: Record<string, unknown>;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plesio-faults-'));
  farm = await Farm.start({ scanHost, sshExecutor }, { dir, connectTimeoutMs: CONNECT_TIMEOUT_MS, commandTimeoutMs: COMMAND_TIMEOUT_MS });
  facts = await expectedFacts();
});
afterAll(async () => {
  await farm?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('a scan of a faulty host', () => {
  test.each(FAULT_NAMES)('%s: reports its own error code, keeps the untouched facts, gives up in time and leaks nothing', async (name) => {
    const host = await farm.add(name);
    const before = activeResources();
    const { report, elapsedMs, passwordAsked } = await farm.scan(host, { commandTimeoutMs: COMMAND_TIMEOUTS[name] ?? COMMAND_TIMEOUT_MS });
    expect(mismatches(report, FAULTS[name].expect, facts)).toEqual([]);
    expect(elapsedMs).toBeLessThan(GIVE_UP_BOUND_MS);
    if (FAULTS[name].knownHosts !== 'right-key') {
      // The key did not verify: no credential was asked for, and none reached the host.
      expect(passwordAsked).toBe(0);
      expect(host.server.authAttempts).toEqual([]);
    }
    // The host is still up: a socket the client forgot to close would still be open on both ends.
    expect(await leftBehind(before)).toEqual({});
  });

  test('100 MB of output is stopped at the 16 MiB cap: memory stays far below 100 MB and the host stops sending', async () => {
    const host = await farm.add('huge-output');
    const base = process.memoryUsage();
    let peak = 0;
    const sample = (): void => {
      const now = process.memoryUsage();
      peak = Math.max(peak, now.heapUsed + now.arrayBuffers - base.heapUsed - base.arrayBuffers);
    };
    const sampler = setInterval(sample, 5);
    let report;
    try {
      ({ report } = await farm.scan(host, { commandTimeoutMs: 30_000 }));
    } finally {
      clearInterval(sampler);
    }
    sample();
    expect(report.facts.errors?.['cpu']).toMatchObject({ code: 'output-too-large', message: expect.stringContaining(`more than ${16 * MiB} bytes`) });
    // The host writes only as fast as the client's window opens: once the channel closed, it stopped.
    expect(host.server.stats.hugeBytesWritten).toBeGreaterThan(16 * MiB);
    expect(host.server.stats.hugeBytesWritten).toBeLessThan(40 * MiB);
    // The 16 MiB kept until the cap tripped, plus the ~20 MiB that crossed the loopback as packets not yet
    // collected, on both ends (the host runs in this process too). Without the cap, the output alone
    // would be 100 MB.
    expect(peak).toBeLessThan(80 * MiB);
  });

  // A deadline or Ctrl-C aborts the scan: it must end now, not when the host's timeouts would have
  // passed — including while the executor is still connecting (closing it used to wait for the
  // connect timeout) and while the server sits on a request to start a command.
  test.each(['no-banner', 'never-exits', 'exec-unanswered', 'drip'] as const)('%s: a scan cancelled after 300 ms ends at once and leaks nothing', async (name) => {
    const host = await farm.add(name);
    const before = activeResources();
    const started = performance.now();
    const { report } = await farm.scan(host, { signal: AbortSignal.timeout(300), commandTimeoutMs: 60_000, executor: { connectTimeoutMs: 60_000 } });
    const elapsedMs = performance.now() - started;
    expect(report.error?.code).toBe('cancelled');
    expect(elapsedMs).toBeLessThan(5_000);
    expect(await leftBehind(before)).toEqual({});
  });

  test('a healthy host returns the full recorded facts', async () => {
    const host = await farm.add('healthy');
    const { report } = await farm.scan(host);
    expect(report).toMatchObject({ status: 'ok', error: null, facts });
  });
});
