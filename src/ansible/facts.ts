/**
 * A host's report seen as Ansible: the dictionary Ansible's `jsonfile` fact cache holds for a host after
 * `setup` — flat `ansible_*` keys (Ansible builds `ansible_facts` from them when it reads the cache),
 * in Ansible's value formats, plus the markers a gathering leaves. Linux and SunOS get the keys of
 * Ansible's collectors for those systems; other systems the platform, uptime and time keys.
 */
import type { HostReport } from '../hosts/report.js';
import { dateTimeFacts } from './date-time.js';
import { withoutDecoderKeys } from './decoder-keys.js';
import { distributionFacts } from './distribution.js';
import { dmiFacts } from './dmi.js';
import { memoryFacts, processorFacts, uptimeFacts } from './hardware.js';
import { localFacts } from './local.js';
import { networkFacts } from './network.js';
import { platformFacts, unameParts } from './platform.js';
import { nonEmpty, put, record, text } from './read.js';
import { securityFacts } from './security.js';
import { deviceFacts, mountFacts } from './storage.js';
import { virtualFacts } from './virtual.js';

/** What a cached host's dictionary is: JSON values by key. */
export type AnsibleFacts = Record<string, unknown>;

/** Options of `ansibleFacts`. */
export interface AnsibleFactsOptions {
  /** The moment of `ansible_date_time`: when the host's facts were gathered (default now). */
  readonly now?: Date;
}

/**
 * The Ansible dictionary of a host; `undefined` for a host that could not be scanned (Ansible caches
 * nothing for an unreachable host either). A partial report gives the keys of the facts it has.
 * @example
 * const facts = ansibleFacts(report);
 * facts?.['ansible_distribution'] // => 'Debian'
 */
export function ansibleFacts(report: HostReport, options: AnsibleFactsOptions = {}): AnsibleFacts | undefined {
  if (report.status === 'failed') return undefined;
  const facts = report.facts as Record<string, unknown>;
  const machine = nonEmpty(facts['architecture']);
  const uname = unameParts(text(facts['uname']), machine);
  const system = uname.system;
  const sections: Record<string, unknown>[] = [
    platformFacts(facts, uname),
    distributionFacts(facts, uname),
    nonEmpty(facts['machine_id']) === undefined ? {} : { machine_id: facts['machine_id'] },
    memoryFacts(facts, system),
    processorFacts(facts, system, machine),
    uptimeFacts(facts),
    dmiFacts(facts, system),
    mountFacts(facts, system),
    deviceFacts(facts, system),
    virtualFacts(facts, system),
    securityFacts(facts, system),
    dateTimeFacts(facts, options.now ?? new Date()),
    localFacts(facts),
    // Last: an interface named like another key (`hostname`) never hides that key.
    networkFacts(facts, system),
  ];
  const out: AnsibleFacts = {};
  for (const section of sections) {
    for (const [key, value] of Object.entries(section)) {
      // Ansible's fact namespace: the `ansible_` prefix, `-` made `_` (an interface `br-lan` is `ansible_br_lan`).
      const name = `ansible_${key.replaceAll('-', '_')}`;
      if (!Object.hasOwn(out, name)) put(out, name, value);
    }
  }
  // What `gather_facts` leaves: `gathering = smart` skips hosts whose cache has the first.
  out['_ansible_facts_gathered'] = true;
  out['module_setup'] = true;
  return withoutDecoderKeys(out) as AnsibleFacts;
}
