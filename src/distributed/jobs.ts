/**
 * The payload of one host-scan job: which host, how to scan it, and which run it belongs to. Anyone
 * who can write to the Redis instance can write a job, so a job is untrusted input: it carries no
 * secret, never names a file on the worker (no key, no known_hosts), and can only make host-key
 * checking stricter than the worker's. `checkScanJob` enforces the shape on both sides — before a job
 * is enqueued and again before a worker runs one; the worker's own limits (its host-key policy, the
 * targets it may reach) are checked by its executor factory (`executor-factory.ts`).
 *
 * Fields are declared in tables (`TARGET_FIELDS`, `OPTION_FIELDS`): a new field is one line there,
 * with its check.
 */
import { isIP } from 'node:net';
import type { HostKeyPolicy } from '../executors/index.js';
import { PlesioError } from '../errors.js';
import type { PluginRef } from '../fleet/plugins.js';
import { pluginRefsProblem } from './job-plugins.js';

/**
 * The version of the job payload; a worker refuses a job of another version. Version 2 dropped
 * `target.identityFiles` and `options.knownHostsPath`: a job named files on the worker.
 */
export const JOB_VERSION = 2;

/** Where one host is, as the scanner named it. */
export interface JobTarget {
  /** The host's name in results: the target as written, or the inventory name. */
  readonly label: string;
  /** What to connect to: a name, an address or an ssh_config alias (of the worker's ssh config). */
  readonly host: string;
  readonly port?: number;
  readonly user?: string;
}

/** How to scan: the options of `plesio scan` that a worker needs, none of them a secret or a path. */
export interface JobScanOptions {
  readonly facts?: readonly string[];
  readonly sudo?: boolean;
  readonly commandTimeoutMs?: number;
  readonly connectTimeoutMs?: number;
  /** Only `strict` changes anything: a job may make the worker's checking stricter, never looser. */
  readonly hostKeyPolicy?: HostKeyPolicy;
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

/** A job payload is malformed, carries something that looks like a secret, or asks for more than its worker allows. */
export class InvalidJobError extends PlesioError {
  constructor(message: string) {
    super('invalid-job', message);
  }
}

/** Checks one field's value; throws `InvalidJobError` naming `name`. */
type FieldCheck = (value: unknown, name: string) => void;

interface Field {
  readonly check: FieldCheck;
  readonly required?: true;
}

// Names, addresses and aliases as plesio's targets take them (no `host:port`, no leading `-`), or an
// IPv6 address; `%` for an IPv6 zone.
const HOST = /^[A-Za-z0-9_][A-Za-z0-9._%-]*$/;
const USER = /^[A-Za-z0-9_.][A-Za-z0-9_.$-]*$/;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
// More than any real run: a list past it is a hostile job, refused before anything walks it.
const MAX_LIST = 256;
const MAX_INDEX = 10_000_000;
const NO_SECRETS = 'jobs carry no secrets: each worker authenticates with its own agent, keys or credential files';
const NO_PATHS = 'jobs never name files on the worker: give the worker its keys and known_hosts (plesio worker -i FILE --known-hosts FILE)';

const line: FieldCheck = (value, name) => void text(value, name);
const host: FieldCheck = (value, name) => {
  const given = text(value, name, 255);
  if (given.includes('@')) throw new InvalidJobError(`${name} ${JSON.stringify(given)} must not contain @: give the user as target.user`);
  if (!HOST.test(given) && isIP(given.replace(/%.*$/, '')) !== 6) {
    throw new InvalidJobError(`${name} ${JSON.stringify(given)} is not a host name, an address or an alias (letters, digits, ".", "_", "-"; no port, no leading "-")`);
  }
};
const user: FieldCheck = (value, name) => {
  const given = text(value, name, 255);
  if (given.includes(':')) throw new InvalidJobError(`${name} must not contain ":" (${NO_SECRETS})`);
  if (!USER.test(given)) throw new InvalidJobError(`${name} ${JSON.stringify(given)} is not a user name`);
};
const names: FieldCheck = (value, name) => {
  if (!Array.isArray(value) || value.length > MAX_LIST) throw new InvalidJobError(`${name} must be a list of at most ${MAX_LIST} names`);
  value.forEach((item, i) => {
    if (!NAME.test(text(item, `${name}[${i}]`, 100))) throw new InvalidJobError(`${name}[${i}] ${JSON.stringify(item)} is not a name (letters, digits, ".", "_", "-")`);
  });
};
const boolean: FieldCheck = (value, name) => {
  if (typeof value !== 'boolean') throw new InvalidJobError(`${name} must be true or false, not ${JSON.stringify(value)}`);
};
const whole = (min: number, max: number): FieldCheck => (value, name) => {
  if (!Number.isSafeInteger(value) || (value as number) < min || (value as number) > max) {
    throw new InvalidJobError(`${name} must be a whole number from ${min} to ${max}, not ${JSON.stringify(value)}`);
  }
};
const plugins: FieldCheck = (value) => {
  const problem = pluginRefsProblem(value);
  if (problem !== undefined) throw new InvalidJobError(problem);
};
const oneOf = (...allowed: string[]): FieldCheck => (value, name) => {
  if (typeof value !== 'string' || !allowed.includes(value)) throw new InvalidJobError(`${name} must be ${allowed.map((a) => JSON.stringify(a)).join(' or ')}, not ${JSON.stringify(value)}`);
};

const TARGET_FIELDS: Readonly<Record<string, Field>> = {
  label: { check: line, required: true },
  host: { check: host, required: true },
  port: { check: whole(1, 65535) },
  user: { check: user },
};

const OPTION_FIELDS: Readonly<Record<string, Field>> = {
  facts: { check: names },
  sudo: { check: boolean },
  commandTimeoutMs: { check: whole(1, 86_400_000) },
  connectTimeoutMs: { check: whole(1, 86_400_000) },
  hostKeyPolicy: { check: oneOf('strict', 'accept-new') },
  retryOn: { check: names },
  plugins: { check: plugins },
  localFactsExec: { check: boolean },
};

/** Fields earlier versions had, and why a job may not carry them any more. */
const WITHDRAWN: Readonly<Record<string, string>> = {
  identityFiles: NO_PATHS,
  knownHostsPath: NO_PATHS,
};

const JOB_KEYS = new Set(['v', 'runId', 'index', 'target', 'options']);
// Names a secret would travel under; refused even before the key is found unknown, for a clear message.
const SECRET_NAME = /pass(word|phrase)?|secret|token|credential|private.?key|^key$|auth/i;
// Private key material (PEM or OpenSSH); bounded, so a hostile value cannot make the search slow.
const PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY-----/;
// After a `://`: `user:password@`.
const URL_PASSWORD = /^[^/\s:@]*:[^/\s@]+@/;
// Values longer than this are refused for their length alone, before any search.
const MAX_SEARCHED = 65_536;

/**
 * Checks a job payload (from a caller or from Redis) and returns it typed. Throws `InvalidJobError`
 * for a malformed payload, an unknown or withdrawn field, a file path, or anything that looks like a
 * password or a private key.
 * @example
 * const job = checkScanJob({ v: 2, runId: '20250101T000000Z-1a2b3c4d', index: 0, target: { label: 'web1', host: 'web1' }, options: {} });
 */
export function checkScanJob(data: unknown): ScanJob {
  const job = record(data, 'the job');
  if (job['v'] !== JOB_VERSION) throw new InvalidJobError(`job version ${JSON.stringify(job['v'])} is not supported; this worker runs version ${JOB_VERSION} (upgrade the scanner and the workers together)`);
  for (const key of Object.keys(job)) if (!JOB_KEYS.has(key)) unknownField(key, 'the job', JOB_KEYS);
  const runId = text(job['runId'], 'runId', 64);
  if (!RUN_ID.test(runId)) throw new InvalidJobError(`runId ${JSON.stringify(runId)} must be letters, digits, ".", "_" or "-"`);
  whole(0, MAX_INDEX)(job['index'], 'index');
  fields(record(job['target'], 'target'), TARGET_FIELDS, 'target');
  fields(record(job['options'], 'options'), OPTION_FIELDS, 'options');
  return data as ScanJob;
}

function fields(value: Record<string, unknown>, table: Readonly<Record<string, Field>>, name: string): void {
  for (const key of Object.keys(value)) if (!Object.hasOwn(table, key)) unknownField(key, name, Object.keys(table));
  for (const [key, field] of Object.entries(table)) {
    if (value[key] !== undefined) field.check(value[key], `${name}.${key}`);
    else if (field.required === true) throw new InvalidJobError(`${name}.${key} is missing`);
  }
}

function unknownField(key: string, name: string, known: Iterable<string>): never {
  if (Object.hasOwn(WITHDRAWN, key)) throw new InvalidJobError(`${name} has a field ${JSON.stringify(key)}: ${WITHDRAWN[key]}`);
  if (SECRET_NAME.test(key)) throw new InvalidJobError(`${name} has a field ${JSON.stringify(key)}: ${NO_SECRETS}`);
  throw new InvalidJobError(`${name} has an unknown field ${JSON.stringify(key.slice(0, 100))}; known: ${[...known].join(', ')}`);
}

function record(value: unknown, name: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidJobError(`${name} must be an object`);
  return value as Record<string, unknown>;
}

function text(value: unknown, name: string, max = 4096): string {
  const searched = typeof value === 'string' && value.length <= MAX_SEARCHED;
  // Before the shape: a multi-line value is where key material hides; say so rather than "bad string".
  if (searched && looksSecret(value)) throw new InvalidJobError(`${name} looks like a secret: ${NO_SECRETS}`);
  if (typeof value !== 'string' || value === '' || value.length > max || /[\0\n\r]/.test(value)) {
    throw new InvalidJobError(`${name} must be a non-empty one-line string of at most ${max} characters`);
  }
  return value;
}

/** Key material or `scheme://user:password@` anywhere in `value`, in time linear in its length. */
function looksSecret(value: string): boolean {
  if (PRIVATE_KEY.test(value)) return true;
  for (let at = value.indexOf('://'); at !== -1; at = value.indexOf('://', at + 3)) {
    if (URL_PASSWORD.test(value.slice(at + 3, at + 1027))) return true;
  }
  return false;
}
