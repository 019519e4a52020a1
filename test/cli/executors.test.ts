/**
 * From the command line to the options of each host's SSH executor: commander parses, `prepareScan`
 * checks, `sshOptions` builds. Nothing connects; the targets are names that are never resolved.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { sshOptions } from '../../src/cli/executors.js';
import { buildProgram } from '../../src/cli/program.js';
import { runHosts, type CommonFleetOptions } from '../../src/cli/scan-command.js';
import { prepareScan, type ScanFlags } from '../../src/cli/scan-setup.js';

/** The flags commander hands `plesio scan` for `argv`, without running the scan. */
async function scanFlags(...argv: string[]): Promise<{ targets: string[]; flags: ScanFlags }> {
  const program = buildProgram('0.0.0', { stdout: new PassThrough(), stderr: new PassThrough() }, () => undefined);
  let parsed: { targets: string[]; flags: ScanFlags } | undefined;
  // A second action replaces the one that scans: only the parsed options are wanted here.
  program.commands.find((c) => c.name() === 'scan')!.action((targets: string[], flags: ScanFlags) => void (parsed = { targets, flags }));
  await program.parseAsync(['scan', ...argv], { from: 'user' });
  return parsed!;
}

/** The SSH executor options of every host of `plesio scan argv`. */
async function executorOptions(...argv: string[]) {
  const { targets, flags } = await scanFlags(...argv);
  const { plans, connect } = await prepareScan(targets, flags);
  return plans.map((plan) => (plan.kind === 'ssh' ? sshOptions(plan, connect) : undefined));
}

describe('sshOptions', () => {
  test('turns pipelining off for every host with --no-pipelining', async () => {
    expect(await executorOptions('web1', 'deploy@web2:2200', '--no-pipelining')).toEqual([
      { pipelining: false },
      { user: 'deploy', port: 2200, pipelining: false },
    ]);
  });

  test('leaves pipelining to the executor\'s default (on) without --no-pipelining', async () => {
    const { flags } = await scanFlags('web1');
    expect(flags.pipelining).toBe(true);
    const [options] = await executorOptions('web1', '-l', 'ops');
    expect(options).toEqual({ user: 'ops' });
    expect(options).not.toHaveProperty('pipelining');
  });

  test('keeps pipelining on when prepareScan is called without commander\'s default', async () => {
    const { plans, connect } = await prepareScan(['web1'], { format: 'json' });
    expect(connect.pipelining).toBe(true);
    expect(plans[0]!.kind === 'ssh' && sshOptions(plans[0]!, connect)).toEqual({});
  });
});

describe('--no-pacing', () => {
  /** The options `plesio scan argv` hands the fleet runner (its run is replaced by an empty one). */
  async function fleetOptions(...argv: string[]): Promise<CommonFleetOptions> {
    const { targets, flags } = await scanFlags(...argv, '-q');
    const setup = await prepareScan(targets, flags);
    let common: CommonFleetOptions | undefined;
    await runHosts(setup, flags, { stdout: new PassThrough(), stderr: new PassThrough() }, { verb: 'scanned' }, (options) => {
      common = options;
      return (async function* () {})();
    });
    return common!;
  }

  test('turns the fleet\'s pacing off; without it the fleet runner\'s default (on) stands', async () => {
    expect((await fleetOptions('web1', '--no-pacing')).pacing).toBe(false);
    expect(await fleetOptions('web1')).not.toHaveProperty('pacing');
  });
});
