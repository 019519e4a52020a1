/**
 * `--replay PATH`: a fixture file (every host is served from it) or a directory written by `--record`
 * (each host from `<host>.json`). Without targets, the fixtures themselves name the hosts.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { FileFormatError } from '../executors/errors.js';
import { readFixture, type Fixture } from '../executors/fixture.js';
import { fixtureName, legacyFixtureName } from './fixture-name.js';
import type { HostPlan } from './plan.js';
import { fileProblem, UsageError } from './usage-error.js';

/**
 * The replay plans: each planned host mapped to its fixture, or, with no hosts planned, one per fixture.
 * @example
 * const plans = await replayPlans('recordings/', []);
 */
export async function replayPlans(path: string, planned: readonly HostPlan[]): Promise<HostPlan[]> {
  let directory: boolean;
  try {
    directory = (await stat(path)).isDirectory();
  } catch (error) {
    throw new UsageError(`cannot read the --replay fixture ${path}: ${fileProblem(error)}`, { cause: error });
  }
  if (planned.length > 0) {
    // A single fixture is checked now: a malformed one is a usage error, not every host failing.
    if (!directory) await check(path);
    const plans: HostPlan[] = [];
    for (const plan of planned) {
      plans.push({ kind: 'replay', label: plan.label, fixture: directory ? await recordingIn(path, plan.label) : path });
    }
    return plans;
  }
  const files = directory ? (await readdir(path)).filter((name) => name.endsWith('.json')).sort().map((name) => join(path, name)) : [path];
  if (files.length === 0) throw new UsageError(`--replay ${path} holds no .json fixtures; record some with --record ${path}`);
  const plans: HostPlan[] = [];
  for (const file of files) plans.push({ kind: 'replay', label: (await check(file)).host, fixture: file });
  return plans;
}

/** The recording of `label` in the folder `path`: today's name, else the one earlier versions wrote. */
async function recordingIn(path: string, label: string): Promise<string> {
  const fixture = join(path, fixtureName(label));
  try {
    await stat(fixture);
    return fixture;
  } catch (error) {
    const legacy = join(path, legacyFixtureName(label));
    if (legacy !== fixture && (await stat(legacy).then(() => true, () => false))) return legacy;
    throw new UsageError(`--replay ${path} has no recording of ${label} (${fixture}: ${fileProblem(error)}); record it with --record`, { cause: error });
  }
}

/** Reads a fixture, turning any problem into a usage error naming the file. */
async function check(file: string): Promise<Fixture> {
  try {
    return await readFixture(file);
  } catch (error) {
    // A malformed fixture's message already names the file and the line.
    const problem = error instanceof FileFormatError ? error.message : `${file}: ${fileProblem(error)}`;
    throw new UsageError(`cannot replay ${problem}`, { cause: error });
  }
}
