import type { ParserSpec } from '../fact.js';

/** Every common parser, by name. Filled in by the parser modules of this folder. */
export const commonParsers: Record<string, ParserSpec> = {};
