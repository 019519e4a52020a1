/**
 * One executor per host, made when the host's turn comes (never 10,000 at once): local, SSH or a
 * replayed fixture, wrapped by `--record` when asked. Only the executors' public modules are used
 * here, ssh2 stays behind them; the SSH executor is loaded with the first SSH host, so a local scan
 * or a replay starts without ssh2.
 */
import { join } from 'node:path';
import type { Executor } from '../effects/command.js';
import type { HostKeyAdded, HostKeyPolicy, SshExecutorOptions } from '../executors/index.js';
import { readFixture, type Fixture } from '../executors/fixture.js';
import { localExecutor } from '../executors/local.js';
import { recordExecutor } from '../executors/record.js';
import { replayExecutor } from '../executors/replay.js';
import type { StartGate } from '../executors/start-gate.js';
import type { ExecutorFactory } from '../fleet/options.js';
import { fixtureName } from './fixture-name.js';
import type { HostPlan } from './plan.js';

/** The connection options every host shares. */
export interface ConnectOptions {
  sshConfig: string | undefined;
  knownHosts: string | undefined;
  hostKeyPolicy: HostKeyPolicy | undefined;
  connectTimeoutMs: number | undefined;
  commandTimeoutMs: number | undefined;
  /** The password of `--ask-pass` or `--password-file`, read once before the scan. */
  password: string | undefined;
  /** `--record DIR`: each host's commands go to `DIR/<host>.json`. */
  recordDir: string | undefined;
  /** `--no-pipelining`: false runs each command on a channel of its own; true keeps the executor's default. */
  pipelining: boolean;
  /** `--ask-passphrase`: the passphrases of encrypted identity files, by file. */
  passphrases?: ReadonlyMap<string, string>;
}

/** What the scan wants to hear from the executors it makes. */
export interface ExecutorEvents {
  /** A host's commands ran one channel per command: pipelined sessions were unavailable there. */
  noPipelining?: (label: string) => void;
  /** `accept-new` recorded a host key (the target's or a jump host's). */
  hostKeyAdded?: (added: HostKeyAdded) => void;
  /** `--record`: a host's recording could not be written (its report stands); without it, close rejects. */
  recordFailed?: (file: string, error: unknown) => void;
}

/**
 * The executor maker of one scan; the fleet closes each executor (a recording is written on close).
 * A fixture replayed for every host (`--replay FILE`) is read once.
 * @example
 * const executorFor = executorFactory(options);
 * const executor = await executorFor({ kind: 'local', label: 'here' });
 */
export function executorFactory(options: ConnectOptions, events: ExecutorEvents = {}): ExecutorFactory<HostPlan> {
  // One entry: a directory of fixtures is read host by host, never all kept at once.
  let last: { path: string; fixture: Promise<Fixture> } | undefined;
  return async (plan, context) => {
    if (plan.kind === 'replay') {
      if (last?.path !== plan.fixture) last = { path: plan.fixture, fixture: readFixture(plan.fixture) };
      return replayExecutor(await last.fixture, { host: plan.label, source: plan.fixture });
    }
    const inner = plan.kind === 'local' ? localExecutor({ host: plan.label, commandTimeoutMs: options.commandTimeoutMs }) : await sshFor(plan, options, events, context?.startGate);
    if (options.recordDir === undefined) return inner;
    // The fixture is named and labelled by the host as the user wrote it, so a replay prints the same report.
    const labelled: Executor = { host: plan.label, exec: (command, o) => inner.exec(command, o), close: () => inner.close() };
    const file = join(options.recordDir, fixtureName(plan.label));
    const recorder = recordExecutor(labelled, { file });
    return {
      host: plan.label,
      exec: (command, o) => recorder.exec(command, o),
      async close() {
        try {
          await inner.close();
        } finally {
          // A recording that cannot be written (a full disk) must not cost the host its report.
          await recorder.save().catch((error: unknown) => {
            if (events.recordFailed === undefined) throw error;
            events.recordFailed(file, error);
          });
        }
      },
    };
  };
}

async function sshFor(plan: Extract<HostPlan, { kind: 'ssh' }>, options: ConnectOptions, events: ExecutorEvents, startGate: StartGate | undefined): Promise<Executor> {
  const { noPipelining, hostKeyAdded } = events;
  const { sshExecutor } = await import('../executors/ssh/executor.js');
  return sshExecutor(plan.host, {
    ...sshOptions(plan, options),
    ...(noPipelining !== undefined && { onPipeliningUnavailable: () => noPipelining(plan.label) }),
    ...(hostKeyAdded !== undefined && { onHostKeyAdded: hostKeyAdded }),
    ...(startGate !== undefined && { startGate }),
  });
}

/**
 * The SSH executor options of one host: the plan's own settings, then the ones every host shares.
 * Options left at their default are left out, so the executor's defaults stay in one place.
 * @example
 * sshOptions({ kind: 'ssh', label: 'web1', host: 'web1', user: 'deploy', port: undefined, identityFiles: [] }, { ...connect, pipelining: false });
 * // => { user: 'deploy', pipelining: false }
 */
export function sshOptions(plan: Extract<HostPlan, { kind: 'ssh' }>, options: ConnectOptions): SshExecutorOptions {
  const { password } = options;
  return {
    ...(plan.user !== undefined && { user: plan.user }),
    ...(plan.port !== undefined && { port: plan.port }),
    ...(plan.identityFiles.length > 0 && { identityFiles: [...plan.identityFiles] }),
    ...(options.sshConfig !== undefined && { configPath: options.sshConfig }),
    ...(options.knownHosts !== undefined && { knownHostsPath: options.knownHosts }),
    ...(options.hostKeyPolicy !== undefined && { hostKeyPolicy: options.hostKeyPolicy }),
    ...(options.connectTimeoutMs !== undefined && { connectTimeoutMs: options.connectTimeoutMs }),
    ...(options.commandTimeoutMs !== undefined && { commandTimeoutMs: options.commandTimeoutMs }),
    ...(password !== undefined && { password: async () => password }),
    ...(!options.pipelining && { pipelining: false }),
    ...(options.passphrases !== undefined && { passphrase: passphraseOf(options.passphrases) }),
  };
}

/** The passphrase provider of `--ask-passphrase`: the ones typed before the scan, nothing more. */
function passphraseOf(passphrases: ReadonlyMap<string, string>): (file: string) => Promise<string> {
  return async (file) => {
    const passphrase = passphrases.get(file);
    if (passphrase === undefined) throw new Error(`no passphrase was typed for ${file} at the start`);
    return passphrase;
  };
}
