/**
 * What changed between two scans, as plain data: hosts that appeared or disappeared, and for each host
 * in both, its status and every fact that changed, by path (`interfaces.eth0.mac_address`,
 * `filesystems[mount=/].size_bytes`, `zones.web2`). Lists of records are matched by their name-like key
 * (`mount`, `name`…), lists of values as sets, so a reordered list is not a change. Pure: no I/O.
 */
import type { HostReport } from '../hosts/report.js';

/** One fact that changed; `before` is absent for `added`, `after` for `removed`. */
export interface FactChange {
  readonly path: string;
  readonly kind: 'added' | 'removed' | 'changed';
  readonly before?: unknown;
  readonly after?: unknown;
}

/** A host in both runs whose status or facts changed. */
export interface HostDiff {
  readonly host: string;
  readonly status: { readonly before: HostReport['status']; readonly after: HostReport['status'] } | null;
  /** Why the host failed in the second run, when it did. */
  readonly error: HostReport['error'];
  readonly changes: readonly FactChange[];
  /** Readable summaries of notable changes, e.g. a MAC address that moved to another interface. */
  readonly notes: readonly string[];
}

/** The difference between two runs. */
export interface RunDiff {
  /** Hosts only in the second run. */
  readonly added: readonly string[];
  /** Hosts only in the first run. */
  readonly removed: readonly string[];
  readonly changed: readonly HostDiff[];
  /** Hosts in both runs without a change. */
  readonly unchanged: number;
}

/** Paths that change on every scan and say nothing about what a host is; `--all` shows them. */
export const DEFAULT_IGNORED: readonly string[] = ['uptime_seconds', 'filesystems[*].used_bytes'];

/** Options of `diffRuns`. */
export interface DiffOptions {
  /** Only this host. */
  host?: string;
  /** Paths (and everything under them) to leave out; `*` matches one key, `[*]` any list item. */
  ignore?: readonly string[];
}

// Keys that name a record in a list, in order of preference.
const ID_KEYS = ['mount', 'name', 'zonename', 'id', 'device', 'link'];

/**
 * Compares two runs' reports.
 * @example
 * const diff = diffRuns(store.reports(runA), store.reports(runB));
 * diff.changed[0]?.changes; // => [{ path: 'installed_memory_in_MB', kind: 'changed', before: 16384, after: 8192 }]
 */
export function diffRuns(before: readonly HostReport[], after: readonly HostReport[], options: DiffOptions = {}): RunDiff {
  const keep = (r: HostReport): boolean => options.host === undefined || r.host === options.host;
  const a = new Map(before.filter(keep).map((r) => [r.host, r]));
  const b = new Map(after.filter(keep).map((r) => [r.host, r]));
  const ignored = (options.ignore ?? DEFAULT_IGNORED).map(pattern);
  const changed: HostDiff[] = [];
  let unchanged = 0;
  for (const [host, old] of a) {
    const now = b.get(host);
    if (now === undefined) continue;
    // A failed scan gathered (almost) nothing: its missing facts are unknown, not removed.
    const comparable = old.status !== 'failed' && now.status !== 'failed';
    const changes = comparable ? diffValues(old.facts, now.facts, []).filter((c) => !ignored.some((re) => re.test(c.path))) : [];
    const status = old.status === now.status ? null : { before: old.status, after: now.status };
    const notes = comparable ? macMoves(old.facts['interfaces'], now.facts['interfaces']) : [];
    if (changes.length === 0 && status === null && old.error?.code === now.error?.code) unchanged += 1;
    else changed.push({ host, status, error: now.error, changes, notes });
  }
  return { added: [...b.keys()].filter((h) => !a.has(h)), removed: [...a.keys()].filter((h) => !b.has(h)), changed, unchanged };
}

/**
 * The changes from `x` to `y`, under `path` (segments as rendered: `interfaces`, `.eth0`, `[mount=/]`).
 * @example
 * diffValues({ memory: 16 }, { memory: 8 }, []); // => [{ path: 'memory', kind: 'changed', before: 16, after: 8 }]
 */
export function diffValues(x: unknown, y: unknown, path: readonly string[]): FactChange[] {
  if (isRecord(x) && isRecord(y)) return diffEntries(x, y, path, keySegment);
  if (Array.isArray(x) && Array.isArray(y)) {
    const id = idKey(x, y);
    if (id !== undefined) {
      const byId = (list: unknown[]): Record<string, unknown> => Object.fromEntries(list.map((item) => [String((item as Record<string, unknown>)[id]), item]));
      return diffEntries(byId(x), byId(y), path, (name) => `[${id}=${name}]`);
    }
    if (x.every(isScalar) && y.every(isScalar)) {
      const same = x.length === y.length && [...x].map(String).sort().join('\0') === [...y].map(String).sort().join('\0');
      return same ? [] : [{ path: render(path), kind: 'changed', before: x, after: y }];
    }
  }
  return JSON.stringify(x) === JSON.stringify(y) ? [] : [{ path: render(path), kind: 'changed', before: x, after: y }];
}

function diffEntries(x: Record<string, unknown>, y: Record<string, unknown>, path: readonly string[], segment: (key: string) => string): FactChange[] {
  const out: FactChange[] = [];
  for (const key of new Set([...Object.keys(x), ...Object.keys(y)])) {
    const at = [...path, segment(key)];
    if (!Object.hasOwn(y, key)) out.push({ path: render(at), kind: 'removed', before: x[key] });
    else if (!Object.hasOwn(x, key)) out.push({ path: render(at), kind: 'added', after: y[key] });
    else out.push(...diffValues(x[key], y[key], at));
  }
  return out;
}

/** "MAC aa:… moved from eth0 to eth1" for each MAC address found under another interface name. */
function macMoves(before: unknown, after: unknown): string[] {
  const macs = (value: unknown): Map<string, string> => new Map(isRecord(value) ? Object.entries(value).flatMap(([name, i]) => (isRecord(i) && typeof i['mac_address'] === 'string' ? [[i['mac_address'], name] as const] : [])) : []);
  const old = macs(before);
  return [...macs(after)].filter(([mac, name]) => old.has(mac) && old.get(mac) !== name).map(([mac, name]) => `MAC ${mac} moved from ${old.get(mac)} to ${name}`);
}

/** The key naming every record of both lists, unique within each, if there is one. */
function idKey(x: unknown[], y: unknown[]): string | undefined {
  const items = [...x, ...y];
  if (items.length === 0 || !items.every(isRecord)) return undefined;
  return ID_KEYS.find((key) => [x, y].every((list) => {
    const values = list.map((item) => (item as Record<string, unknown>)[key]);
    return values.every((v) => typeof v === 'string' || typeof v === 'number') && new Set(values).size === values.length;
  }));
}

function keySegment(key: string): string {
  return /^[A-Za-z_][\w-]*$/.test(key) ? key : `[${JSON.stringify(key)}]`;
}

function render(path: readonly string[]): string {
  return path.map((s, i) => (s.startsWith('[') || i === 0 ? s : `.${s}`)).join('');
}

/** An ignore pattern as a regular expression matching the path and everything under it. */
function pattern(text: string): RegExp {
  const body = escape(text).replace(/\\\[\\\*\\\]/g, '\\[[^\\]]*\\]').replace(/\\\*/g, '[^.[]*');
  return new RegExp(`^${body}(?:$|[.[])`);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}
