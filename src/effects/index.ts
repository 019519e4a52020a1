/** Effect descriptors and their creators: plain data, no behaviour. */
export { Effect, isEffect, type AnyEffect, type EffectResult, type EffectType, type Saga } from './effect.js';
export { call, CallEffect, type CallTarget, type Fn, type Resolved } from './call.js';
export { exec, ExecEffect } from './exec.js';
export { select, put, SelectEffect, PutEffect, type Recipe } from './state.js';
export { fork, spawn, ForkEffect } from './fork.js';
export { join, cancel, cancelled, JoinEffect, CancelEffect, CancelledEffect } from './task-control.js';
export { all, race, AllEffect, RaceEffect } from './combinators.js';
export { delay, retry, DelayEffect, RetryEffect } from './time.js';
export { getContext, setContext, GetContextEffect, SetContextEffect } from './context.js';
export { isTask, type Task } from './task.js';
export { describeEffect, describeValue, formatEffect, fnName } from './describe.js';
export { shellQuote, sh } from './quote.js';
export type { CommandOptions, CommandResult, ExecOptions, Executor } from './command.js';
