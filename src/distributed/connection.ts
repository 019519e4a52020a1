/**
 * Reaching Redis: the `--redis URL` and `--queue NAME` options checked once, the BullMQ connection
 * built from them, and a readiness wait that fails in seconds (with the reason) instead of retrying
 * forever when Redis is down. A URL may hold the Redis password, so messages show it redacted.
 */
import type { ConnectionOptions } from 'bullmq';
import { PlesioError } from '../errors.js';

/** The queue `--queue` defaults to. */
export const DEFAULT_QUEUE = 'plesio';

/** Redis could not be reached, or a Redis option is malformed. */
export class RedisUnavailableError extends PlesioError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('redis', message, options);
  }
}

/**
 * The BullMQ connection options for a `redis://` or `rediss://` URL. BullMQ opens (and closes) its
 * own connections from them: a worker needs a blocking one besides the ordinary one.
 * @example
 * const connection = redisConnection('redis://127.0.0.1:6379/0');
 */
export function redisConnection(url: string): ConnectionOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RedisUnavailableError(`--redis ${JSON.stringify(redactUrl(url))} is not a URL; write e.g. redis://127.0.0.1:6379 or rediss://user:password@redis.example:6380/0`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new RedisUnavailableError(`--redis ${redactUrl(url)}: the scheme must be redis:// or rediss:// (TLS), not ${parsed.protocol}//`);
  }
  // A short connect timeout: an unreachable Redis should be reported, not waited on for minutes.
  return { url, connectTimeout: 5_000 };
}

/**
 * The URL without its password, for messages and logs.
 * @example
 * redactUrl('redis://:hunter2@db:6379'); // => 'redis://:***@db:6379'
 * redactUrl('redis://db:6379/0?password=hunter2'); // => 'redis://db:6379/0?password=***'
 */
export function redactUrl(url: string): string {
  let shown = url;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url)?.[0];
  if (scheme !== undefined) {
    // The user info ends at the *last* @: a password written unencoded may hold @, / or ? itself.
    const rest = url.slice(scheme.length);
    const at = rest.lastIndexOf('@');
    const colon = rest.indexOf(':');
    if (at !== -1 && colon !== -1 && colon < at) shown = `${scheme}${rest.slice(0, colon)}:***@${rest.slice(at + 1)}`;
  }
  // ioredis also takes the password from the query (`?password=…`).
  return shown.replace(/([?&]password=)[^&#]*/gi, '$1***');
}

/**
 * Checks a queue name: BullMQ keys are `bull:<queue>:…`, so a colon would break them.
 * @example
 * checkQueueName('plesio-eu'); // => 'plesio-eu'
 */
export function checkQueueName(name: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(name)) {
    throw new RedisUnavailableError(`--queue ${JSON.stringify(name)} must be letters, digits, ".", "_" or "-" (at most 100)`);
  }
  return name;
}

/** Anything BullMQ that connects: a Queue, a Worker, QueueEvents. */
interface Connecting {
  waitUntilReady(): Promise<unknown>;
  on(event: 'error', listener: (error: Error) => void): unknown;
  off(event: 'error', listener: (error: Error) => void): unknown;
}

/** Waiting for Redis was interrupted (SIGINT, SIGTERM: the caller's signal) before it answered. */
export class RedisWaitInterruptedError extends PlesioError {
  constructor(url: string, reason: unknown) {
    super('interrupted', `interrupted by ${typeof reason === 'string' ? reason : 'a signal'} while connecting to Redis at ${redactUrl(url)}`);
  }
}

/**
 * Resolves once `client` is connected; rejects with `RedisUnavailableError` (naming the last
 * connection error) after `timeoutMs`, or with `RedisWaitInterruptedError` as soon as `signal`
 * aborts. The client keeps retrying afterwards; the caller closes it.
 * @example
 * await whenReady(queue, url, 10_000, interrupt);
 */
export async function whenReady(client: Connecting, url: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  let last: Error | undefined;
  const remember = (error: Error): void => {
    last = error;
  };
  client.on('error', remember);
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const reason = last === undefined ? 'no answer' : last.message;
      reject(new RedisUnavailableError(`cannot reach Redis at ${redactUrl(url)} within ${Math.round(timeoutMs / 1000)} s: ${reason}`, { cause: last }));
    }, timeoutMs);
    // A person who presses Ctrl-C while Redis does not answer wants out now, not after the timeout.
    onAbort = () => reject(new RedisWaitInterruptedError(url, signal?.reason));
    if (signal?.aborted === true) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([client.waitUntilReady(), timeout]);
  } finally {
    clearTimeout(timer);
    if (onAbort !== undefined) signal?.removeEventListener('abort', onAbort);
    client.off('error', remember);
  }
}
