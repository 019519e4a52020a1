/**
 * Where `plesio scan --redis`, `plesio results` and `plesio worker` find the Redis URL, which may hold
 * its password: `--redis URL` (visible to every user in `ps`), `--redis-file FILE` (mode 600, checked
 * as `--password-file` is), or the `PLESIO_REDIS` environment variable (readable only by the user
 * and root, in /proc). One source at a time; the URL is never printed with its password.
 */
import { readSecret } from '../executors/secret.js';
import { redactUrl } from '../distributed/connection.js';
import { UsageError } from './usage-error.js';

/** The environment variable every command reads the URL from. */
export const REDIS_ENV = 'PLESIO_REDIS';

/** The options as commander hands them over: `--redis` without a value is `true`. */
export interface RedisFlags {
  redis?: string | true;
  redisFile?: string;
}

/** A URL and where it came from, so a hint can say how to give it again without printing it. */
export interface RedisSource {
  readonly url: string;
  /** `--redis-file FILE`: the file. */
  readonly file?: string;
  /** `$PLESIO_REDIS`. */
  readonly fromEnv?: true;
}

/**
 * True when the flags ask for Redis (`--redis`, with or without a URL, or `--redis-file`).
 * @example
 * wantsRedis({ redisFile: '/etc/plesio/redis.url' }); // => true
 */
export function wantsRedis(flags: RedisFlags): boolean {
  return flags.redis !== undefined || flags.redisFile !== undefined;
}

/**
 * The Redis URL from `--redis URL`, `--redis-file FILE` or `$PLESIO_REDIS`; throws `UsageError` when
 * two are given on the command line, when the file is readable by others, or when there is none.
 * @example
 * const { url } = await redisUrl({ redisFile: '/etc/plesio/redis.url' });
 */
export async function redisUrl(flags: RedisFlags, env: NodeJS.ProcessEnv = process.env): Promise<RedisSource> {
  const given = typeof flags.redis === 'string' ? flags.redis : undefined;
  if (given !== undefined && flags.redisFile !== undefined) throw new UsageError('--redis URL and --redis-file FILE both give the Redis URL; use one');
  if (given !== undefined) return { url: checked(given, '--redis') };
  if (flags.redisFile !== undefined) {
    let text: string;
    try {
      text = await readSecret(flags.redisFile);
    } catch (error) {
      throw new UsageError(`--redis-file: ${(error as Error).message}`, { cause: error });
    }
    return { url: checked(text.trim(), `--redis-file ${flags.redisFile}`), file: flags.redisFile };
  }
  const fromEnv = env[REDIS_ENV]?.trim();
  if (fromEnv !== undefined && fromEnv !== '') return { url: checked(fromEnv, `$${REDIS_ENV}`), fromEnv: true };
  throw new UsageError(`no Redis URL: give --redis URL, --redis-file FILE (mode 600) or set ${REDIS_ENV}`);
}

/** A URL must be one line: a file with more would otherwise hand the rest to Redis as part of it. */
function checked(url: string, where: string): string {
  if (url === '' || /[\s]/.test(url)) throw new UsageError(`${where}: the Redis URL must be one word without blanks, e.g. redis://127.0.0.1:6379 (got ${JSON.stringify(redactUrl(url))})`);
  return url;
}
