import type { ParserSpec } from '../fact.js';

/** Every linux parser, by name. Filled in by the parser modules of this folder. */
export const linuxParsers: Record<string, ParserSpec> = {};
