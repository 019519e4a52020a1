/**
 * Each report's Ansible dictionary, made once: `--format ansible` and `--ansible-fact-cache` write the
 * same dictionary (the same `ansible_date_time`) for a host.
 */
import { ansibleFacts, type AnsibleFacts } from '../../ansible/facts.js';
import type { HostReport } from '../../hosts/report.js';

const views = new WeakMap<HostReport, AnsibleFacts | null>();

/** The Ansible dictionary of `report`, `undefined` for a failed host; the same object for the same report. */
export function ansibleView(report: HostReport): AnsibleFacts | undefined {
  let view = views.get(report);
  if (view === undefined) {
    view = ansibleFacts(report) ?? null;
    views.set(report, view);
  }
  return view ?? undefined;
}
