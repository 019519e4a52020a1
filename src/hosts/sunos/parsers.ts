import type { ParserSpec } from '../fact.js';

/** Every sunos parser, by name. Filled in by the parser modules of this folder. */
export const sunosParsers: Record<string, ParserSpec> = {};
