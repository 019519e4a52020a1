/**
 * The SSH executor under a fleet's pacing (`startGate`), against a real OpenSSH server on loopback:
 * what it asks the gate for — its connection, its session start, each command on a channel of its own —
 * that each pass is left once, as a success when the start succeeded, and that time spent waiting at
 * the gate never counts against the command's start bound.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { ExecutorClosedError } from '../../src/executors/errors.js';
import type { StartGate, StartKind } from '../../src/executors/start-gate.js';
import { StartPacer } from '../../src/fleet/pacer.js';
import { scanHost } from '../../src/hosts/scan.js';
import { executorsFor } from '../support/ssh-executors.js';
import { startSshd, type TestSshd } from '../support/sshd.js';

let sshd: TestSshd;
const executors = executorsFor(() => sshd);
beforeAll(async () => {
  sshd = await startSshd();
});
afterAll(() => sshd.stop());
afterEach(() => executors.closeAll());

/** A gate around `inner` that notes every pass: its kind, how it was left, and how many were running at once. */
function recordingGate(inner: StartGate, hold: (kind: StartKind) => number = () => 0) {
  const passes: Array<{ kind: StartKind; left: boolean[] }> = [];
  let running = 0;
  let most = 0;
  const gate: StartGate = {
    async enter(kind, signal) {
      const pass = await inner.enter(kind, signal);
      // Held back a while longer, as a busy fleet would hold it.
      if (hold(kind) > 0) await new Promise((resolve) => setTimeout(resolve, hold(kind)));
      const entry = { kind, left: [] as boolean[] };
      passes.push(entry);
      most = Math.max(most, ++running);
      return {
        leave(ok) {
          if (entry.left.length === 0) running--;
          entry.left.push(ok);
          pass.leave(ok);
        },
      };
    },
  };
  return { gate, passes, most: () => most };
}

describe('the SSH executor under a fleet\'s pacing', () => {
  test('a pipelined scan asks for its connection and for one session start, and leaves both as successes', async () => {
    const { gate, passes } = recordingGate(new StartPacer().gate());
    const report = await scanHost({ executor: executors({ startGate: gate }), host: 'loopback' });
    expect(report.status).not.toBe('failed');
    expect(passes.map((p) => p.kind)).toEqual(['connect', 'session']);
    // The first leave is the one that counts; the executor may say "over" again on its way out.
    expect(passes.map((p) => p.left[0])).toEqual([true, true]);
  });

  test('without pipelining, each command asks for a channel start and lets it go once it answers', async () => {
    const pacer = new StartPacer({ initial: 1, max: 1 });
    const { gate, passes, most } = recordingGate(pacer.gate());
    const host = executors({ pipelining: false, startGate: gate });
    const commands = ['echo one', 'sleep 0.2; echo two', 'echo three >&2; exit 3', 'true'];
    const results = await Promise.all(commands.map((command) => host.exec(command)));
    expect(results.map((r) => [r.stdout, r.stderr, r.code])).toEqual([['one\n', '', 0], ['two\n', '', 0], ['', 'three\n', 3], ['', '', 0]]);
    expect(passes.map((p) => p.kind).sort()).toEqual(['channel', 'channel', 'channel', 'channel', 'connect']);
    expect(passes.every((p) => p.left[0] === true)).toBe(true);
    // The gate held one start at a time: the four commands' login shells started one after another.
    expect(most()).toBe(1);
    expect(pacer.running).toBe(0);
  });

  test('waiting at the gate does not count against the start bound: a session admitted late still runs its commands', async () => {
    const { gate } = recordingGate(new StartPacer().gate(), (kind) => (kind === 'session' ? 1_200 : 0));
    const host = executors({ startGate: gate, startTimeoutMs: 400 });
    const results = await Promise.all(['echo a', 'echo b'].map((command) => host.exec(command)));
    expect(results.map((r) => r.stdout)).toEqual(['a\n', 'b\n']);
  });

  test('nor on a channel of its own', async () => {
    const { gate } = recordingGate(new StartPacer().gate(), (kind) => (kind === 'channel' ? 800 : 0));
    const host = executors({ pipelining: false, startGate: gate, startTimeoutMs: 300 });
    expect((await host.exec('echo late')).stdout).toBe('late\n');
  });

  test('closing the executor while its connection waits at the gate ends the wait with ExecutorClosedError', async () => {
    const never: StartGate = { enter: (_kind, signal) => new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(signal.reason), { once: true })) };
    const host = executors({ startGate: never });
    const pending = host.exec('true').catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await host.close();
    const error = await pending;
    expect(error).toBeInstanceOf(ExecutorClosedError);
    expect((error as Error).message).toMatch(/closed/);
  });
});
