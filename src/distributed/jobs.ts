/**
 * The payload of one host-scan job: which host, how to scan it, and which run it belongs to. Jobs
 * travel through Redis, which other people and machines can read, so they carry no secrets: workers
 * authenticate with their own agent, keys or credential files. `checkScanJob` enforces that on both
 * sides — before a job is enqueued and again before a worker runs one.
 */
import type { HostKeyPolicy } from '../executors/index.js';
import { PlesioError } from '../errors.js';
import type { PluginRef } from '../fleet/plugins.js';
import { pluginRefsProblem } from './job-plugins.js';

/** The version of the job payload; a worker refuses a job of another version. */
export const JOB_VERSION = 1;

/** Where one host is, as the scanner named it; paths are the worker's. */
export interface JobTarget {
  /** The host's name in results: the target as written, or the inventory name. */
  readonly label: string;
  /** What to connect to: a name, an address or an ssh_config alias (of the worker's ssh config). */
  readonly host: string;
  readonly port?: number;
  readonly user?: string;
  /** Paths of private keys on the worker to try; never key material. */
  readonly identityFiles?: readonly string[];
}

/** How to scan: the options of `plesio scan` that a worker needs, none of them a secret. */
export interface JobScanOptions {
  readonly facts?: readonly string[];
  readonly sudo?: boolean;
  readonly commandTimeoutMs?: number;
  readonly connectTimeoutMs?: number;
  readonly hostKeyPolicy?: HostKeyPolicy;
  /** A known_hosts path on the worker; the worker's own `--known-hosts` wins. */
  readonly knownHostsPath?: string;
  /** Host error codes (e.g. `connect-timeout`) worth another attempt; see `RetryPolicy`. */
  readonly retryOn?: readonly string[];
  /** The plugins the scan loaded, by name, version and content hash: a worker must have exactly these. */
  readonly plugins?: readonly PluginRef[];
  /** Executable local fact files may run (`--local-facts-exec`); only on a worker that allows it too. */
  readonly localFactsExec?: boolean;
}

/** One job: scan `target` with `options`, as host `index` of run `runId`. */
export interface ScanJob {
  readonly v: typeof JOB_VERSION;
  readonly runId: string;
  /** The host's position among the run's targets, for outputs that print in target order. */
  readonly index: number;
  readonly target: JobTarget;
  readonly options: JobScanOptions;
}

/** A job payload is malformed or carries something that looks like a secret. */
export class InvalidJobError extends PlesioError {
  constructor(message: string) {
    super('invalid-job', message);
  }
}

const TARGET_KEYS = new Set(['label', 'host', 'port', 'user', 'identityFiles']);
const OPTION_KEYS = new Set(['facts', 'sudo', 'commandTimeoutMs', 'connectTimeoutMs', 'hostKeyPolicy', 'knownHostsPath', 'retryOn', 'plugins', 'localFactsExec']);
const JOB_KEYS = new Set(['v', 'runId', 'index', 'target', 'options']);
// Names a secret would travel under; refused even before the key is found unknown, for a clear message.
const SECRET_NAME = /pass(word|phrase)?|secret|token|credential|private.?key|^key$|auth/i;
// Key material or a password inside a value: PEM/OpenSSH private keys, `scheme://user:password@`.
const SECRET_VALUE = [/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/, /\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:[^/\s@]+@/i];
const NO_SECRETS = 'jobs carry no secrets: each worker authenticates with its own agent, keys or credential files';

/**
 * Checks a job payload (from a caller or from Redis) and returns it typed. Throws `InvalidJobError`
 * for a malformed payload, an unknown field or anything that looks like a password or a private key.
 * @example
 * const job = checkScanJob({ v: 1, runId: '20250101T000000Z-1a2b3c4d', index: 0, target: { label: 'web1', host: 'web1' }, options: {} });
 */
export function checkScanJob(data: unknown): ScanJob {
  const job = record(data, 'the job');
  onlyKeys(job, JOB_KEYS, 'the job');
  if (job['v'] !== JOB_VERSION) throw new InvalidJobError(`job version ${JSON.stringify(job['v'])} is not supported; this worker runs version ${JOB_VERSION}`);
  const runId = text(job['runId'], 'runId');
  const index = job['index'];
  if (!Number.isSafeInteger(index) || (index as number) < 0) throw new InvalidJobError(`index must be a whole number ≥ 0, not ${JSON.stringify(index)}`);
  const target = record(job['target'], 'target');
  onlyKeys(target, TARGET_KEYS, 'target');
  text(target['label'], 'target.label');
  const host = text(target['host'], 'target.host');
  if (host.includes('@')) throw new InvalidJobError(`target.host ${JSON.stringify(host)} must not contain @: give the user as target.user`);
  if (target['port'] !== undefined) whole(target['port'], 'target.port', 1, 65535);
  if (target['user'] !== undefined && text(target['user'], 'target.user').includes(':')) throw new InvalidJobError(`target.user must not contain ":" (${NO_SECRETS})`);
  if (target['identityFiles'] !== undefined) texts(target['identityFiles'], 'target.identityFiles');
  const options = record(job['options'], 'options');
  onlyKeys(options, OPTION_KEYS, 'options');
  if (options['facts'] !== undefined) texts(options['facts'], 'options.facts');
  if (options['retryOn'] !== undefined) texts(options['retryOn'], 'options.retryOn');
  if (options['sudo'] !== undefined && typeof options['sudo'] !== 'boolean') throw new InvalidJobError('options.sudo must be a boolean');
  if (options['localFactsExec'] !== undefined && typeof options['localFactsExec'] !== 'boolean') throw new InvalidJobError('options.localFactsExec must be a boolean');
  const plugins = options['plugins'] === undefined ? undefined : pluginRefsProblem(options['plugins']);
  if (plugins !== undefined) throw new InvalidJobError(plugins);
  for (const name of ['commandTimeoutMs', 'connectTimeoutMs'] as const) if (options[name] !== undefined) whole(options[name], `options.${name}`, 1, 86_400_000);
  if (options['hostKeyPolicy'] !== undefined && options['hostKeyPolicy'] !== 'strict' && options['hostKeyPolicy'] !== 'accept-new') {
    throw new InvalidJobError(`options.hostKeyPolicy must be "strict" or "accept-new", not ${JSON.stringify(options['hostKeyPolicy'])}`);
  }
  if (options['knownHostsPath'] !== undefined) text(options['knownHostsPath'], 'options.knownHostsPath');
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(runId)) throw new InvalidJobError(`runId ${JSON.stringify(runId)} must be letters, digits, ".", "_" or "-"`);
  return data as ScanJob;
}

function record(value: unknown, name: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidJobError(`${name} must be an object`);
  return value as Record<string, unknown>;
}

function onlyKeys(value: Record<string, unknown>, allowed: ReadonlySet<string>, name: string): void {
  for (const key of Object.keys(value)) {
    if (SECRET_NAME.test(key) && !allowed.has(key)) throw new InvalidJobError(`${name} has a field ${JSON.stringify(key)}: ${NO_SECRETS}`);
    if (!allowed.has(key)) throw new InvalidJobError(`${name} has an unknown field ${JSON.stringify(key)}; known: ${[...allowed].join(', ')}`);
  }
}

function text(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '' || value.length > 4096 || /[\0\n\r]/.test(value)) {
    // A multi-line value is where key material would hide; say so rather than "bad string".
    const secret = typeof value === 'string' && SECRET_VALUE.some((pattern) => pattern.test(value));
    throw new InvalidJobError(secret ? `${name} looks like a secret: ${NO_SECRETS}` : `${name} must be a non-empty one-line string of at most 4096 characters`);
  }
  if (SECRET_VALUE.some((pattern) => pattern.test(value))) throw new InvalidJobError(`${name} looks like a secret: ${NO_SECRETS}`);
  return value;
}

function texts(value: unknown, name: string): void {
  if (!Array.isArray(value)) throw new InvalidJobError(`${name} must be a list of strings`);
  value.forEach((item, i) => text(item, `${name}[${i}]`));
}

function whole(value: unknown, name: string, min: number, max: number): void {
  if (!Number.isSafeInteger(value) || (value as number) < min || (value as number) > max) {
    throw new InvalidJobError(`${name} must be a whole number from ${min} to ${max}, not ${JSON.stringify(value)}`);
  }
}
