/** Host scans: the scan saga, `scanHost`, the fact catalog and the parser contract. */
export { scanHost, factCatalog, UnknownFactError, ScanCancelledError, type ScanOptions, type FactInfo } from './scan.js';
export { scanHostSaga, osOf, type ScanSagaOptions } from './scan-saga.js';
export { probe, attempt, firstOf, errorInfo, isHostError, CommandFailedError, HOST_ERROR_CODES, type ProbeOptions, type Outcome } from './probe.js';
export { gather, selectGatherers, sourcedFrom, type Gatherer, type Shared } from './gatherer.js';
export { ParseError } from './parse-error.js';
export { allParsers } from './parsers.js';
export type { ParserSpec, Parser } from './fact.js';
export type { HostReport, ErrorInfo } from './report.js';
