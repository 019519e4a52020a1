/**
 * The escape-sequence hosts (issue 13.4) through every output of the built CLI: its facts and a failing
 * command's stderr carry ESC, OSC title and hyperlink, CSI, C1 characters and DEL. The data formats
 * (JSON, NDJSON, YAML) keep them exactly; what is meant for people — the table, the stderr summary,
 * `plesio results --format table`, the worker's log lines, `plesio diff`'s text, usage errors — shows
 * them escaped (`\x1b`), never raw.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { sshExecutor } from '../../src/executors/ssh/executor.js';
import type { HostReport } from '../../src/hosts/report.js';
import { scanHost } from '../../src/hosts/scan.js';
import { E2E_TIMEOUT_MS, ensureBuilt, finished, runCli, spawnCli } from '../cli/helpers.js';
import { startRedis, type TestRedis } from '../distributed/redis.js';
import { escapeControls } from '../../src/escape-controls.js';
import { PAYLOAD } from '../support/faults/escapes.js';
import { expectedFacts, Farm, type FarmHost } from '../support/faults/farm.js';

/** Any control character but the newline that ends a line: none may reach a terminal. */
const RAW_CONTROL = /[\x00-\x09\x0b-\x1f\x7f-\x9f]/;
const SHOWN = escapeControls(PAYLOAD);

let dir: string;
let farm: Farm;
let redis: TestRedis;
let facts: FarmHost;
let failing: FarmHost;
let healthy: FarmHost;
/** The recorded host's kernel release, to which the host appends the payload. */
let kernel: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plesio-escapes-'));
  [, farm, redis] = await Promise.all([ensureBuilt(), Farm.start({ scanHost, sshExecutor }, { dir, connectTimeoutMs: 10_000, commandTimeoutMs: 10_000 }), startRedis()]);
  facts = await farm.add('escape-sequences');
  failing = await farm.add('escape-sequences-in-error');
  healthy = await farm.add('healthy');
  kernel = String((await expectedFacts())['kernel']);
}, E2E_TIMEOUT_MS);
afterAll(async () => {
  await farm?.stop();
  await redis?.stop();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

/** The farm's trust settings: its known_hosts, no ssh config of this machine. */
const TRUST = (): string[] => ['-F', '/dev/null', '--known-hosts', farm.knownHostsPath];
const scan = (args: readonly string[]) => runCli(['scan', ...TRUST(), '--command-timeout', '10s', ...args], { home: dir });
const escapingHostsOnly = (reports: HostReport[]): HostReport[] => reports.filter((r) => r.host !== healthy.target);

/** An inventory naming the host `web1` at `host`'s port, so two runs can be diffed. */
async function inventoryAt(host: FarmHost, name: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, `web1 ansible_host=127.0.0.1 ansible_port=${host.server.port} ansible_user=farm\n`);
  return file;
}

function expectNoRawControls(text: string, what: string): void {
  const at = text.search(RAW_CONTROL);
  expect(at, `${what} holds a raw control character near ${JSON.stringify(text.slice(Math.max(0, at - 40), at + 20))}`).toBe(-1);
}

describe('escape sequences from hosts', { timeout: E2E_TIMEOUT_MS }, () => {
  test('JSON, NDJSON and YAML carry them exactly', async () => {
    for (const format of ['json', 'ndjson', 'yaml'] as const) {
      const run = await scan([facts.target, failing.target, '--format', format, '-q']);
      expect(run.code).toBe(2);
      const reports = format === 'json' ? JSON.parse(run.stdout) as HostReport[]
        : format === 'ndjson' ? run.stdout.trim().split('\n').map((line) => JSON.parse(line) as HostReport)
        : parseYaml(run.stdout) as HostReport[];
      const byHost = new Map(reports.map((r) => [r.host, r]));
      expect(byHost.get(facts.target)!.facts['kernel']).toBe(`${kernel}${PAYLOAD}`);
      expect(byHost.get(facts.target)!.facts.errors?.['hostid']?.message).toContain(`${PAYLOAD}\rcannot read`);
      expect(byHost.get(failing.target)!.error?.message).toContain(`${PAYLOAD}\rpermission denied`);
    }
  });

  test('the table and the stderr summary of plesio scan show them escaped', async () => {
    const run = await scan([facts.target, failing.target, '--format', 'table']);
    expect(run.code).toBe(2);
    expectNoRawControls(run.stdout, 'the table');
    expectNoRawControls(run.stderr, 'the summary');
    // The kernel, the OS and the architecture cells, and the failed host's reason, visibly escaped.
    expect(run.stdout).toContain(`${kernel}${SHOWN}`);
    expect(run.stdout).toContain(`Debian GNU/Linux${SHOWN} 12`);
    // A table cell and a summary line are one line each: blanks (the carriage return too) become one space.
    expect(run.stdout).toContain(`uname: ${SHOWN} permission denied`);
    expect(run.stderr).toContain(`${failing.target}: command-failed: `);
    expect(run.stderr).toContain(`uname: ${SHOWN} permission denied`);
  });

  test('plesio diff shows changed facts and notes escaped, and --format json keeps them exact', async () => {
    const store = join(dir, 'diff.db');
    for (const [host, name] of [[healthy, 'before.ini'], [facts, 'after.ini']] as const) {
      const run = await scan(['--inventory', await inventoryAt(host, name), '--store', store, '-q', '-o', '/dev/null']);
      expect(run.code).toBeLessThan(3);
    }
    const text = await runCli(['diff', '--store', store], { home: dir });
    expect(text.code).toBe(0);
    expectNoRawControls(text.stdout, 'the diff');
    // The MAC of eth0 moved to the interface the host renamed: a note built from the host's names.
    expect(text.stdout).toContain(`MAC 02:fc:00:00:00:01 moved from eth0 to eth0${SHOWN}`);
    // Values are shown as JSON (which writes ESC as \\u001b), the rest of the controls escaped after.
    expect(text.stdout).toContain(`kernel: "${kernel}" → "${kernel}\\u001b[2J`);
    const json = await runCli(['diff', '--store', store, '--format', 'json'], { home: dir });
    const diff = JSON.parse(json.stdout) as { changed: { notes: string[] }[] };
    expect(diff.changed[0]!.notes).toContain(`MAC 02:fc:00:00:00:01 moved from eth0 to eth0${PAYLOAD}`);
  });

  test('plesio results --format table, its summary and the worker\'s log lines show them escaped', async () => {
    const worker = spawnCli(['worker', '--redis', redis.url, '--queue', 'escapes', ...TRUST(), '--concurrency', '4'], { home: dir });
    const stopped = finished(worker, E2E_TIMEOUT_MS - 20_000);
    try {
      const run = await runCli(['scan', '--redis', redis.url, '--queue', 'escapes', facts.target, failing.target, '--format', 'table', '--command-timeout', '10s'], { home: dir });
      expect(run.code).toBe(2);
      expectNoRawControls(run.stdout, 'the results table');
      expectNoRawControls(run.stderr, 'the results summary');
      expect(run.stdout).toContain(`${kernel}${SHOWN}`);
      expect(run.stderr).toContain(`uname: ${SHOWN} permission denied`);
    } finally {
      stop(worker);
    }
    const { stderr } = await stopped;
    expectNoRawControls(stderr, 'the worker\'s log');
    expect(stderr).toContain(`${failing.target} failed command-failed: `);
    expect(stderr).toContain(`uname: ${SHOWN}\\x0dpermission denied`);
  });

  test('a usage error quoting a hostile inventory shows its control characters escaped', async () => {
    const inventory = join(dir, 'hostile.ini');
    await writeFile(inventory, `[web\x7f\u009b2J\x1b]0;owned\x07\n`);
    const run = await scan(['--inventory', inventory]);
    expect(run.code).toBe(1);
    expectNoRawControls(run.stderr, 'the usage error');
    expect(run.stderr).toContain('malformed section header "[web\\x7f\\x9b2J\\u001b]0;owned\\u0007"');
  });
});

function stop(child: ChildProcess): void {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
}

// The escaped form of each part is what a person reads: spelled out once, so a change of style shows.
test('the payload is shown as \\x escapes', () => {
  expect(SHOWN).toBe('\\x1b[2J\\x1b[H\\x1b]0;owned\\x07\\x1b]8;;https://evil.example/\\x07click\\x1b]8;;\\x07\\x1b[6n\\x9b31m\\x90q\\x9c\\x7f\\x08');
});
