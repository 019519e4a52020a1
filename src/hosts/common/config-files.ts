/**
 * Facts read from the same files, with the same parsers, on every system: the resolver configuration
 * and the SSH host keys. Each family's plugin gathers them with its other facts (after them in the
 * report); Linux reads the same files in its file sweep (linux/files.ts), with these parsers.
 */
import { factFromSpec, type CommandFact } from '../define-fact.js';
import type { OsSelector } from '../os-family.js';
import { FACT_DESCRIPTIONS as D } from './descriptions.js';
import { commonResolvConf, type Dns } from './resolv-conf.js';
import { commonSshHostKeys, type SshHostKeys } from './ssh-host-keys.js';

/** `dns` (cat /etc/resolv.conf) and `ssh_host_keys` (the host public keys) for the systems `os`. */
export function configFileFacts(os: OsSelector | readonly OsSelector[]): [CommandFact<Dns>, CommandFact<SshHostKeys>] {
  return [
    factFromSpec(commonResolvConf, { name: 'dns', os, description: D.dns }),
    factFromSpec(commonSshHostKeys, { name: 'ssh_host_keys', os, description: D.ssh_host_keys }),
  ];
}
