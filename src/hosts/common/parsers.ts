import type { ParserSpec } from '../fact.js';
import { commonHostid } from './hostid.js';
import { commonHostname } from './hostname.js';
import { commonOsRelease } from './os-release.js';
import { commonResolvConf } from './resolv-conf.js';
import { commonSshHostKeys } from './ssh-host-keys.js';
import { commonUname } from './uname.js';

/** Every parser whose command and output are the same on Linux and SunOS, by name. */
export const commonParsers: Record<string, ParserSpec> = Object.fromEntries(
  [commonUname, commonHostid, commonHostname, commonOsRelease, commonResolvConf, commonSshHostKeys].map((spec) => [spec.name, spec as ParserSpec]),
);
