/**
 * Job payloads without Redis: what a job may carry (targets and scan options), what it may never carry
 * (passwords, key material), job ids, run ids and the retry decision.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanJobs } from '../../src/distributed/enqueue.js';
import { checkScanJob, InvalidJobError, JOB_VERSION } from '../../src/distributed/jobs.js';
import { checkJobPlugins, PluginMismatchError } from '../../src/distributed/job-plugins.js';
import { DEFAULT_RETRY, retryPolicy, shouldRetry } from '../../src/distributed/retry.js';
import { newRunId } from '../../src/history/run-id.js';
import { checkRunId, InvalidRunError, jobIdFor } from '../../src/distributed/runs.js';
import { redactUrl, redisConnection } from '../../src/distributed/connection.js';
import type { Job } from 'bullmq';
import type { HostReport } from '../../src/hosts/report.js';
import { jobOutcome } from '../../src/distributed/outcome.js';
import type { ScanJob } from '../../src/distributed/jobs.js';

const RUN = '20250601T120000Z-9f3a21bc';
const HASH = `sha256:${'0123456789abcdef'.repeat(4)}`;
const job = (patch: Record<string, unknown> = {}): Record<string, unknown> => ({ v: JOB_VERSION, runId: RUN, index: 0, target: { label: 'web1', host: 'web1' }, options: {}, ...patch });

describe('checkScanJob', () => {
  it('accepts a job with a full target and every scan option', () => {
    const full = job({
      target: { label: 'db1:2222', host: 'db1.example.net', port: 2222, user: 'deploy' },
      options: {
        facts: ['os', 'cpu', 'timezone'], sudo: true, commandTimeoutMs: 30_000, connectTimeoutMs: 10_000, hostKeyPolicy: 'strict', retryOn: ['unreachable'],
        plugins: [{ name: '@acme/facts', version: '1.2.0', hash: HASH }], localFactsExec: true,
      },
    });
    expect(checkScanJob(full)).toBe(full);
    expect(checkScanJob(job({ target: { label: 'v6', host: 'fe80::1%eth0' } }))).toBeTruthy();
  });

  it.each([
    ['a password field', job({ options: { password: 'hunter2' } }), /options has a field "password": jobs carry no secrets/],
    ['a passphrase in the target', job({ target: { label: 'a', host: 'a', passphrase: 'x' } }), /field "passphrase": jobs carry no secrets/],
    ['a private key as a label', job({ target: { label: '-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn…\n-----END OPENSSH PRIVATE KEY-----', host: 'a' } }), /target.label looks like a secret/],
    // Issue 13.1: a job named key files and a known_hosts file on the worker, which obeyed.
    ['an identity file of the worker', job({ target: { label: 'a', host: 'a', identityFiles: ['/root/.ssh/id_ed25519'] } }), /target has a field "identityFiles": jobs never name files on the worker/],
    ['a known_hosts file of the worker', job({ options: { knownHostsPath: '/tmp/evil/known_hosts' } }), /options has a field "knownHostsPath": jobs never name files on the worker/],
    ['a job of version 1', { ...job(), v: 1 }, /job version 1 is not supported; this worker runs version 2/],
    ['a host that reads as an option', job({ target: { label: 'a', host: '-oProxyCommand=sh' } }), /target.host "-oProxyCommand=sh" is not a host name/],
    ['a host with a port', job({ target: { label: 'a', host: 'web1:2222' } }), /is not a host name, an address or an alias/],
    ['a host with a blank', job({ target: { label: 'a', host: 'web1 web2' } }), /is not a host name/],
    ['a host-key policy of another name', job({ options: { hostKeyPolicy: 'no' } }), /options.hostKeyPolicy must be "strict" or "accept-new", not "no"/],
    ['a fact list of a million names', job({ options: { facts: Array(1_000_000).fill('os') } }), /options.facts must be a list of at most 256 names/],
    ['a fact that is not a name', job({ options: { facts: ['os; rm -rf /'] } }), /options.facts\[0\] "os; rm -rf \/" is not a name/],
    ['a missing host', job({ target: { label: 'a' } }), /target.host is missing/],
    ['a job that is not an object', 'scan web1', /the job must be an object/],
    ['an index past any run', job({ index: 1e12 }), /index must be a whole number from 0 to 10000000/],
    ['a label of a megabyte', job({ target: { label: 'a.'.repeat(500_000), host: 'a' } }), /target.label must be a non-empty one-line string of at most 4096 characters/],
    ['a password in a URL-like host', job({ target: { label: 'a', host: 'ssh://root:hunter2@a' } }), /must not contain @|looks like a secret/],
    ['user:password as the user', job({ target: { label: 'a', host: 'a', user: 'root:hunter2' } }), /target.user must not contain ":"/],
    ['an unknown option', job({ options: { forward: true } }), /unknown field "forward"/],
    ['another version', job({ v: 3 }), /job version 3 is not supported/],
    ['a bad port', job({ target: { label: 'a', host: 'a', port: 70000 } }), /target.port must be a whole number from 1 to 65535/],
    ['a plugin carrying its code', job({ options: { plugins: [{ name: 'acme', version: '1', hash: HASH, source: 'export default …' }] } }), /options.plugins\[0\] has an unknown field "source"; a job names plugins, it never carries them/],
    ['a plugin without a content hash', job({ options: { plugins: [{ name: 'acme', version: '1' }] } }), /options.plugins\[0\].hash must be sha256: and 64 hexadecimal digits/],
    ['a plugin named twice', job({ options: { plugins: [{ name: 'acme', version: '1', hash: HASH }, { name: 'acme', version: '2', hash: HASH }] } }), /options.plugins\[1\] names "acme" twice/],
    ['plugins that are not a list', job({ options: { plugins: 'acme' } }), /options.plugins must be a list/],
    ['a local-facts permission that is not a boolean', job({ options: { localFactsExec: 'yes' } }), /options.localFactsExec must be true or false, not "yes"/],
  ])('refuses %s', (_, data, message) => {
    expect(() => checkScanJob(data)).toThrow(InvalidJobError);
    expect(() => checkScanJob(data)).toThrow(message);
  });

  it('refuses private key material in any string field of a job', () => {
    const key = fc.constantFrom('-----BEGIN RSA PRIVATE KEY-----', '-----BEGIN OPENSSH PRIVATE KEY-----', '-----BEGIN PRIVATE KEY-----');
    const field = fc.constantFrom('label', 'host', 'user', 'fact', 'retryOn');
    fc.assert(fc.property(key, field, fc.string({ maxLength: 8 }), (pem, where, pad) => {
      const text = `${pad.replace(/[@:\n\r\0]/g, '')}${pem}`;
      const target: Record<string, unknown> = { label: 'a', host: 'a' };
      const options: Record<string, unknown> = {};
      if (where === 'fact') options['facts'] = [text];
      else if (where === 'retryOn') options['retryOn'] = [text];
      else target[where] = text;
      expect(() => checkScanJob(job({ target, options }))).toThrow(/looks like a secret/);
    }));
  });
});

describe('checkJobPlugins', () => {
  const acme = { name: 'acme', version: '1.2.0', hash: HASH };
  it('accepts exactly the plugins the job names, in any order', () => {
    const other = { name: 'other', version: '3', hash: `sha256:${'f'.repeat(64)}` };
    expect(() => checkJobPlugins([acme, other], [other, acme])).not.toThrow();
    expect(() => checkJobPlugins([], [])).not.toThrow();
  });

  it('refuses a missing plugin, another version or content, and a plugin the job does not name', () => {
    expect(() => checkJobPlugins([acme], [])).toThrow(PluginMismatchError);
    expect(() => checkJobPlugins([acme], [])).toThrow('the job\'s plugins differ from this worker\'s: it needs acme@1.2.0 (sha256:0123456789ab…), which this worker has not loaded; start workers with the same --plugin files as the scan');
    expect(() => checkJobPlugins([acme], [{ ...acme, hash: `sha256:${'e'.repeat(64)}` }])).toThrow(/it needs acme@1.2.0 \(sha256:0123456789ab…\), this worker has acme@1.2.0 \(sha256:eeeeeeeeeeee…\)/);
    expect(() => checkJobPlugins([acme], [{ ...acme, version: '1.3.0' }])).toThrow(/this worker has acme@1.3.0/);
    expect(() => checkJobPlugins([], [acme])).toThrow(/this worker also loads acme@1.2.0 \(sha256:0123456789ab…\), which the job does not name/);
  });
});

describe('scanJobs', () => {
  it('builds checked jobs in target order and refuses a host listed twice', () => {
    const jobs = scanJobs(RUN, [{ label: 'a', host: 'a' }, { label: 'b', host: 'b', port: undefined }], { sudo: true });
    expect(jobs.map((j) => [j.index, j.target])).toEqual([[0, { label: 'a', host: 'a' }], [1, { label: 'b', host: 'b' }]]);
    expect(() => scanJobs(RUN, [{ label: 'a', host: 'a' }, { label: 'a', host: 'b' }], {})).toThrow(/listed twice/);
    expect(() => scanJobs(RUN, [{ label: 'a', host: 'a' }], { facts: ['nope'] })).toThrow(/unknown fact "nope"/);
    // A plugin's fact is known to a run that names the plugin's facts; default selects the default ones.
    expect(() => scanJobs(RUN, [{ label: 'a', host: 'a' }], { facts: ['nginx'] })).toThrow(/unknown fact "nginx"; see plesio facts --list \(a fact of a plugin needs its plugin: --plugin\)/);
    expect(scanJobs(RUN, [{ label: 'a', host: 'a' }], { facts: ['default', 'nginx'] }, ['os', 'nginx'])[0]!.options.facts).toEqual(['default', 'nginx']);
    // A typed library error, with the code the CLI turns into a usage error.
    expect(() => scanJobs(RUN, [{ label: 'a', host: 'a' }], { facts: ['nope'] })).toThrow(expect.objectContaining({ name: 'InvalidRunError', code: 'usage' }));
  });
});

describe('run and job ids', () => {
  it('makes sortable run ids and job ids without a colon, one per host and run', () => {
    expect(newRunId(new Date('2025-06-01T12:00:00.123Z'))).toMatch(/^20250601T120000Z-[0-9a-f]{8}$/);
    expect(checkRunId(newRunId())).toBeTruthy();
    expect(() => checkRunId('../x')).toThrow(/run id/);
    expect(() => checkRunId('../x')).toThrow(InvalidRunError);
    fc.assert(fc.property(fc.string({ minLength: 1 }), (label) => {
      const id = jobIdFor(RUN, label);
      expect(id).not.toContain(':');
      expect(decodeURIComponent(id.slice(RUN.length + 1))).toBe(label);
    }));
  });
});

describe('results written into Redis by hand', () => {
  it('takes no report of another host as the result of this one', () => {
    const forged = { id: 'run/web1', attemptsMade: 1, processedBy: 'w', returnvalue: { host: 'db1', status: 'ok', error: null, facts: { os: 'forged' }, sources: {}, duration_ms: 1 } } as unknown as Job<ScanJob, HostReport>;
    expect(jobOutcome(forged, 'completed', 'web1', 0).report).toMatchObject({ host: 'web1', status: 'failed', error: { code: 'job-failed', message: 'the job completed without a report of this host' } });
  });
});

describe('the retry policy', () => {
  const failed = (code: string): HostReport => ({ host: 'a', status: 'failed', error: { code, message: '' }, facts: {}, sources: {}, duration_ms: 0 });

  it('retries only listed codes, and only while attempts remain', () => {
    expect(shouldRetry(failed('unreachable'), 0, 2, DEFAULT_RETRY.retryOn)).toBe(true);
    expect(shouldRetry(failed('unreachable'), 1, 2, DEFAULT_RETRY.retryOn)).toBe(false);
    expect(shouldRetry(failed('auth'), 0, 5, DEFAULT_RETRY.retryOn)).toBe(false);
    expect(shouldRetry({ ...failed('x'), status: 'partial', error: null }, 0, 5, ['x'])).toBe(false);
  });

  it('checks a policy and fills in the defaults', () => {
    expect(retryPolicy({ attempts: 3 })).toEqual({ ...DEFAULT_RETRY, attempts: 3 });
    expect(() => retryPolicy({ attempts: 0 })).toThrow(/attempts must be a whole number from 1 to 100/);
    expect(() => retryPolicy({ attempts: 0 })).toThrow(InvalidRunError);
  });
});

describe('Redis URLs', () => {
  it('never shows the Redis password in messages', () => {
    expect(redactUrl('redis://:hunter2@db:6379/0')).toBe('redis://:***@db:6379/0');
    expect(redactUrl('rediss://plesio:hunter2@db:6380')).toBe('rediss://plesio:***@db:6380');
    expect(() => redisConnection('http://:hunter2@db')).toThrow(/redis:\/\/ or rediss:\/\//);
    expect(() => redisConnection('http://:hunter2@db')).not.toThrow(/hunter2/);
  });
});
