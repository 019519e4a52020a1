import type { ParserSpec } from '../fact.js';
import { aixLparstat } from './lparstat.js';
import { aixLsconf } from './lsconf.js';
import { aixNetstatIn } from './netstat-in.js';
import { aixOslevel } from './oslevel.js';

/** Every AIX parser, by name. */
export const aixParsers: Record<string, ParserSpec> = Object.fromEntries(
  [aixLsconf, aixLparstat, aixOslevel, aixNetstatIn].map((spec) => [spec.name, spec as ParserSpec]),
);
