/**
 * plesio: discover what a Unix host is over SSH, with scans written as sagas that yield plain effect
 * descriptors. This entry exports the effects, the interpreter, the executors, the host scans and
 * the fleet runner; `plesio/testing` has the test kit.
 */
export * from './effects/index.js';
export * from './interpreter/index.js';
export * from './executors/index.js';
export * from './hosts/index.js';
export * from './fleet/index.js';
export { PlesioError } from './errors.js';
