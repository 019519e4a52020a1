/**
 * Record a real host over SSH, replay the fixture offline, and get the same facts: the promise that
 * makes a recorded scan a test.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import type { Executor } from '../../src/effects/command.js';
import { PlesioError } from '../../src/errors.js';
import { recordExecutor } from '../../src/executors/record.js';
import { replayFile } from '../../src/executors/replay.js';
import { allParsers } from '../../src/hosts/parsers.js';
import { executorsFor } from '../support/ssh-executors.js';
import { startSshd, type TestSshd } from '../support/sshd.js';

let sshd: TestSshd;
let dir: string;
beforeAll(async () => {
  sshd = await startSshd();
  dir = await mkdtemp(join(tmpdir(), 'plesio-ssh-replay-'));
});
afterAll(async () => {
  await sshd?.stop();
  await rm(dir, { recursive: true, force: true });
});
const executor = executorsFor(() => sshd);
afterEach(() => executor.closeAll());

/** Every Linux and common parser's fact (or the code of its error) as read through `host`. */
async function facts(host: Executor): Promise<Record<string, unknown>> {
  const specs = Object.values(allParsers).filter((spec) => /^(common|linux)\./.test(spec.name));
  const entries = await Promise.all(
    specs.map(async (spec) => {
      try {
        const result = await host.exec(spec.command, { timeoutMs: 20_000, sudo: spec.needsRoot === true });
        return [spec.name, { code: result.code, fact: parseOrError(() => spec.parse(result.stdout)) }] as const;
      } catch (error) {
        return [spec.name, { error: error instanceof PlesioError ? error.code : String(error) }] as const;
      }
    }),
  );
  return Object.fromEntries(entries);
}

function parseOrError(parse: () => unknown): unknown {
  try {
    return parse();
  } catch (error) {
    return { parseError: error instanceof PlesioError ? error.code : String(error) };
  }
}

test('a scan recorded over SSH and replayed from its fixture gives identical facts', async () => {
  const file = join(dir, 'loopback.json');
  const recorder = recordExecutor(executor(), { file });
  let live: Record<string, unknown>;
  try {
    live = await facts(recorder);
  } finally {
    await recorder.close();
  }
  expect(Object.keys(live).length).toBeGreaterThan(0);
  expect(await facts(await replayFile(file))).toEqual(live);
});
