/**
 * The built-in plugin `common`: the facts whose command and output are the same on every system
 * plesio supports. `uname` (with `kernel` and `architecture`) is gathered first, before the scan knows
 * the system; the others run with each system's facts.
 */
import { defineFact, factFromSpec } from '../define-fact.js';
import { definePlugin } from '../plugin.js';
import { FACT_DESCRIPTIONS as D } from './descriptions.js';
import { commonHostid } from './hostid.js';
import { commonHostname } from './hostname.js';

import { commonUname } from './uname.js';

export { FILESYSTEMS_TIMEOUT_MS } from './family-facts.js';

/** The systems whose facts plesio ships. */
export const SUPPORTED = ['linux', 'sunos', 'bsd', 'darwin', 'aix', 'hpux'] as const;

/** `uname`, `kernel` and `architecture`, from one command; the scan branches on the first word of `uname`. */
export const unameFact = defineFact({
  name: 'uname', os: 'any', description: D.uname, keys: { kernel: D.kernel, architecture: D.architecture },
  command: commonUname.command,
  parse: (stdout) => {
    const u = commonUname.parse(stdout);
    return { uname: u.uname, kernel: u.kernel_release, architecture: u.architecture };
  },
});

/** plesio's facts common to its systems. */
export const commonPlugin = definePlugin({
  name: 'common',
  version: '1',
  description: 'The facts read the same way on every system plesio supports.',
  facts: [
    unameFact,
    // The BSDs and macOS read kern.hostid (bsd.hostid), Linux says where its hostid came from
    // (linux.hostid); HP-UX has no hostid command.
    factFromSpec(commonHostid, { name: 'hostid', os: ['sunos', 'aix'], description: D.hostid }),
    defineFact({
      name: 'hostname', os: [...SUPPORTED], description: D.hostname, keys: { fqdn: D.fqdn },
      command: commonHostname.command,
      parse: (stdout) => commonHostname.parse(stdout),
    }),
  ],
});
