/**
 * The SQLite scan store: runs and one row per host per run, facts kept as JSON, runs named by id or
 * `latest~N`, and a diff of two stored runs.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { diffRuns } from '../../src/history/diff.js';
import { recordRun } from '../../src/history/recorder.js';
import { openStore, StoreError, type ScanStore } from '../../src/history/store.js';
import type { HostReport } from '../../src/hosts/report.js';

let dir: string;
let store: ScanStore;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plesio-store-'));
  store = openStore(join(dir, 'scans.db'));
});

afterEach(async () => {
  store.close();
  await rm(dir, { recursive: true, force: true });
});

async function recorded(name: string): Promise<HostReport[]> {
  return JSON.parse(await readFile(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as HostReport[];
}

describe('the scan store', () => {
  it('keeps every host of a run with its facts, and gives the reports back in target order', async () => {
    const reports = await recorded('run-a.json');
    store.startRun({ runId: 'run-a', source: 'local', hostCount: reports.length, startedAt: '2025-06-01T12:00:00.000Z' });
    for (const [i, report] of [...reports.entries()].reverse()) store.saveReport('run-a', report, i);
    store.finishRun('run-a', '2025-06-01T12:01:00.000Z');
    expect(store.reports('run-a')).toEqual(reports);
    expect(store.runs()).toEqual([{ runId: 'run-a', startedAt: '2025-06-01T12:00:00.000Z', finishedAt: '2025-06-01T12:01:00.000Z', source: 'local', hostCount: 5, resultCount: 5 }]);
  });

  it('stores one row per host per run: saving a host again replaces its row', () => {
    const report: HostReport = { host: 'web1', status: 'failed', error: { code: 'stalled', message: 'x' }, facts: {}, sources: {}, duration_ms: 0 };
    store.startRun({ runId: 'r', source: 'queue:plesio' });
    store.saveReport('r', report, 0);
    store.saveReport('r', { ...report, status: 'ok', error: null, facts: { kernel: '6.1' } }, 0);
    expect(store.reports('r')).toEqual([{ ...report, status: 'ok', error: null, facts: { kernel: '6.1' } }]);
    const db = new Database(store.file, { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) AS n FROM host_results').get()).toEqual({ n: 1 });
      expect(db.prepare("SELECT json_extract(facts, '$.kernel') AS kernel, error_code FROM host_results").get()).toEqual({ kernel: '6.1', error_code: null });
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      db.close();
    }
  });

  it('names runs by id, latest and latest~N, and diffs two stored runs', async () => {
    for (const [runId, file, at] of [['run-a', 'run-a.json', '2025-06-01T00:00:00Z'], ['run-b', 'run-b.json', '2025-06-02T00:00:00Z']] as const) {
      store.startRun({ runId, source: 'local', startedAt: at });
      (await recorded(file)).forEach((report, i) => store.saveReport(runId, report, i));
    }
    expect(store.run('latest').runId).toBe('run-b');
    expect(store.run('latest~1').runId).toBe('run-a');
    expect(() => store.run('latest~2')).toThrow(/no run "latest~2"/);
    expect(() => store.run('nope')).toThrow(/no run "nope"/);
    const diff = diffRuns(store.reports('run-a'), store.reports('run-b'));
    expect(diff).toMatchObject({ added: ['new1'], removed: ['old1'], unchanged: 1 });
  });

  it('keeps an existing run when it is started again, as plesio results does when collecting twice', () => {
    store.startRun({ runId: 'r', source: 'queue:plesio', hostCount: 3, startedAt: '2025-01-01T00:00:00Z' });
    store.startRun({ runId: 'r', source: 'queue:plesio', hostCount: 3 });
    expect(store.runs().map((r) => r.startedAt)).toEqual(['2025-01-01T00:00:00Z']);
  });

  it('keeps how each host was reached, and a later save without it (plesio results) does not erase it', () => {
    const report: HostReport = { host: 'web1', status: 'ok', error: null, facts: {}, sources: {}, duration_ms: 0 };
    store.startRun({ runId: 'r', source: 'local' });
    store.saveReport('r', report, 0, { kind: 'ssh', host: '192.0.2.10', port: 2222, user: 'deploy', identityFiles: ['/k'] });
    store.saveReport('r', { ...report, host: 'here' }, 1, { kind: 'local' });
    store.saveReport('r', { ...report, host: 'queued' }, 2);
    store.saveReport('r', report, 0);
    expect([...store.connections('r')]).toEqual([
      ['web1', { kind: 'ssh', host: '192.0.2.10', port: 2222, user: 'deploy', identityFiles: ['/k'] }],
      ['here', { kind: 'local' }],
    ]);
  });

  it('adds the connection column to a store written before it, keeping its rows and its version', () => {
    const old = join(dir, 'old.db');
    const db = new Database(old);
    db.exec(`CREATE TABLE runs (run_id TEXT PRIMARY KEY, started_at TEXT NOT NULL, finished_at TEXT, source TEXT NOT NULL, host_count INTEGER);
      CREATE TABLE host_results (run_id TEXT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE, host TEXT NOT NULL, position INTEGER,
        status TEXT NOT NULL CHECK (status IN ('ok', 'partial', 'failed')), error_code TEXT, error_message TEXT,
        facts TEXT NOT NULL CHECK (json_valid(facts)), sources TEXT NOT NULL CHECK (json_valid(sources)), duration_ms INTEGER NOT NULL,
        recorded_at TEXT NOT NULL, PRIMARY KEY (run_id, host)) WITHOUT ROWID;
      INSERT INTO runs VALUES ('r', '2025-01-01T00:00:00Z', NULL, 'local', 1);
      INSERT INTO host_results VALUES ('r', 'web1', 0, 'ok', NULL, NULL, '{"kernel":"6.1"}', '{}', 5, '2025-01-01T00:00:01Z');
      PRAGMA user_version = 1;`);
    db.close();
    const reopened = openStore(old);
    try {
      expect(reopened.reports('r')).toEqual([{ host: 'web1', status: 'ok', error: null, facts: { kernel: '6.1' }, sources: {}, duration_ms: 5 }]);
      expect(reopened.connections('r').size).toBe(0);
      reopened.saveReport('r', { host: 'web2', status: 'ok', error: null, facts: {}, sources: {}, duration_ms: 1 }, 1, { kind: 'local' });
      expect([...reopened.connections('r').keys()]).toEqual(['web2']);
    } finally {
      reopened.close();
    }
    const check = new Database(old, { readonly: true });
    try {
      expect(check.pragma('user_version', { simple: true })).toBe(1);
    } finally {
      check.close();
    }
  });

  it('refuses a file that is not a scan store, naming it', async () => {
    const bogus = join(dir, 'bogus.db');
    await writeFile(bogus, 'not a database at all, just text that is long enough to be read as a header');
    expect(() => openStore(bogus)).toThrow(/bogus\.db is not a plesio scan store/);
    expect(() => openStore(bogus)).toThrow(StoreError);
  });
});

describe('recordRun', () => {
  it('records a local scan as a run of its own, finished only when told', async () => {
    const file = join(dir, 'local.db');
    const [a, b] = await recorded('run-a.json');
    const first = recordRun(file, { hostCount: 2 });
    first.save(a!, 0);
    first.save(b!, 1);
    first.finish();
    first.close();
    const interrupted = recordRun(file, { hostCount: 2, runId: 'cut-short' });
    interrupted.save(a!, 0);
    interrupted.close();
    const check = openStore(file);
    try {
      expect(check.runs().map((r) => [r.runId, r.source, r.resultCount, r.hostCount, r.finishedAt !== null])).toEqual([
        [first.runId, 'local', 2, 2, true],
        ['cut-short', 'local', 1, 2, false],
      ]);
      expect(check.reports(first.runId)).toEqual([a, b]);
    } finally {
      check.close();
    }
  });
});
