/**
 * How a worker reaches the host of a job. The job says where the host is; the credentials are the
 * worker's own: its ssh-agent, its keys, its ssh config, its password file. Tests and benchmarks inject
 * other factories (a replay of a recorded host, a mock) through the same type.
 */
import type { ExecutorFactory } from '../fleet/options.js';
import { readSecret, sshExecutor, type SshExecutorOptions } from '../executors/index.js';
import type { ScanJob } from './jobs.js';

/** A worker's own way of authenticating, checking host keys and running commands; none of it travels in jobs. */
export interface WorkerCredentials {
  /** The worker's ssh_config (default `~/.ssh/config`; `null` reads none). */
  sshConfigPath?: string | null;
  /** Keys tried after the job's identity files (which are paths on this worker too). */
  identityFiles?: readonly string[];
  /** The known_hosts file; wins over the job's. */
  knownHostsPath?: string;
  /** A file holding the SSH password, readable by the worker's user only; read when a host asks. */
  passwordFile?: string;
  /** The ssh-agent socket (default `SSH_AUTH_SOCK`); `false` for none. */
  agent?: string | false;
  /** `false` runs each command on an SSH channel of its own (`plesio worker --no-pipelining`); default on. */
  pipelining?: boolean;
}

/**
 * The factory of real workers: an SSH executor per job, with the worker's credentials.
 * @example
 * const factory = sshExecutorFactory({ identityFiles: ['/etc/plesio/fleet_ed25519'] });
 */
export function sshExecutorFactory(credentials: WorkerCredentials = {}): ExecutorFactory<ScanJob> {
  return (job) => sshExecutor(job.target.host, workerSshOptions(job, credentials));
}

/**
 * The SSH executor options of one job: where the job says the host is, with the worker's credentials.
 * @example
 * workerSshOptions(job, { pipelining: false }); // => { ..., pipelining: false }
 */
export function workerSshOptions(job: ScanJob, credentials: WorkerCredentials): SshExecutorOptions {
  const { target, options } = job;
  const identityFiles = [...(target.identityFiles ?? []), ...(credentials.identityFiles ?? [])];
  const knownHostsPath = credentials.knownHostsPath ?? options.knownHostsPath;
  const passwordFile = credentials.passwordFile;
  return {
    ...(target.user !== undefined && { user: target.user }),
    ...(target.port !== undefined && { port: target.port }),
    ...(identityFiles.length > 0 && { identityFiles }),
    ...(credentials.sshConfigPath !== undefined && { configPath: credentials.sshConfigPath }),
    ...(credentials.agent !== undefined && { agent: credentials.agent }),
    ...(knownHostsPath !== undefined && { knownHostsPath }),
    ...(options.hostKeyPolicy !== undefined && { hostKeyPolicy: options.hostKeyPolicy }),
    ...(options.connectTimeoutMs !== undefined && { connectTimeoutMs: options.connectTimeoutMs }),
    ...(options.commandTimeoutMs !== undefined && { commandTimeoutMs: options.commandTimeoutMs }),
    ...(passwordFile !== undefined && { password: () => readSecret(passwordFile) }),
    ...(credentials.pipelining === false && { pipelining: false }),
  };
}
