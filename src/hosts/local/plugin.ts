/**
 * The built-in plugin `local`: the facts a host's own administrators wrote down in facts.d folders
 * (plesio's, and Ansible's and Facter's for those moving from them). Opt-in: `--facts local`, or
 * `--facts default,local` with everything else; a plugin of its own so its key comes last in reports.
 */
import { defineFact } from '../define-fact.js';
import { definePlugin } from '../plugin.js';
import { FACT_DESCRIPTIONS as D } from '../common/descriptions.js';
import { SUPPORTED } from '../common/plugin.js';
import { localFactsCommand } from './command.js';
import { localFactsSaga } from './saga.js';

/** plesio's local facts. */
export const localPlugin = definePlugin({
  name: 'local',
  version: '1',
  description: 'Facts the host\'s administrators wrote in facts.d folders.',
  facts: [
    defineFact({
      name: 'local', os: [...SUPPORTED], description: D.local, optIn: true,
      // Listed as run by default; with --local-facts-exec the same script also runs executables.
      commands: [localFactsCommand({ exec: false })],
      saga: localFactsSaga,
    }),
  ],
});
