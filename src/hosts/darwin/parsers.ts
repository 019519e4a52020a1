import type { ParserSpec } from '../fact.js';
import { darwinSwVers } from './sw-vers.js';
import { darwinCpu, darwinMemory, darwinVirtualization } from './sysctl.js';
import { darwinSystemProfiler } from './system-profiler.js';

/** Every macOS parser, by name. */
export const darwinParsers: Record<string, ParserSpec> = Object.fromEntries(
  [darwinSwVers, darwinCpu, darwinMemory, darwinVirtualization, darwinSystemProfiler].map((spec) => [spec.name, spec as ParserSpec]),
);
