/**
 * How a worker reaches the host of a job. The job says where the host is; the credentials are the
 * worker's own: its ssh-agent, its keys, its ssh config, its password file, its known_hosts and its
 * host-key policy — and the worker decides which hosts it may reach at all. Tests and benchmarks
 * inject other factories (a replay of a recorded host, a mock) through the same type.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ExecutorFactory } from '../fleet/options.js';
import { readSecret, sshExecutor, type HostKeyAdded, type HostKeyPolicy, type SshExecutorOptions } from '../executors/index.js';
import { loadSshConfig, resolveSettings } from '../executors/ssh/config.js';
import { InvalidJobError, type ScanJob } from './jobs.js';
import { targetPatterns, type TargetPatterns } from './target-patterns.js';

/**
 * A worker's own way of authenticating, checking host keys and running commands, and the hosts it may
 * reach; none of it travels in jobs, and a job cannot loosen any of it.
 */
export interface WorkerCredentials {
  /** The worker's ssh_config (default `~/.ssh/config`; `null` reads none). */
  sshConfigPath?: string | null;
  /** The keys to try (default: the ssh config's IdentityFile, then OpenSSH's defaults). */
  identityFiles?: readonly string[];
  /** The known_hosts file (default: the ssh config's UserKnownHostsFile, then `~/.ssh/known_hosts`). */
  knownHostsPath?: string;
  /**
   * Unknown host keys (default: the ssh config's StrictHostKeyChecking, then `strict`). A job may ask
   * for `strict`; a job asking for `accept-new` from a worker that does not accept new keys fails
   * with `invalid-job`.
   */
  hostKeyPolicy?: HostKeyPolicy;
  /**
   * The hosts this worker may scan, as `--allow-targets` patterns (see `target-patterns.ts`); default
   * any. The name the job gives and, when the worker's ssh config maps it to another HostName, that
   * HostName must both be allowed; any other job fails with `invalid-job` before a connection.
   */
  allowTargets?: readonly string[];
  /** A file holding the SSH password, readable by the worker's user only; read when a host asks. */
  passwordFile?: string;
  /** The ssh-agent socket (default `SSH_AUTH_SOCK`); `false` for none. */
  agent?: string | false;
  /** `false` runs each command on an SSH channel of its own (`plesio worker --no-pipelining`); default on. */
  pipelining?: boolean;
  /** Told of each host key `accept-new` recorded in the known_hosts file (the worker logs it). */
  onHostKeyAdded?: (added: HostKeyAdded) => void;
}

/**
 * The factory of real workers: checks each job against the worker's limits, then makes an SSH
 * executor with the worker's credentials. Throws `TargetPatternError` for a malformed pattern at once.
 * @example
 * const factory = sshExecutorFactory({ identityFiles: ['/etc/plesio/fleet_ed25519'], allowTargets: ['*.dmz.example.com'] });
 */
export function sshExecutorFactory(credentials: WorkerCredentials = {}): ExecutorFactory<ScanJob> {
  const allowed = credentials.allowTargets === undefined ? undefined : targetPatterns(credentials.allowTargets);
  return async (job) => {
    const options = workerSshOptions(job, credentials);
    if (allowed !== undefined) await checkAllowed(job, allowed, credentials.sshConfigPath);
    return sshExecutor(job.target.host, options);
  };
}

/**
 * The SSH executor options of one job: where the job says the host is, with the worker's credentials
 * and host-key policy (or `strict`, when the job asks for it). Throws `InvalidJobError` for a job that
 * asks for a looser host-key policy than the worker's.
 * @example
 * workerSshOptions(job, { pipelining: false }); // => { ..., pipelining: false }
 */
export function workerSshOptions(job: ScanJob, credentials: WorkerCredentials): SshExecutorOptions {
  const { target, options } = job;
  if (options.hostKeyPolicy === 'accept-new' && credentials.hostKeyPolicy !== 'accept-new') {
    throw new InvalidJobError('options.hostKeyPolicy "accept-new" is looser than this worker\'s (strict): a job may only make host-key checking stricter; to record new keys, run the worker with --host-key-policy accept-new');
  }
  const hostKeyPolicy = options.hostKeyPolicy === 'strict' ? 'strict' : credentials.hostKeyPolicy;
  const passwordFile = credentials.passwordFile;
  return {
    ...(target.user !== undefined && { user: target.user }),
    ...(target.port !== undefined && { port: target.port }),
    ...(credentials.identityFiles !== undefined && credentials.identityFiles.length > 0 && { identityFiles: [...credentials.identityFiles] }),
    ...(credentials.sshConfigPath !== undefined && { configPath: credentials.sshConfigPath }),
    ...(credentials.agent !== undefined && { agent: credentials.agent }),
    ...(credentials.knownHostsPath !== undefined && { knownHostsPath: credentials.knownHostsPath }),
    ...(hostKeyPolicy !== undefined && { hostKeyPolicy }),
    ...(options.connectTimeoutMs !== undefined && { connectTimeoutMs: options.connectTimeoutMs }),
    ...(options.commandTimeoutMs !== undefined && { commandTimeoutMs: options.commandTimeoutMs }),
    ...(passwordFile !== undefined && { password: () => readSecret(passwordFile) }),
    ...(credentials.pipelining === false && { pipelining: false }),
    ...(credentials.onHostKeyAdded !== undefined && { onHostKeyAdded: credentials.onHostKeyAdded }),
  };
}

/** Refuses a job whose host, or the HostName the worker's ssh config gives it, the patterns do not allow. */
async function checkAllowed(job: ScanJob, allowed: TargetPatterns, configPath: string | null | undefined): Promise<void> {
  const { host, user, port } = job.target;
  const refuse = (what: string): never => {
    throw new InvalidJobError(`${what} is not among this worker's --allow-targets (${allowed.source.join(',')}); it was not contacted`);
  };
  if (!allowed.allows(host)) refuse(`target.host ${JSON.stringify(host)}`);
  // An alias of the worker's ssh config may stand for any address: what is connected to must be allowed too.
  const config = await loadSshConfig(configPath === undefined ? join(homedir(), '.ssh', 'config') : configPath);
  const { hostName } = resolveSettings(config, host, { ...(user !== undefined && { user }), ...(port !== undefined && { port }) });
  if (hostName !== host && !allowed.allows(hostName)) refuse(`target.host ${JSON.stringify(host)} is this worker's ssh_config alias of ${JSON.stringify(hostName)}, which`);
}
