/**
 * README's plugin in distributed mode, with the built CLI, a real Redis and a real sshd: `plesio
 * worker --plugin` scans the jobs of `plesio scan --redis --plugin` with the plugin's facts; a job of
 * another version of the plugin fails with plugin-mismatch while the worker lives on; nothing of the
 * plugin's code is in Redis.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { HostReport } from '../../src/hosts/report.js';
import { startRedis, type TestRedis } from '../distributed/redis.js';
import { startSshd, type TestSshd } from '../support/sshd.js';
import { E2E_TIMEOUT_MS, ensureBuilt, finished, runCli, spawnCli, tempDir } from './helpers.js';
import { here, pluginProject, readmeFile, type PluginProject } from './plugin-project.js';

let redis: TestRedis;
let sshd: TestSshd;
let home: { dir: string; remove: () => Promise<void> };
let project: PluginProject;

beforeAll(async () => {
  [, redis, sshd, home, project] = await Promise.all([ensureBuilt(), startRedis(), startSshd(), tempDir(), pluginProject()]);
}, E2E_TIMEOUT_MS);
afterAll(async () => {
  await Promise.all([redis?.stop(), sshd?.stop()]);
  await home?.remove();
  await project?.remove();
});

describe('plesio worker --plugin', { timeout: E2E_TIMEOUT_MS }, () => {
  test('runs the jobs of scans that loaded the same plugin, and fails others with plugin-mismatch', async () => {
    // Another version of README's plugin, as a scanning machine not yet updated would have.
    await project.write('acme-1.3.mjs', readmeFile('acme.mjs').replace("version: '1.2.0'", "version: '1.3.0'"));
    const worker = spawnCli(['worker', '--redis', redis.url, '--queue', 'plugins', '-i', sshd.clientKeyPath, '--known-hosts', sshd.knownHostsPath, '--plugin', './acme.mjs', '--grace', '5s'], { home: home.dir, cwd: project.dir });
    const stopped = finished(worker, E2E_TIMEOUT_MS - 10_000);
    const target = `root@127.0.0.1:${sshd.port}`;
    try {
      const scan = (plugin: string) => runCli(['scan', '--redis', redis.url, '--queue', 'plugins', target, '--plugin', plugin, '--facts', 'timezone,hostname', '-q'], { home: home.dir, cwd: project.dir });
      const good = await scan('./acme.mjs');
      expect(good.code).toBe(0);
      const [report] = JSON.parse(good.stdout) as HostReport[];
      expect(report).toMatchObject({ host: target, status: 'ok', facts: { timezone: here('date', ['+%Z']), hostname: expect.any(String) } });

      const other = await scan('./acme-1.3.mjs');
      expect(other.code).toBe(2);
      const [refused] = JSON.parse(other.stdout) as HostReport[];
      expect(refused!.status).toBe('failed');
      expect(refused!.error!.code).toBe('plugin-mismatch');
      expect(refused!.error!.message).toMatch(/^the job's plugins differ from this worker's: it needs acme@1\.3\.0 \(sha256:[0-9a-f]{12}…\), this worker has acme@1\.2\.0 \(sha256:[0-9a-f]{12}…\); start workers with the same --plugin files as the scan$/);

      // The worker lives on: the next job of the right plugin is scanned.
      expect((await scan('./acme.mjs')).code).toBe(0);
      // Jobs name the plugin; its code is nowhere in Redis.
      const jobs = execFileSync('redis-cli', ['-p', String(redis.port), '--raw', 'EVAL', "local out = {} for _, k in ipairs(redis.call('KEYS', 'bull:plugins:*')) do if redis.call('TYPE', k).ok == 'hash' then local d = redis.call('HGET', k, 'data') if d then table.insert(out, d) end end end return out", '0'], { encoding: 'utf8' });
      expect(jobs).toContain('"plugins":[{"name":"acme","version":"1.2.0","hash":"sha256:');
      expect(jobs).not.toContain('date +%Z');
      expect(jobs).not.toContain('definePlugin');
    } finally {
      worker.kill('SIGTERM');
    }
    const run = await stopped;
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(new RegExp(`takes jobs from queue plugins at redis://127\\.0\\.0\\.1:\\d+, 32 at a time, with plugins acme@1\\.2\\.0 \\(${project.dir}/acme\\.mjs\\)`));
    expect(run.stderr).toMatch(new RegExp(`plesio worker: ${target.replace(/[.[\]]/g, '\\$&')} refused: plugin-mismatch: the job's plugins differ`));
  });
});
