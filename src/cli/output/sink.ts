/**
 * The output formats behind one interface. `ndjson` writes each host the moment it finishes and keeps
 * nothing; `json`, `yaml`, `table` and `ansible` keep the reports and write them at the end, in target
 * order, so the same fleet always prints the same way.
 */
import type { HostReport } from '../../hosts/report.js';
import type { Format } from '../shared-options.js';
import { renderTable } from './table.js';
import type { TextOutput } from './stream.js';

/** Receives reports as hosts finish; `end()` writes what a format holds back. */
export interface ReportSink {
  /** `index` is the host's position among the targets, for formats that print in target order. */
  write(report: HostReport, index: number): Promise<void>;
  end(): Promise<void>;
}

/** Renders the `table` format, at most `width` columns wide when a width is given. */
export type TableRenderer = (reports: readonly HostReport[], width?: number) => string;

/**
 * A sink writing `format` to `output`; `table` renders the table format (default: the scan's table),
 * fitting `width` columns when one is given (see `tableWidth`).
 * @example
 * const sink = reportSink('ndjson', await openOutput(undefined, process.stdout));
 */
export function reportSink(format: Format, output: TextOutput, table: TableRenderer = renderTable, width?: number): ReportSink {
  // Loaded only for this format: every other one starts without the Ansible view.
  if (format === 'ansible') return lazySink(import('./ansible-format.js').then((m) => m.ansibleSink(output)));
  if (format === 'ndjson') {
    return {
      write: (report) => output.write(JSON.stringify(report) + '\n'),
      end: async () => undefined,
    };
  }
  // A sparse array by target position: hosts finish in any order, outputs follow the targets.
  const held: HostReport[] = [];
  return {
    async write(report, index) {
      held[index] = report;
    },
    async end() {
      const reports = held.filter((report) => report !== undefined);
      if (format === 'table') return output.write(table(reports, width));
      if (format === 'yaml') {
        // One host at a time, so printing a big fleet never builds one giant string.
        if (reports.length === 0) return output.write('[]\n');
        // Loaded only for this format: every other command starts without it.
        const { stringify } = await import('yaml');
        for (const report of reports) await output.write(stringify([report], { lineWidth: 0 }));
        return;
      }
      if (reports.length === 0) return output.write('[]\n');
      for (const [i, report] of reports.entries()) {
        const item = JSON.stringify(report, null, 2).replace(/\n/g, '\n  ');
        await output.write(`${i === 0 ? '[\n' : ',\n'}  ${item}`);
      }
      await output.write('\n]\n');
    },
  };
}

/** A sink whose module is still loading: each call waits for it. */
function lazySink(loading: Promise<ReportSink>): ReportSink {
  // A failed import surfaces at the first write or at the end, never as an unhandled rejection.
  loading.catch(() => undefined);
  return {
    write: async (report, index) => (await loading).write(report, index),
    end: async () => (await loading).end(),
  };
}
