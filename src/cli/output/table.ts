/**
 * The `table` format: one line per host with what people look for first — its primary IP, OS, kernel,
 * CPUs, memory, virtualization — and the error code and reason of a failed host. For reading, not for
 * parsing. On a terminal the table fits its width (issue 14, item 15): the columns worth least go first
 * (ARCH, VIRT, KERNEL, MEMORY, CPUS), then the widest cells are cut with `…`. Written to a file or a
 * pipe it keeps every column whole, unless `COLUMNS` gives a width. Every cell is escaped: hosts write them.
 */
import { escapeControls } from '../../escape-controls.js';
import type { HostReport } from '../../hosts/report.js';
import { isCancelled } from '../summary.js';

const COLUMNS = ['HOST', 'STATUS', 'IP', 'OS', 'KERNEL', 'ARCH', 'CPUS', 'MEMORY', 'VIRT', 'ERROR'] as const;
type Column = (typeof COLUMNS)[number];

/** Dropped in this order when the table is too wide; the others are cut instead. */
const DROP_ORDER: readonly Column[] = ['ARCH', 'VIRT', 'KERNEL', 'MEMORY', 'CPUS'];
/** Cut in this order (widest first within each), never below these widths. */
const SHRINK: ReadonlyArray<readonly [Column, number]> = [['ERROR', 20], ['OS', 12], ['HOST', 12], ['IP', 15]];
const GAP = 2;

/**
 * Renders reports as an aligned text table (the last column is not padded), at most `width` columns
 * wide when a width is given.
 * @example
 * renderTable([report], 80); // => 'HOST  STATUS  IP        OS …\nweb1  ok      10.0.0.5  Debian GNU/Linux 12 …\n'
 */
export function renderTable(reports: readonly HostReport[], width?: number): string {
  let columns: Column[] = [...COLUMNS];
  const rows = reports.map(row);
  const natural = (column: Column): number => Math.max(column.length, ...rows.map((r) => length(r[column])));
  const widths = new Map(columns.map((c) => [c, natural(c)] as const));
  const total = (): number => columns.reduce((sum, c) => sum + widths.get(c)!, 0) + GAP * (columns.length - 1);
  // A column is dropped only when the table would not fit even with the cuttable cells cut.
  const least = new Map(SHRINK);
  const smallest = (): number => columns.reduce((sum, c) => sum + Math.min(widths.get(c)!, Math.max(least.get(c) ?? Infinity, c.length)), 0) + GAP * (columns.length - 1);
  if (width !== undefined) {
    for (const column of DROP_ORDER) if (smallest() > width) columns = columns.filter((c) => c !== column);
    for (const [column, floor] of SHRINK) {
      const excess = total() - width;
      const current = widths.get(column)!;
      if (excess > 0) widths.set(column, Math.min(current, Math.max(floor, column.length, current - excess)));
    }
  }
  const lines = [Object.fromEntries(COLUMNS.map((c) => [c, c])) as Record<Column, string>, ...rows].map((r) =>
    columns.map((c, i) => {
      const cell = cut(r[c], widths.get(c)!);
      return i === columns.length - 1 ? cell : cell + ' '.repeat(widths.get(c)! - length(cell));
    }).join(' '.repeat(GAP)).trimEnd(),
  );
  return lines.join('\n') + '\n';
}

/**
 * The width the table should fit: the terminal's when stdout is one (and the reports go there),
 * else `COLUMNS` when set, else none (every column whole).
 * @example
 * tableWidth(process.stdout, undefined); // => 80 on an 80-column terminal
 */
export function tableWidth(stdout: NodeJS.WritableStream, outputFile: string | undefined, env: NodeJS.ProcessEnv = process.env): number | undefined {
  const fromEnv = /^\d+$/.test(env.COLUMNS ?? '') ? Number(env.COLUMNS) : undefined;
  if (outputFile !== undefined && outputFile !== '-') return fromEnv;
  const tty = stdout as Partial<NodeJS.WriteStream>;
  if (tty.isTTY === true && typeof tty.columns === 'number' && tty.columns > 0) return tty.columns;
  return fromEnv !== undefined && fromEnv > 0 ? fromEnv : undefined;
}

/**
 * The address people know a host by: the default route's (IPv4, then IPv6) source address, else the
 * first usable address of the default route's interface, else the first IPv4 address that is neither
 * loopback nor link-local, else a global IPv6 address. A host with a management interface listed before
 * its public one shows the address its traffic leaves from.
 *
 * @example
 * primaryAddress({ eth0: { ipv4_addresses: ['10.0.0.5'] } }); // => '10.0.0.5'
 */
export function primaryAddress(interfaces: unknown, defaults: readonly unknown[] = []): string | undefined {
  const all = record(interfaces);
  const usable = (key: string, list: unknown): string | undefined => (Array.isArray(list) ? list : [])
    .find((a): a is string => typeof a === 'string' && (key === 'ipv4_addresses' ? !/^(127\.|169\.254\.|0\.)/.test(a) : !/^(::1$|::$|fe[89ab])/i.test(a)));
  for (const [route, key] of defaults.map((d, i) => [record(d), i === 0 ? 'ipv4_addresses' : 'ipv6_addresses'] as const)) {
    if (typeof route.address === 'string' && usable(key, [route.address]) !== undefined) return route.address;
    const via = typeof route.interface === 'string' && Object.hasOwn(all, route.interface) ? usable(key, record(all[route.interface])[key]) : undefined;
    if (via !== undefined) return via;
  }
  const list = Object.values(all).map(record);
  for (const key of ['ipv4_addresses', 'ipv6_addresses']) {
    for (const i of list) {
      const found = usable(key, i[key]);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

function row(report: HostReport): Record<Column, string> {
  const f = report.facts;
  const os = record(f.os);
  const cpu = record(f.cpu);
  const virt = record(f.virtualization);
  const errors = Object.keys(f.errors ?? {});
  const error = report.error !== null ? `${report.error.code}: ${report.error.message}` : errors.length > 0 ? `facts failed: ${errors.join(', ')}` : '';
  return {
    HOST: escapeControls(report.host),
    // An interrupted host is not a failed one, whatever its report's status says (see summary.ts).
    STATUS: isCancelled(report) ? 'cancelled' : report.status,
    IP: text(primaryAddress(f.interfaces, [f.default_ipv4, f.default_ipv6])),
    OS: text([os.name, os.version].filter((v) => v !== undefined && v !== null).join(' ')),
    KERNEL: text(f.kernel),
    ARCH: text(f.architecture),
    CPUS: text(cpu.threads),
    MEMORY: typeof f.installed_memory_in_MB === 'number' ? formatMiB(f.installed_memory_in_MB) : '-',
    VIRT: virt.type !== undefined && virt.type !== null ? text(`${String(virt.type)}${virt.role === 'host' ? ' host' : ''}`) : text(virt.role),
    // A table cell is one line, whatever a host's message holds.
    ERROR: escapeControls(error.replace(/\s+/g, ' ')),
  };
}

/** Display width, counting each code point as one column. */
function length(cell: string): number {
  return [...cell].length;
}

function cut(cell: string, width: number): string {
  const chars = [...cell];
  return chars.length <= width ? cell : `${chars.slice(0, Math.max(width - 1, 0)).join('')}…`;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function text(value: unknown): string {
  return value === undefined || value === null || value === '' ? '-' : escapeControls(String(value).replace(/\s+/g, ' '));
}

function formatMiB(mib: number): string {
  return mib >= 1024 ? `${Number((mib / 1024).toFixed(1))} GiB` : `${mib} MiB`;
}
