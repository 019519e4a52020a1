/**
 * `plesio inventory --store FILE [--list | --host NAME]`: an Ansible dynamic inventory (the script
 * protocol) built from a stored scan — by default the latest finished one. Ansible runs it through a
 * one-line wrapper script: `exec plesio inventory --store /var/lib/plesio/scans.db "$@"`.
 */
import { existsSync } from 'node:fs';
import { ansibleInventory, checkVariablePrefix, DEFAULT_VARIABLE_PREFIX, type InventoryHost } from '../ansible/inventory.js';
import { openStore, type ScanStore, type StoredConnection, type StoredRun } from '../history/store.js';
import type { CliIO } from './io.js';
import { parseTarget } from './targets.js';
import { UsageError } from './usage-error.js';

/** The options of `plesio inventory`, as commander hands them over. */
export interface InventoryFlags {
  store: string;
  list?: boolean;
  host?: string;
  run?: string;
  prefix?: string;
}

/**
 * Writes the inventory (`--list`, the default) or one host's variables (`--host NAME`, `{}` for a host
 * the scan does not have) as JSON; returns the exit code. An unknown `--run` throws the store's
 * `UnknownRunError`, which the command's `asUsageErrors` reports as a usage error.
 * @example
 * runInventory({ store: 'scans.db', list: true }, io);
 */
export function runInventory(flags: InventoryFlags, io: CliIO): number {
  if (flags.list === true && flags.host !== undefined) throw new UsageError('--list and --host NAME ask for different answers; give one of them');
  const prefix = flags.prefix ?? DEFAULT_VARIABLE_PREFIX;
  try {
    checkVariablePrefix(prefix);
  } catch (error) {
    throw new UsageError(`--prefix: ${(error as Error).message}`, { cause: error });
  }
  if (!existsSync(flags.store)) throw new UsageError(`no scan store at ${flags.store}; plesio scan --store ${flags.store} … records one`);
  const store = openStore(flags.store);
  try {
    const run = pickRun(store, flags.run);
    const connections = store.connections(run.runId);
    const hosts: InventoryHost[] = store.reports(run.runId).map((report) => ({ report, connection: connections.get(report.host) ?? fromLabel(report.host) }));
    const inventory = ansibleInventory(hosts, { prefix, runId: run.runId });
    const answer = flags.host === undefined ? inventory : (Object.hasOwn(inventory._meta.hostvars, flags.host) ? inventory._meta.hostvars[flags.host] : {});
    io.stdout.write(`${JSON.stringify(answer)}\n`);
    return 0;
  } finally {
    store.close();
  }
}

/** The run asked for, or the latest finished one: a scan still running (or interrupted) lacks hosts. */
function pickRun(store: ScanStore, ref: string | undefined): StoredRun {
  if (ref !== undefined) return store.run(ref);
  const finished = store.runs().filter((r) => r.finishedAt !== null);
  const latest = finished[finished.length - 1];
  if (latest === undefined) throw new UsageError(`no finished scan in ${store.file}; plesio scan --store ${store.file} … records one (or name a run with --run, see plesio diff --list)`);
  return latest;
}

/**
 * A result collected from a queue has no stored connection: its name is the target it was scanned as
 * (`deploy@db1:2222`, or a name ssh resolves), which says how to reach it.
 */
function fromLabel(label: string): StoredConnection | undefined {
  try {
    const target = parseTarget(label);
    return { kind: 'ssh', host: target.host, ...(target.user !== undefined && { user: target.user }), ...(target.port !== undefined && { port: target.port }) };
  } catch {
    return undefined;
  }
}
