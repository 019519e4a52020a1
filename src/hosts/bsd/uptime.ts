/** Uptime on the BSDs: `kern.boottime` and the host clock from the shared sysctl command. */
import type { ParserSpec } from '../fact.js';
import { parseUptimeFromBoottime } from '../common/boottime.js';
import { BSD_SYSCTL_COMMAND } from './sysctl-command.js';

const NAME = 'bsd.uptime';

/** Seconds since boot; shares the BSD sysctl command. */
export const bsdUptime: ParserSpec<number> = {
  name: NAME,
  command: BSD_SYSCTL_COMMAND,
  parse: (stdout) => parseUptimeFromBoottime(NAME, stdout),
  description: 'Reads kern.boottime (struct, epoch or UTC date) and the host clock; returns whole seconds since boot.',
};
