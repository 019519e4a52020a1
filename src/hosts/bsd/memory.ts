/**
 * Installed memory from sysctl, the most exact name first: FreeBSD's `hw.realmem` (what the firmware
 * reports), NetBSD's `hw.physmem64`, then `hw.physmem` (OpenBSD, DragonFly, and FreeBSD without
 * realmem), which is what the kernel manages, a little lower than what is installed.
 */
import type { ParserSpec } from '../fact.js';
import { parseError } from '../common/text.js';
import { firstValue, parseSysctl, sysctlInteger } from '../common/sysctl.js';
import { BSD_SYSCTL_COMMAND } from './sysctl-command.js';

/** An installed-memory figure in MiB and the sysctl name it came from (the `memory_source` fact). */
export interface SysctlMemory {
  readonly source: string;
  readonly installed_memory_in_MB: number;
}

const NAME = 'bsd.memory';

/** Reads the first of `names` that holds a byte count, in MiB. */
export function memoryFromSysctl(parser: string, stdout: string, names: readonly string[]): SysctlMemory {
  const found = firstValue(parseSysctl(parser, stdout), names);
  if (found === undefined) throw parseError(parser, `none of ${names.join(', ')}`);
  const bytes = sysctlInteger(found[1]);
  if (bytes === undefined || bytes === 0) throw parseError(parser, `${found[0]} is not a byte count`, found[1]);
  return { source: found[0], installed_memory_in_MB: Math.round(bytes / 1048576) };
}

/** Parses the BSD sysctl output into installed memory. */
export function parseBsdMemory(stdout: string): SysctlMemory {
  return memoryFromSysctl(NAME, stdout, ['hw.realmem', 'hw.physmem64', 'hw.physmem']);
}

/** Installed memory in MiB from hw.realmem, hw.physmem64 or hw.physmem; shares the BSD sysctl command. */
export const bsdMemory: ParserSpec<SysctlMemory> = {
  name: NAME,
  command: BSD_SYSCTL_COMMAND,
  parse: parseBsdMemory,
  description: 'Reads hw.realmem, hw.physmem64 or hw.physmem (first found) and returns MiB and the name used.',
};
