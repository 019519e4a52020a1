/**
 * From `plesio worker`'s command line to the options of each job's SSH executor: commander parses,
 * `workerCredentials` keeps the worker's own settings, `workerSshOptions` adds the job's. No Redis and
 * no host: nothing connects.
 */
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerDistributedCommands } from '../../src/cli/distributed-commands.js';
import { workerSshOptions } from '../../src/distributed/executor-factory.js';
import { JOB_VERSION, type ScanJob } from '../../src/distributed/jobs.js';
import { workerCredentials, type WorkerFlags } from '../../src/cli/worker-command.js';

const job: ScanJob = { v: JOB_VERSION, runId: '20250101T000000Z-1a2b3c4d', index: 0, target: { label: 'web1', host: 'web1', user: 'deploy' }, options: {} };

/** The flags commander hands `plesio worker` for `argv`, without starting a worker. */
async function workerFlags(...argv: string[]): Promise<WorkerFlags> {
  const program = registerDistributedCommands(new Command('plesio').exitOverride());
  let parsed: WorkerFlags | undefined;
  // A second action replaces the one that starts the worker: only the parsed options are wanted here.
  program.commands.find((c) => c.name() === 'worker')!.action((flags: WorkerFlags) => void (parsed = flags));
  await program.parseAsync(['worker', '--redis', 'redis://queue.example:6379', ...argv], { from: 'user' });
  return parsed!;
}

describe('workerSshOptions', () => {
  it('turns pipelining off for every job with plesio worker --no-pipelining', async () => {
    const credentials = workerCredentials(await workerFlags('--no-pipelining'));
    expect(credentials).toEqual({ pipelining: false });
    expect(workerSshOptions(job, credentials)).toEqual({ user: 'deploy', pipelining: false });
  });

  it('leaves pipelining to the executor\'s default (on) without --no-pipelining', async () => {
    const flags = await workerFlags('-i', 'fleet_ed25519');
    expect(flags.pipelining).toBe(true);
    const options = workerSshOptions(job, workerCredentials(flags));
    expect(options).toEqual({ user: 'deploy', identityFiles: ['fleet_ed25519'] });
    expect(options).not.toHaveProperty('pipelining');
  });
});
