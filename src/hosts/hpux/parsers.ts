import type { ParserSpec } from '../fact.js';
import { hpuxBdf } from './bdf.js';
import { hpuxLanscan } from './lanscan.js';
import { hpuxMachinfo } from './machinfo.js';
import { hpuxSwlist } from './swlist.js';

/** Every HP-UX parser, by name. */
export const hpuxParsers: Record<string, ParserSpec> = Object.fromEntries(
  [hpuxBdf, hpuxMachinfo, hpuxLanscan, hpuxSwlist].map((spec) => [spec.name, spec as ParserSpec]),
);
