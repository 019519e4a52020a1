/**
 * The `table` format: one line per host with what people look for first — OS, kernel, CPUs, memory,
 * virtualization — and the error code and reason of a failed host. For reading, not for parsing.
 */
import type { HostReport } from '../../hosts/report.js';

const COLUMNS = ['HOST', 'STATUS', 'OS', 'KERNEL', 'ARCH', 'CPUS', 'MEMORY', 'VIRT', 'ERROR'] as const;

/**
 * Renders reports as an aligned text table (the last column is not padded).
 * @example
 * renderTable([report]); // => 'HOST  STATUS  OS …\nweb1  ok      Debian GNU/Linux 12 …\n'
 */
export function renderTable(reports: readonly HostReport[]): string {
  const rows = [COLUMNS as readonly string[], ...reports.map(row)];
  const widths = COLUMNS.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!))).join('  ').trimEnd()).join('\n') + '\n';
}

function row(report: HostReport): string[] {
  const f = report.facts;
  const os = record(f.os);
  const cpu = record(f.cpu);
  const virt = record(f.virtualization);
  const memory = typeof f.installed_memory_in_MB === 'number' ? formatMiB(f.installed_memory_in_MB) : '-';
  const errors = Object.keys(f.errors ?? {});
  const error = report.error !== null ? `${report.error.code}: ${report.error.message}` : errors.length > 0 ? `facts failed: ${errors.join(', ')}` : '';
  return [
    report.host,
    report.status,
    text([os.name, os.version].filter((v) => v !== undefined && v !== null).join(' ')),
    text(f.kernel),
    text(f.architecture),
    text(cpu.threads),
    memory,
    virt.type !== undefined && virt.type !== null ? `${String(virt.type)}${virt.role === 'host' ? ' host' : ''}` : text(virt.role),
    // A table cell is one line, whatever a host's message holds.
    error.replace(/\s+/g, ' '),
  ];
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function text(value: unknown): string {
  return value === undefined || value === null || value === '' ? '-' : String(value);
}

function formatMiB(mib: number): string {
  return mib >= 1024 ? `${Number((mib / 1024).toFixed(1))} GiB` : `${mib} MiB`;
}
