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

describe('plesio worker\'s own limits', () => {
  it('takes --host-key-policy, --known-hosts and --allow-targets for every job', async () => {
    const credentials = workerCredentials(await workerFlags('--host-key-policy', 'accept-new', '--known-hosts', 'fleet_known_hosts', '--allow-targets', 'web*,10.1.*', '--allow-targets', '10.2.0.0/16'));
    expect(credentials).toEqual({ knownHostsPath: 'fleet_known_hosts', hostKeyPolicy: 'accept-new', allowTargets: ['web*,10.1.*', '10.2.0.0/16'] });
    expect(workerSshOptions(job, credentials)).toMatchObject({ knownHostsPath: 'fleet_known_hosts', hostKeyPolicy: 'accept-new' });
    // A job may ask for strict from an accept-new worker, never the other way round.
    expect(workerSshOptions({ ...job, options: { hostKeyPolicy: 'strict' } }, credentials)).toMatchObject({ hostKeyPolicy: 'strict' });
    expect(() => workerSshOptions({ ...job, options: { hostKeyPolicy: 'accept-new' } }, {})).toThrow(/hostKeyPolicy "accept-new" is looser than this worker's \(strict\)/);
  });

  it('refuses a malformed --allow-targets at start, before reaching Redis', async () => {
    const program = registerDistributedCommands(new Command('plesio').exitOverride(), { stdout: process.stdout, stderr: process.stderr }, () => undefined);
    await expect(program.parseAsync(['worker', '--redis', 'redis://127.0.0.1:1', '--allow-targets', '10.0.0.0/99'], { from: 'user' })).rejects.toThrow(/--allow-targets: "10.0.0.0\/99" is not a network/);
  });
});

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
