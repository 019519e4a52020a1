/**
 * Disk names from the shared sysctl output: FreeBSD and DragonFly `kern.disks` (`ada0 cd0`, newest
 * first), OpenBSD `hw.disknames` (`sd0:4f3a8c2e1b9d0a7f,cd0:` with each disk's DUID), NetBSD
 * `hw.disknames` (`wd0 cd0 dk0`). Sizes, models and serials are not there: see freebsd.geom-disks.
 * As on Linux (partitions, loop, device-mapper, md RAID), what is not a whole disk is left out: NetBSD
 * GPT wedges (`dk`), vnode disks (`vnd`, a loop device), cgd/ccd and RAIDframe (`raid`) volumes.
 */
import type { ParserSpec } from '../fact.js';
import { addDisk, UNKNOWN_DISK, type Disk, type Disks } from '../common/disks.js';
import { parseError } from '../common/text.js';
import { firstValue, parseSysctl } from '../common/sysctl.js';
import { BSD_SYSCTL_COMMAND } from './sysctl-command.js';

const NAME = 'bsd.disks';

/** Names hw.disknames gives to partitions and pseudo-disks built on other disks. */
const NOT_A_DISK = /^(?:dk|vnd|cgd|ccd|raid)[0-9]+$/;

/** Parses kern.disks or hw.disknames into the disks, sorted by name. */
export function parseBsdDisks(stdout: string): Disks {
  const values = parseSysctl(NAME, stdout);
  const found = firstValue(values, ['kern.disks', 'hw.disknames']);
  // A host without disks (diskless, a jail) prints the name with an empty value.
  if (found === undefined && !values.has('kern.disks') && !values.has('hw.disknames')) throw parseError(NAME, 'no kern.disks nor hw.disknames line');
  const disks = new Map<string, Disk>();
  for (const item of (found?.[1] ?? '').split(/[\s,]+/)) {
    const name = item.split(':')[0]!;
    if (name === '' || NOT_A_DISK.test(name)) continue;
    addDisk(NAME, disks, name, UNKNOWN_DISK);
  }
  return Object.fromEntries([...disks].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The disk device names from kern.disks or hw.disknames; shares the BSD sysctl command. */
export const bsdDisks: ParserSpec<Disks> = {
  name: NAME,
  command: BSD_SYSCTL_COMMAND,
  parse: parseBsdDisks,
  description: 'Reads kern.disks (FreeBSD, DragonFly) or hw.disknames (OpenBSD, NetBSD); returns the disks by name, details null.',
};
