/**
 * Scan history in SQLite (`--store FILE`), through better-sqlite3: a `runs` table and a `host_results`
 * table with one row per host per run — saving a host twice in a run replaces its row — and the facts
 * as JSON. WAL mode, so `plesio diff` can read while a scan writes; every statement prepared once.
 */
import Database from 'better-sqlite3';
import { PlesioError } from '../errors.js';
import { ensurePrivateFile } from '../private-files.js';
import type { HostReport } from '../hosts/report.js';

/** A run as stored. */
export interface StoredRun {
  readonly runId: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  /** Where the results came from: `local`, or `queue:<name>` for a distributed run. */
  readonly source: string;
  /** Hosts the run was meant to scan (its results may be fewer if it was interrupted). */
  readonly hostCount: number | null;
  /** Hosts with a stored result. */
  readonly resultCount: number;
}

/**
 * How a host was reached, kept next to its result so that an inventory built from the store reaches it
 * the same way: the address, port, user and identity file paths the scan used (never a secret), or
 * this machine. Absent for results collected from a queue, whose jobs the store never saw.
 */
export type StoredConnection =
  | { readonly kind: 'local' }
  | { readonly kind: 'ssh'; readonly host: string; readonly port?: number; readonly user?: string; readonly identityFiles?: readonly string[] };

/** The scan store cannot be opened or used: an unwritable path, a newer format, not a scan store. */
export class StoreError extends PlesioError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('store', message, options);
  }
}

/** The run a reference names does not exist in the store. */
export class UnknownRunError extends PlesioError {
  constructor(ref: string, file: string) {
    super('run-not-found', `no run ${JSON.stringify(ref)} in ${file}; plesio diff --list shows the stored runs`);
  }
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS runs (
  run_id      TEXT PRIMARY KEY,
  started_at  TEXT NOT NULL,
  finished_at TEXT,
  source      TEXT NOT NULL,
  host_count  INTEGER
);
CREATE TABLE IF NOT EXISTS host_results (
  run_id        TEXT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
  host          TEXT NOT NULL,
  position      INTEGER,
  status        TEXT NOT NULL CHECK (status IN ('ok', 'partial', 'failed')),
  error_code    TEXT,
  error_message TEXT,
  facts         TEXT NOT NULL CHECK (json_valid(facts)),
  sources       TEXT NOT NULL CHECK (json_valid(sources)),
  duration_ms   INTEGER NOT NULL,
  recorded_at   TEXT NOT NULL,
  PRIMARY KEY (run_id, host)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS host_results_by_host ON host_results (host, run_id);
`;

// Added after version 1 shipped, as a column older readers ignore (they select it with * and drop it),
// so a store stays readable both ways and keeps version 1.
const CONNECTION_COLUMN = 'ALTER TABLE host_results ADD COLUMN connection TEXT CHECK (connection IS NULL OR json_valid(connection))';

interface RunRow { run_id: string; started_at: string; finished_at: string | null; source: string; host_count: number | null; result_count: number }
interface ResultRow { host: string; status: HostReport['status']; error_code: string | null; error_message: string | null; facts: string; sources: string; duration_ms: number; connection: string | null }

/**
 * Opens (creating if needed) a scan store. Close it when done.
 * @example
 * const store = openStore('scans.db');
 * try {
 *   store.startRun({ runId, source: 'local', hostCount: 1 });
 *   store.saveReport(runId, report, 0);
 * } finally {
 *   store.close();
 * }
 */
export function openStore(file: string): ScanStore {
  let db: Database.Database;
  try {
    // Created 0600 before SQLite opens it: its -wal and -shm files then get the same mode.
    if (file !== ':memory:' && file !== '') ensurePrivateFile(file);
    db = new Database(file);
  } catch (error) {
    throw new StoreError(`cannot open the scan store ${file}: ${(error as Error).message}`, { cause: error });
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > 1) throw new StoreError(`${file} was written by a newer plesio (store version ${version}); this one reads version 1`);
    db.exec(SCHEMA);
    const columns = db.prepare<[], { name: string }>('SELECT name FROM pragma_table_info(\'host_results\')').all();
    if (!columns.some((c) => c.name === 'connection')) db.exec(CONNECTION_COLUMN);
    db.pragma('user_version = 1');
    return new ScanStore(db, file);
  } catch (error) {
    db.close();
    if (error instanceof PlesioError) throw error;
    // Only a file SQLite cannot read as a database is "not a store"; a full disk or an I/O error is said as such.
    const code = String((error as { code?: unknown }).code ?? '');
    if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) throw new StoreError(`${file} is not a plesio scan store: ${(error as Error).message}`, { cause: error });
    throw new StoreError(`cannot write the scan store ${file}: ${(error as Error).message}`, { cause: error });
  }
}

/** A scan store; see `openStore`. */
export class ScanStore {
  private readonly insertRun;
  private readonly endRun;
  private readonly upsertResult;
  private readonly selectRuns;
  private readonly selectResults;

  constructor(private readonly db: Database.Database, readonly file: string) {
    this.insertRun = db.prepare<[string, string, string, number | null]>('INSERT INTO runs (run_id, started_at, source, host_count) VALUES (?, ?, ?, ?) ON CONFLICT (run_id) DO NOTHING');
    this.endRun = db.prepare<[string, string]>('UPDATE runs SET finished_at = ? WHERE run_id = ?');
    this.upsertResult = db.prepare(`INSERT INTO host_results (run_id, host, position, status, error_code, error_message, facts, sources, duration_ms, recorded_at, connection)
      VALUES (@runId, @host, @position, @status, @errorCode, @errorMessage, @facts, @sources, @durationMs, @recordedAt, @connection)
      ON CONFLICT (run_id, host) DO UPDATE SET position = excluded.position, status = excluded.status, error_code = excluded.error_code,
        error_message = excluded.error_message, facts = excluded.facts, sources = excluded.sources, duration_ms = excluded.duration_ms, recorded_at = excluded.recorded_at,
        connection = coalesce(excluded.connection, host_results.connection)`);
    this.selectRuns = db.prepare<[], RunRow>(`SELECT r.*, (SELECT count(*) FROM host_results h WHERE h.run_id = r.run_id) AS result_count FROM runs r ORDER BY r.started_at, r.run_id`);
    this.selectResults = db.prepare<[string], ResultRow>('SELECT * FROM host_results WHERE run_id = ? ORDER BY position, host');
  }

  /** Records the start of a run; a run already stored (e.g. `plesio results` collecting it again) is kept. */
  startRun(run: { runId: string; source: string; hostCount?: number; startedAt?: string }): void {
    this.insertRun.run(run.runId, run.startedAt ?? new Date().toISOString(), run.source, run.hostCount ?? null);
  }

  /** Saves one host's report, with how it was reached when known: one row per host per run, the last save wins. */
  saveReport(runId: string, report: HostReport, position?: number, connection?: StoredConnection): void {
    this.upsertResult.run({
      runId,
      host: report.host,
      position: position ?? null,
      status: report.status,
      errorCode: report.error?.code ?? null,
      errorMessage: report.error?.message ?? null,
      facts: JSON.stringify(report.facts),
      sources: JSON.stringify(report.sources),
      durationMs: Math.round(report.duration_ms),
      recordedAt: new Date().toISOString(),
      connection: connection === undefined ? null : JSON.stringify(connection),
    });
  }

  /** Records the end of a run. */
  finishRun(runId: string, finishedAt: string = new Date().toISOString()): void {
    this.endRun.run(finishedAt, runId);
  }

  /** Every stored run, oldest first. */
  runs(): StoredRun[] {
    return this.selectRuns.all().map((r) => ({ runId: r.run_id, startedAt: r.started_at, finishedAt: r.finished_at, source: r.source, hostCount: r.host_count, resultCount: r.result_count }));
  }

  /**
   * The run a reference names: a run id, `latest`, or `latest~N` (N runs before the latest).
   * Throws `UnknownRunError` when there is none.
   */
  run(ref: string): StoredRun {
    const runs = this.runs();
    const back = /^latest(?:~(\d+))?$/.exec(ref);
    const found = back === null ? runs.find((r) => r.runId === ref) : runs[runs.length - 1 - Number(back[1] ?? 0)];
    if (found === undefined) throw new UnknownRunError(ref, this.file);
    return found;
  }

  /** The reports of a run, in target order. */
  reports(runId: string): HostReport[] {
    return this.selectResults.all(runId).map((r) => ({
      host: r.host,
      status: r.status,
      error: r.error_code === null ? null : { code: r.error_code, message: r.error_message ?? '' },
      facts: JSON.parse(r.facts) as HostReport['facts'],
      sources: JSON.parse(r.sources) as Record<string, string>,
      duration_ms: r.duration_ms,
    }));
  }

  /** How each host of a run was reached, by host, for the hosts whose scan stored it. */
  connections(runId: string): Map<string, StoredConnection> {
    const found = new Map<string, StoredConnection>();
    for (const row of this.selectResults.all(runId)) {
      if (row.connection !== null) found.set(row.host, JSON.parse(row.connection) as StoredConnection);
    }
    return found;
  }

  close(): void {
    this.db.close();
  }
}
