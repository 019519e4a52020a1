/**
 * systemd services from `systemctl list-units --type=service --all` (what systemd has loaded: the unit,
 * its LOAD, ACTIVE and SUB states) followed by `systemctl list-unit-files --type=service` (every unit
 * file and whether it is enabled). A header line (`UNIT LOAD ACTIVE SUB DESCRIPTION`, `UNIT FILE STATE
 * ...`) or the marker `# unit files` the command prints starts each part, so outputs with or without
 * headers and legends read the same.
 *
 * A service's state is its SUB state (`running`, `exited`, `failed`, `dead`). A unit file systemd has
 * not loaded is inactive, `dead`, as `systemctl status` shows it, but only when the first listing
 * answered at all: without a running systemd (a container) list-units fails and the state is `null`.
 * Templates (`getty@.service`) are not services and are left out; their instances (`getty@tty1.service`)
 * are listed.
 */
import type { ParserSpec } from '../fact.js';
import { pushService, type Service } from '../common/services.js';
import { parseError, splitLines, words } from '../common/text.js';

const NAME = 'linux.systemd-services';
const LOAD = new Set(['loaded', 'not-found', 'masked', 'error', 'bad-setting', 'stub', 'merged']);
const ACTIVE = new Set(['active', 'reloading', 'inactive', 'failed', 'activating', 'deactivating', 'maintenance', 'refreshing']);
const FILE_STATES = new Map<string, boolean | null>([
  ['enabled', true], ['enabled-runtime', true],
  ['disabled', false], ['masked', false], ['masked-runtime', false],
  ['static', null], ['indirect', null], ['generated', null], ['transient', null], ['alias', null],
  ['linked', null], ['linked-runtime', null], ['bad', null],
]);
const OTHER_UNIT = /\.(?:socket|target|mount|automount|swap|path|timer|slice|scope|device)$/;
const SERVICE = /^[^\s/]{1,256}\.service$/;
const NOISE = /^(?:(?:LOAD|ACTIVE|SUB|JOB)\s+=|\d+ (?:loaded units|units|unit files) listed\.?$|To show all installed unit files|Pass --all to see)/;
const UNITS_HEADER = /^UNIT\s+LOAD\s+ACTIVE\s+SUB\b/;
const FILES_HEADER = /^(?:UNIT FILE\s+STATE\b|# unit files$)/;

/** A loaded unit (`state` set) or a unit file (`enabled` set), or undefined for another unit type. */
type Row = { name: string; state?: string; enabled?: boolean | null };

function unitRow(cells: string[], line: string): Row {
  const [name = '', load = '', active = '', sub = ''] = cells;
  if (cells.length < 4 || !LOAD.has(load) || !ACTIVE.has(active) || !/^[a-z-]{1,32}$/.test(sub)) {
    throw parseError(NAME, 'expected "unit load active sub description"', line);
  }
  return { name, state: sub };
}

function fileRow(cells: string[], line: string): Row {
  const [name = '', state = '', preset = '-'] = cells;
  if (cells.length < 2 || cells.length > 3 || !FILE_STATES.has(state) || !/^(?:enabled|disabled|ignored|-)$/.test(preset)) {
    throw parseError(NAME, 'expected "unit-file state [preset]"', line);
  }
  return { name, enabled: FILE_STATES.get(state)! };
}

/** Parses the two listings into services, each once, in the order systemctl first named them. */
export function parseSystemdServices(stdout: string): Service[] {
  const services: Service[] = [];
  const index = new Map<string, number>();
  let files = false;
  let loadedAny = false;
  for (const raw of splitLines(stdout)) {
    // A failed unit is marked with a bullet unless --plain is given.
    const line = raw.replace(/^\s*(?:●|\*)?\s*/, '').trimEnd();
    if (line === '' || NOISE.test(line)) continue;
    if (UNITS_HEADER.test(line)) { files = false; continue; }
    if (FILES_HEADER.test(line)) { files = true; continue; }
    const cells = words(line);
    const row = files ? fileRow(cells, line) : unitRow(cells, line);
    if (OTHER_UNIT.test(row.name) || row.name.endsWith('@.service')) continue;
    if (!SERVICE.test(row.name)) throw parseError(NAME, 'expected a .service unit name', line);
    const at = index.get(row.name);
    if (at === undefined) {
      index.set(row.name, services.length);
      pushService(NAME, services, { name: row.name, state: row.state ?? null, enabled: row.enabled ?? null });
      if (row.state !== undefined) loadedAny = true;
    } else {
      const known = services[at]!;
      services[at] = { name: known.name, state: row.state ?? known.state, enabled: row.enabled !== undefined ? row.enabled : known.enabled };
    }
  }
  return loadedAny ? services.map((s) => (s.state === null ? { ...s, state: 'dead' } : s)) : services;
}

/** Services systemd knows: loaded units with their state, unit files with whether they are enabled. */
export const linuxSystemdServices: ParserSpec<Service[]> = {
  name: NAME,
  command:
    'systemctl list-units --type=service --all --no-legend --no-pager --plain; echo "# unit files"; ' +
    'systemctl list-unit-files --type=service --no-legend --no-pager',
  parse: parseSystemdServices,
  description: 'Reads systemctl list-units and list-unit-files and returns every service with its state and whether it is enabled.',
};
