/**
 * plesio: discover what a Unix host is over SSH, with scans written as sagas that yield plain effect
 * descriptors. This entry exports the effects and the interpreter; `plesio/testing` has the test kit.
 */
export * from './effects/index.js';
export * from './interpreter/index.js';
export { PlesioError } from './errors.js';
