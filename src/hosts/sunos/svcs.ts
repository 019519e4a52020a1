/**
 * SMF services from `svcs -a -H`: `STATE STIME FMRI` per instance (`online Jan_09 svc:/network/ssh:default`,
 * `legacy_run 12:01:03 lrc:/etc/rc2_d/S20sysetup`). The state is the first word that is an SMF state
 * and the FMRI the last word, so `svcs -aHZ -o zone,state,fmri` reads the same. A service is enabled
 * unless it is disabled; a legacy rc script says nothing (`null`).
 */
import type { ParserSpec } from '../fact.js';
import { ParseError } from '../parse-error.js';
import { pushService, type Service } from '../common/services.js';
import { splitLines } from './text.js';

const NAME = 'sunos.svcs';
const STATES = new Set(['online', 'offline', 'disabled', 'maintenance', 'degraded', 'legacy_run', 'uninitialized']);
const FMRI = /^(?:svc|lrc):\/[^\s]{1,512}$/;

function parse(stdout: string): Service[] {
  const services: Service[] = [];
  for (const raw of splitLines(NAME, stdout)) {
    const line = raw.trim();
    if (line === '' || /^STATE\s+STIME\s+FMRI$/.test(line)) continue;
    const cells = line.split(/\s+/);
    // An instance in transition prints its state with a trailing * (`online*`).
    const state = cells.map((c) => c.replace(/\*$/, '')).find((c) => STATES.has(c));
    const fmri = cells[cells.length - 1]!;
    if (state === undefined || !FMRI.test(fmri)) throw new ParseError(NAME, 'expected "state stime fmri"', line);
    pushService(NAME, services, { name: fmri, state, enabled: fmri.startsWith('lrc:') ? null : state !== 'disabled' });
  }
  return services;
}

/** SMF services with their state and whether they are enabled. */
export const svcsSpec: ParserSpec<Service[]> = {
  name: NAME,
  command: '/usr/bin/svcs -a -H',
  parse,
  description: 'svcs -a -H: every SMF service instance with its state and whether it is enabled',
};
