/**
 * Link speeds from `/sys/class/net/NAME/speed` in Mb/s, printed by one `grep -s .` as
 * `/sys/class/net/NAME/speed:VALUE`. A link that is down, virtual or without a PHY either cannot be
 * read (grep -s skips it) or reads -1 (unknown, e.g. virtio): both give `null`.
 */
import type { ParserSpec } from '../fact.js';
import { enforceCap, LIMITS } from '../common/limits.js';
import { parseError, splitLines } from '../common/text.js';

/** Speed in Mb/s by interface name; `null` when the kernel says unknown. */
export type NetSpeeds = Record<string, number | null>;

const NAME = 'linux.net-speed';
const LINE = /^\/sys\/class\/net\/([^/\s]{1,64})\/speed:\s*(-?[0-9]{1,10})\s*$/;

/** Parses the grep output into speeds by interface. */
export function parseNetSpeed(stdout: string): NetSpeeds {
  const speeds = new Map<string, number | null>();
  for (const line of splitLines(stdout)) {
    if (line.trim() === '') continue;
    const m = LINE.exec(line);
    if (m === null) throw parseError(NAME, 'not a "/sys/class/net/NAME/speed:VALUE" line', line);
    const value = Number(m[2]);
    // -1 (SPEED_UNKNOWN) and the 32-bit 4294967295 some drivers print mean "no speed".
    speeds.set(m[1]!, value > 0 && value < 4_294_967_295 ? value : null);
    enforceCap(NAME, 'interfaces', speeds.size, LIMITS.interfaces);
  }
  return Object.fromEntries(speeds);
}

/** Link speeds by interface, for the `speed_mbps` of interface details. */
export const linuxNetSpeed: ParserSpec<NetSpeeds> = {
  name: NAME,
  command: 'grep -s . /sys/class/net/*/speed || true',
  parse: parseNetSpeed,
  description: 'Reads /sys/class/net/*/speed and returns each readable link speed in Mb/s (null when the kernel says unknown).',
};
