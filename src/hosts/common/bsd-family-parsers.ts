import type { ParserSpec } from '../fact.js';
import { commonBsdIfconfig } from './bsd-ifconfig.js';
import { commonBsdMount } from './bsd-mount.js';
import { commonDfPosix } from './df-posix.js';
import { commonPsEtime } from './ps-etime.js';
import { commonRouteGet } from './route-get.js';

/** The parsers whose command and output the BSDs and macOS share (and AIX, HP-UX: ifconfig, ps), by name. */
export const bsdFamilyParsers: Record<string, ParserSpec> = Object.fromEntries(
  [commonBsdIfconfig, commonDfPosix, commonBsdMount, commonRouteGet, commonPsEtime].map((spec) => [spec.name, spec as ParserSpec]),
);
