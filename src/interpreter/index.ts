/** The interpreter: runs sagas, with no I/O of its own. */
export { run, type RunOptions, type RootTask } from './run.js';
export { realClock, type Clock } from './clock.js';
export type { Monitor, TaskStartEvent, TaskEndEvent, EffectTriggeredEvent } from './monitor.js';
export type { Interceptor, Provided } from './env.js';
export { provenanceOf, type PatchRecord, type Cause, type Provenance } from './state.js';
export { TaskCancelledError, InvalidEffectError, sagaTrace, formatSagaTrace, type SagaTraceFrame } from './errors.js';
export { NoExecutorError } from './runners/exec.js';
