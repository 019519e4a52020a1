/**
 * OpenRC services from `rc-status --all`: each runlevel (`Runlevel: default`) lists its services with
 * their state in brackets (`sshd   [  started  ]`, a supervised one `k3s   [  started 00:01:22 (0) ]`),
 * then the dynamic runlevels list what runs without being added to one (`hotplugged`, `needed/wanted`,
 * `manual`). A service added to a runlevel other than `shutdown` and `nonetwork` starts at boot
 * (enabled); one listed only in a dynamic runlevel or in those two is not. On a narrow terminal the
 * state wraps onto the next line; that reads too.
 */
import type { ParserSpec } from '../fact.js';
import { pushService, type Service } from '../common/services.js';
import { parseError, splitLines } from '../common/text.js';

const NAME = 'linux.openrc-services';
const RUNLEVEL = /^(Dynamic )?Runlevel: (\S{1,64})$/;
const STATE = /\[\s*([a-z]{3,16})\b[^\]]{0,64}\]$/;
const SERVICE = /^[A-Za-z0-9_.@+-]{1,128}$/;
const NOT_AT_BOOT = new Set(['shutdown', 'nonetwork']);

/** Parses rc-status into services, each once, enabled when any boot runlevel lists it. */
export function parseOpenrcServices(stdout: string): Service[] {
  const services: Service[] = [];
  const index = new Map<string, number>();
  let boots: boolean | undefined;
  let pending: string | undefined;
  const add = (name: string, state: string, line: string): void => {
    if (boots === undefined || !SERVICE.test(name)) throw parseError(NAME, 'expected "service [ state ]" under a runlevel', line);
    const at = index.get(name);
    if (at === undefined) {
      index.set(name, services.length);
      pushService(NAME, services, { name, state, enabled: boots });
    } else if (boots) {
      services[at] = { ...services[at]!, enabled: true };
    }
  };
  for (const raw of splitLines(stdout)) {
    // rc-status colours its output on a terminal.
    const line = raw.replace(/\x1b\[[0-9;]*m/g, '').trim();
    if (line === '') continue;
    const state = STATE.exec(line);
    if (pending !== undefined) {
      if (state === null || state.index !== 0) throw parseError(NAME, `expected the state of ${pending} in brackets`, line);
      add(pending, state[1]!, line);
      pending = undefined;
      continue;
    }
    const runlevel = RUNLEVEL.exec(line);
    if (runlevel !== null) {
      boots = runlevel[1] === undefined && !NOT_AT_BOOT.has(runlevel[2]!);
    } else if (state === null) {
      pending = line;
    } else {
      add(line.slice(0, state.index).trim(), state[1]!, line);
    }
  }
  if (pending !== undefined) throw parseError(NAME, `expected the state of ${pending} in brackets`, pending);
  return services;
}

/** Services OpenRC knows, with their state and whether a boot runlevel starts them. */
export const linuxOpenrcServices: ParserSpec<Service[]> = {
  name: NAME,
  command: 'rc-status --all',
  parse: parseOpenrcServices,
  description: 'Reads rc-status --all and returns every OpenRC service with its state and whether a boot runlevel starts it.',
};
