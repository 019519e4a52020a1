/**
 * The Redis URL (issue 13.8): `--redis URL`, `--redis-file FILE` (mode 600, as `--password-file`) or
 * `$PLESIO_REDIS`, the same for `plesio scan --redis`, `results` and `worker`; and never its password
 * in what plesio prints — errors, the `--detach` hint, the worker's log — against a Redis that
 * requires one.
 */
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactUrl } from '../../src/distributed/connection.js';
import { redisUrl } from '../../src/cli/redis-url.js';
import { resultsCommand } from '../../src/cli/results-output.js';
import { UsageError } from '../../src/cli/usage-error.js';
import { startRedis, type TestRedis } from '../distributed/redis.js';
import { E2E_TIMEOUT_MS, ensureBuilt, finished, runCli, spawnCli, tempDir } from './helpers.js';

const PASSWORD = 'hunter2-0f8c';
let redis: TestRedis;
let dir: string;
let remove: () => Promise<void>;
let urlFile: string;

beforeAll(async () => {
  [redis, { dir, remove }] = await Promise.all([startRedis({ password: PASSWORD }), tempDir('plesio-redis-url-'), ensureBuilt()]);
  urlFile = join(dir, 'redis.url');
  await writeFile(urlFile, `${redis.url}\n`, { mode: 0o600 });
}, E2E_TIMEOUT_MS);
afterAll(async () => {
  await redis?.stop();
  await remove?.();
});

describe('redisUrl', () => {
  it('takes the URL from --redis, --redis-file or $PLESIO_REDIS, one at a time', async () => {
    expect(await redisUrl({ redis: 'redis://a:6379' }, {})).toEqual({ url: 'redis://a:6379' });
    expect(await redisUrl({ redisFile: urlFile }, { PLESIO_REDIS: 'redis://ignored:1' })).toEqual({ url: redis.url, file: urlFile });
    expect(await redisUrl({}, { PLESIO_REDIS: ' redis://env:6379 ' })).toEqual({ url: 'redis://env:6379', fromEnv: true });
    // `plesio scan --redis` without a URL reads the others.
    expect(await redisUrl({ redis: true }, { PLESIO_REDIS: 'redis://env:6379' })).toEqual({ url: 'redis://env:6379', fromEnv: true });
    await expect(redisUrl({}, {})).rejects.toThrow(/no Redis URL: give --redis URL, --redis-file FILE \(mode 600\) or set PLESIO_REDIS/);
    await expect(redisUrl({ redis: 'redis://a', redisFile: urlFile }, {})).rejects.toThrow(/--redis URL and --redis-file FILE both give the Redis URL; use one/);
  });

  it('refuses a --redis-file others can read, and a file of more than one word, without showing the password', async () => {
    const open = join(dir, 'open.url');
    await writeFile(open, redis.url);
    await chmod(open, 0o644);
    const refused = redisUrl({ redisFile: open }, {});
    await expect(refused).rejects.toThrow(UsageError);
    await expect(refused).rejects.toThrow(/--redis-file: .*open\.url is accessible by other users \(mode 644\); restrict it with chmod 600/);
    const twoLines = join(dir, 'two.url');
    await writeFile(twoLines, `redis://:${PASSWORD}@db:6379\nredis://other\n`, { mode: 0o600 });
    const error = await redisUrl({ redisFile: twoLines }, {}).catch((e: Error) => e);
    expect(String(error)).toMatch(/must be one word without blanks/);
    expect(String(error)).not.toContain(PASSWORD);
  });

  it('names the command that collects a run later as the URL was given, never with its password', () => {
    const url = `redis://:${PASSWORD}@db:6379`;
    expect(resultsCommand('R', { url, fromEnv: true }, 'dmz')).toBe('plesio results R --queue dmz');
    expect(resultsCommand('R', { url, file: '/etc/plesio/redis.url' }, 'plesio')).toBe('plesio results R --redis-file /etc/plesio/redis.url');
    expect(resultsCommand('R', { url }, 'plesio')).toBe("plesio results R --redis 'redis://:***@db:6379' (with the password in place of ***, or the URL in PLESIO_REDIS or a --redis-file)");
  });

  it('redacts a password wherever the URL holds it', () => {
    expect(redactUrl('redis://:p@ss/w?rd@db:6379/0')).toBe('redis://:***@db:6379/0');
    expect(redactUrl('rediss://user:pw@db:6380')).toBe('rediss://user:***@db:6380');
    expect(redactUrl('redis://db:6379/0?password=hunter2&db=1')).toBe('redis://db:6379/0?password=***&db=1');
    expect(redactUrl('redis://user@db:6379')).toBe('redis://user@db:6379');
  });
});

describe('the commands with a Redis that requires a password', { timeout: E2E_TIMEOUT_MS }, () => {
  it('scan --redis-file --detach, worker with $PLESIO_REDIS and results --redis-file work, and none prints the password', async () => {
    const worker = spawnCli(['worker', '--queue', 'url', '-F', '/dev/null'], { home: dir, env: { PLESIO_REDIS: redis.url } });
    const stopped = finished(worker, E2E_TIMEOUT_MS - 20_000);
    try {
      const scan = await runCli(['scan', '--redis-file', urlFile, '--queue', 'url', '--detach', 'nobody@127.0.0.1:1'], { home: dir });
      expect(scan.stderr).toContain(`collect the results with: plesio results ${scan.stdout.trim()} --redis-file ${urlFile} --queue url`);
      expect(scan.code).toBe(0);
      const results = await runCli(['results', scan.stdout.trim(), '--queue', 'url', '--redis-file', urlFile], { home: dir });
      expect(results.code).toBe(2);
      expect(JSON.parse(results.stdout)).toMatchObject([{ host: 'nobody@127.0.0.1:1', status: 'failed' }]);
      for (const run of [scan, results]) expect(run.stdout + run.stderr).not.toContain(PASSWORD);
    } finally {
      worker.kill('SIGTERM');
    }
    const { stderr } = await stopped;
    expect(stderr).toMatch(/takes jobs from queue url at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+/);
    expect(stderr).not.toContain(PASSWORD);
  });

  it('says which Redis it cannot reach without its password', async () => {
    const run = await runCli(['results', '20250101T000000Z-00000000', '--redis', `redis://:${PASSWORD}@127.0.0.1:${redis.port + 1}`], { home: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+/);
    expect(run.stderr).not.toContain(PASSWORD);
  });
});
