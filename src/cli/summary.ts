/**
 * What `plesio scan` and `plesio results` say on stderr once the hosts are in: how many are ok,
 * partial, failed or cancelled, then, for the first few failed and partial hosts, what went wrong —
 * the host's error, or which facts failed and why. Hosts an interrupt stopped are cancelled, not
 * failed: nothing is wrong with them (issue 14, items 10 and 11). Every part a host or an inventory
 * wrote is escaped, as a terminal must never receive their control characters.
 */
import type { ErrorInfo, HostReport } from '../hosts/report.js';
import { escapeControls } from '../escape-controls.js';

/** How many hosts of each kind the summary names; the output has them all. */
const NAMED = 10;

/** A host stopped by an interrupt (its report says `failed`, code `cancelled`). */
export function isCancelled(report: HostReport): boolean {
  return report.status === 'failed' && report.error?.code === 'cancelled';
}

/** The hosts of a run as they finish, counted for the summary. */
export class Tally {
  ok = 0;
  partial = 0;
  failed = 0;
  cancelled = 0;
  private readonly failures: HostReport[] = [];
  private readonly partials: HostReport[] = [];

  /** Counts one finished host. */
  add(report: HostReport): void {
    if (isCancelled(report)) this.cancelled += 1;
    else this[report.status] += 1;
    if (report.status === 'failed' && !isCancelled(report) && this.failures.length < NAMED) this.failures.push(report);
    if (report.status === 'partial' && this.partials.length < NAMED) this.partials.push(report);
  }

  /** Hosts counted so far. */
  get reported(): number {
    return this.ok + this.partial + this.failed + this.cancelled;
  }

  /**
   * The counts, cancelled hosts only when there are some.
   * @example
   * tally.counts(); // => '4 ok, 0 partial, 0 failed, 4 cancelled'
   */
  counts(): string {
    return `${this.ok} ok, ${this.partial} partial, ${this.failed} failed${this.cancelled > 0 ? `, ${this.cancelled} cancelled` : ''}`;
  }

  /**
   * The indented lines under the summary: each named failed host with its error, each named partial
   * host with its failed facts grouped by reason, and how many more the output holds.
   * @example
   * tally.details(); // => ['  db1: auth: Permission denied (publickey)', '  web1: partial: device, bios: privilege-required: needs root']
   */
  details(): string[] {
    const lines = this.failures.map(({ host, error }) => `  ${escapeControls(host)}: ${error === null ? 'failed' : reason(host, error)}`);
    if (this.failed > this.failures.length) lines.push(`  … and ${this.failed - this.failures.length} more failed hosts (see the output)`);
    for (const report of this.partials) lines.push(`  ${escapeControls(report.host)}: partial: ${factFailures(report)}`);
    if (this.partial > this.partials.length) lines.push(`  … and ${this.partial - this.partials.length} more partial hosts (see "errors" in their facts)`);
    return lines;
  }
}

/** `code: message` on one line, without the host name most messages start with. */
function reason(host: string, error: ErrorInfo): string {
  const message = error.message.startsWith(`${host}: `) ? error.message.slice(host.length + 2) : error.message;
  return escapeControls(`${error.code}: ${message.replace(/\s+/g, ' ')}`);
}

/** The failed facts of a partial host, those failing for one reason named together. */
function factFailures(report: HostReport): string {
  const byReason = new Map<string, string[]>();
  for (const [fact, error] of Object.entries(report.facts.errors ?? {})) {
    const why = reason(report.host, error);
    byReason.set(why, [...(byReason.get(why) ?? []), escapeControls(fact)]);
  }
  if (byReason.size === 0) return 'some facts failed';
  return [...byReason].map(([why, facts]) => `${facts.join(', ')}: ${why}`).join('; ');
}
