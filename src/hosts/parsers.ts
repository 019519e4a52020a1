import type { ParserSpec } from './fact.js';
import { aixParsers } from './aix/parsers.js';
import { bsdParsers } from './bsd/parsers.js';
import { bsdFamilyParsers } from './common/bsd-family-parsers.js';
import { commonParsers } from './common/parsers.js';
import { darwinParsers } from './darwin/parsers.js';
import { hpuxParsers } from './hpux/parsers.js';
import { linuxParsers } from './linux/parsers.js';
import { sunosParsers } from './sunos/parsers.js';

/** Every parser plesio has, by unique name: the registry the fixture and fuzz tests walk. */
export const allParsers: Readonly<Record<string, ParserSpec>> = {
  ...commonParsers,
  ...linuxParsers,
  ...sunosParsers,
  ...bsdFamilyParsers,
  ...bsdParsers,
  ...darwinParsers,
  ...aixParsers,
  ...hpuxParsers,
};
