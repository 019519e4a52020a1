/** Host scans: the fact and plugin API, the built-in plugins, the scan saga, `scanHost`, the parser contract. */
export { scanHost, factCatalog, UnknownFactError, ScanCancelledError, type ScanOptions, type FactInfo, type FactSource } from './scan.js';
export { scanHostSaga, osOf, type ScanSagaOptions } from './scan-saga.js';
export { probe, attempt, firstOf, errorInfo, isHostError, CommandFailedError, HOST_ERROR_CODES, type ProbeOptions, type Outcome } from './probe.js';
export {
  defineFact, factFromSpec, sourcedFrom,
  type Sourced, type Fact, type CommandFact, type SagaFact, type FactValue, type FactContext, type FactOptions, type FactOutput,
  type CommandFactDefinition, type SagaFactDefinition, type CommandSpec,
} from './define-fact.js';
export { definePlugin, type Plugin, type PluginDefinition } from './plugin.js';
export { PluginDefinitionError, FactConflictError } from './plugin-error.js';
export type { FactRegistry, PlannedFact } from './registry.js';
export { factRegistry, builtinPlugins } from './builtins.js';
export { gatherFacts, gatherFact, FactTimeoutError, PluginFactError } from './gather.js';
export { memoExecutor } from './memo-executor.js';
export { familyOf, OS_FAMILIES, type OsFamily, type OsSelector } from './os-family.js';
export { ParseError } from './parse-error.js';
export { allParsers } from './parsers.js';
export type { ParserSpec, Parser } from './fact.js';
export type { HostReport, ErrorInfo } from './report.js';
