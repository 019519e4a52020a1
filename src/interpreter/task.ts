/**
 * A task: one generator being driven, its attached children, and its way of ending. The driving loop
 * (`drive`) resumes the generator synchronously for every synchronous result — a loop, not recursion,
 * so a million synchronous effects in a row neither grow the stack nor queue a microtask each.
 */
import type { AnyEffect } from '../effects/effect.js';
import type { Task } from '../effects/task.js';
import type { RunEnv } from './env.js';
import { addTraceFrame, TaskCancelledError } from './errors.js';
import type { Cause, Provenance } from './state.js';
import { CallEffect } from '../effects/call.js';
import type { PutEffect, SelectEffect } from '../effects/state.js';
import { applyPut, provenanceFor, selectState } from './state.js';
import { runEffect, runEffectOfType, settleCallResult, Suspended, SUSPENDED, type Settle, type SettleSource } from './run-effect.js';

const RUNNING = 0;
const DONE = 1;
const FAILED = 2;
const CANCELLED = 3;

const NO_STASH = 0;
const STASH_VALUE = 1;
const STASH_ERROR = 2;

const NEXT = 0;
const THROW = 1;
const RETURN = 2;

/** Marks "no error" (an error may be any value, `undefined` included). */
const NONE: unique symbol = Symbol('none');
/** Ended tasks telling their joiners, one inside another, before the rest wait for the stack to unwind. */
const MAX_END_DEPTH = 100;

/** Called when a task ends; used by `join`, `call` of a saga and the root promise. */
export type EndObserver = (task: TaskImpl) => void;

/**
 * How a task was started, which decides who hears of its failure: a forked task fails its parent, a
 * called one throws at its caller's `yield`, and a spawned task or the root reach `onError`.
 */
export const TaskKind = { Root: 0, Forked: 1, Spawned: 2, Called: 3 } as const;
export type TaskKind = (typeof TaskKind)[keyof typeof TaskKind];

/** The interpreter's task; users see it through the `Task` interface. */
export class TaskImpl<R = unknown> implements Task<R>, SettleSource {
  declare readonly '@@plesio/task': true;
  readonly id: number;
  /** Tree links: attached children form a doubly-linked list, so adding or dropping one is O(1). */
  parent: TaskImpl | null;
  firstChild: TaskImpl | null = null;
  nextSibling: TaskImpl | null = null;
  prevSibling: TaskImpl | null = null;
  childCount = 0;

  context: Record<string, unknown>;
  ownContext = false;
  /** The last command that resolved in this task: the cause recorded with its next `put`. */
  cause: Cause | null = null;
  /** The provenance its puts record, cached while `cause` stays the same. */
  provWho: Provenance | null = null;
  /**
   * The effect the saga is at, for saga traces. The drive loop keeps it in a local and writes it here
   * only when it leaves or hands the effect to a runner: a store per effect showed in profiles (~8%
   * of a select/put loop, the write barrier of a young effect into an old task).
   */
  private lastEffect: AnyEffect | null = null;
  /** Aborted while its drive loop was on the stack: the loop adds the trace frame with its effect. */
  private traceDeferred = false;

  private gen: Iterator<unknown, unknown, unknown> | null;
  private status = RUNNING;
  private mainDone = false;
  /** `cancel()` was asked: the task ends as cancelled (unless a failure gets there first). */
  cancelRequested = false;
  /** The generator is being closed (cancel or abort): later interrupts are no-ops. */
  private returning = false;
  /** `drive` is on the stack for this task; interrupts and settlements wait for it. */
  private looping = false;
  private interruptPending = false;
  /** Token of the current suspension; a settlement with an older token is stale. */
  private seq = 0;
  private pendingCancel: (() => void) | null = null;
  private pendingEffectId = 0;
  /** A settlement that arrived while the loop was on the stack: NO_STASH, or the value or error to resume with. */
  private stash = NO_STASH;
  private stashValue: unknown = undefined;

  /**
   * Promise waits of the drive loop share two callbacks per task instead of three closures per wait.
   * A stale settlement is only possible after a wait was cancelled; from then on (`tainted`) the task
   * falls back to per-wait settlers, whose tokens tell stale from current.
   */
  private sharedWait = false;
  private tainted = false;
  private onFulfilled: ((value: unknown) => void) | null = null;
  private onRejected: ((error: unknown) => void) | null = null;

  private value: unknown = undefined;
  private abortError: unknown = NONE;
  private observers: EndObserver[] | null = null;

  constructor(
    readonly env: RunEnv,
    readonly name: string,
    gen: Iterator<unknown, unknown, unknown>,
    parent: TaskImpl | null,
    readonly kind: TaskKind,
    readonly forkEffectId: number | null,
  ) {
    this.id = env.nextTaskId++;
    this.gen = gen;
    this.parent = parent;
    // No prototype: getContext('constructor') must not find Object's. A child shares its parent's context
    // object until either writes; the parent's next setContext then makes a new layer (copy-on-write), so
    // a child sees the context as it was when the child started.
    this.context = parent === null ? Object.create(null) as Record<string, unknown> : parent.context;
    if (parent !== null) parent.ownContext = false;
    if (kind === TaskKind.Forked && parent !== null) parent.link(this);
  }

  /** Attached (forked) children are waited for and fail their parent; spawned and called ones do not. */
  get attached(): boolean { return this.kind === TaskKind.Forked; }

  // ----------------------------------------------------------------- public Task interface ----

  isRunning(): boolean { return this.status === RUNNING; }
  isCancelled(): boolean { return this.status === CANCELLED; }
  isAborted(): boolean { return this.status === FAILED; }
  result(): R | undefined { return this.status === DONE ? (this.value as R) : undefined; }
  error(): unknown { return this.status === FAILED ? this.value : undefined; }

  toPromise(): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.onEnd((t) => {
        if (t.status === DONE) resolve(t.value as R);
        else if (t.status === FAILED) reject(t.value);
        else reject(new TaskCancelledError(t.name));
      });
    });
  }

  cancel(): void {
    if (this.status !== RUNNING || this.cancelRequested) return;
    this.cancelRequested = true;
    this.close();
  }

  /** The outcome for `join`: the result, or a thrown error (a cancelled task throws `TaskCancelledError`). */
  outcome(): { ok: true; value: unknown } | { ok: false; error: unknown } {
    if (this.status === DONE) return { ok: true, value: this.value };
    if (this.status === FAILED) return { ok: false, error: this.value };
    return { ok: false, error: new TaskCancelledError(this.name) };
  }

  /** Calls `fn` once the task has ended (at once if it has). Returns a function that unregisters it. */
  onEnd(fn: EndObserver): () => void {
    if (this.status !== RUNNING) {
      fn(this);
      return noop;
    }
    (this.observers ??= []).push(fn);
    return () => {
      const list = this.observers;
      if (list === null) return;
      const i = list.indexOf(fn);
      if (i >= 0) list.splice(i, 1);
    };
  }

  /**
   * What `cancelled()` answers: true once the body is being torn down, by a cancel or because an attached
   * child failed (as redux-saga), so a `finally` tells "interrupted" from "returned or threw".
   */
  isInterrupted(): boolean { return this.returning || this.interruptPending; }

  // ------------------------------------------------------------------------- driving ----

  /** Starts the generator. */
  start(): void {
    const m = this.env.monitor;
    if (m !== null && m.taskStarted !== undefined) {
      m.taskStarted({ taskId: this.id, parentId: this.parent === null ? null : this.parent.id, forkEffectId: this.forkEffectId, name: this.name, detached: !this.attached });
    }
    this.drive(NEXT, undefined);
  }

  /** A settlement callback for the effect the task is about to suspend on. */
  settler(): Settle {
    const token = ++this.seq;
    const effectId = this.pendingEffectId;
    return (isErr, value) => {
      if (this.seq !== token) return;
      this.settled(effectId, isErr, value);
    };
  }

  private waitShared(p: PromiseLike<unknown>): Suspended {
    this.seq++;
    this.sharedWait = true;
    p.then(
      this.onFulfilled ??= (value) => { if (this.sharedWait) this.settledShared(false, value); },
      this.onRejected ??= (error) => { if (this.sharedWait) this.settledShared(true, error); },
    );
    return SUSPENDED;
  }

  private settledShared(isErr: boolean, value: unknown): void {
    this.sharedWait = false;
    this.settled(this.pendingEffectId, isErr, value);
  }

  private settled(effectId: number, isErr: boolean, value: unknown): void {
    this.seq++;
    this.pendingCancel = null;
    const m = this.env.monitor;
    if (m !== null) {
      if (isErr) m.effectRejected?.(effectId, value);
      else m.effectResolved?.(effectId, value);
    }
    if (this.looping) {
      // Settled synchronously while its runner is still on the stack: the loop picks it up.
      this.stash = isErr ? STASH_ERROR : STASH_VALUE;
      this.stashValue = value;
      return;
    }
    this.drive(isErr ? THROW : NEXT, value);
  }

  /**
   * The loop: resume the generator, run the effect it yields, and go on while results are synchronous.
   * Returns when the task suspends on an asynchronous effect or its generator ends.
   */
  private drive(mode: number, arg: unknown): void {
    const env = this.env;
    const monitor = env.monitor;
    const gen = this.gen!;
    let current = this.lastEffect;
    this.looping = true;
    for (;;) {
      let r: IteratorResult<unknown, unknown>;
      try {
        r = mode === NEXT ? gen.next(arg) : mode === THROW ? gen.throw!(arg) : gen.return !== undefined ? gen.return(arg) : { done: true, value: arg };
      } catch (e) {
        this.leaveLoop(current);
        this.mainEnded(true, e);
        return;
      }
      if (r.done === true) {
        this.leaveLoop(current);
        this.mainEnded(false, r.value);
        return;
      }
      const effect = r.value as AnyEffect;
      current = effect;
      const effectId = env.nextEffectId++;
      this.pendingEffectId = effectId;
      if (monitor !== null) monitor.effectTriggered?.({ effectId, taskId: this.id, parentEffectId: this.forkEffectId, effect });
      let v: unknown;
      let sync = false;
      try {
        // The hot paths, inlined: a plain call (with a synchronous, non-object result), put and select.
        // A call is recognised by its prototype, one step away; the others by `type`, read once: an
        // instanceof per kind walked three prototypes each time, which showed in profiles.
        const isCall = env.intercept === null && effect instanceof CallEffect;
        const type = isCall || env.intercept !== null ? undefined : (effect as { type?: unknown } | null | undefined)?.type;
        if (isCall && typeof (effect as CallEffect).fn === 'function') {
          const call = effect as CallEffect;
          v = (call.fn as (...a: unknown[]) => unknown).apply(call.context, call.args);
          if (v !== null && (typeof v === 'object' || typeof v === 'function')) {
            // Only a native promise may share the task's callbacks: it calls back once, and only one of
            // them. Other thenables may call twice or both; their per-wait settlers ignore the extra calls.
            if (!this.tainted && v instanceof Promise) v = this.waitShared(v);
            else v = settleCallResult(this, v, effectId, this, call.fn);
          }
        } else if (type === 'put') {
          applyPut(env, provenanceFor(this), effectId, (effect as PutEffect).update);
          v = undefined;
          sync = true;
        } else if (type === 'select') {
          v = selectState(env, effect as SelectEffect);
          sync = true;
        } else {
          // A runner may start, cancel or join tasks: what it does may abort this one, at this effect.
          this.lastEffect = effect;
          v = env.intercept === null ? runEffectOfType(this, effect, isCall ? 'call' : type, effectId, this, null) : runEffect(this, effect, effectId, this, null);
        }
      } catch (e) {
        if (monitor !== null) monitor.effectRejected?.(effectId, e);
        mode = THROW;
        arg = e;
        if (this.interruptPending) ({ mode, arg } = this.takeInterrupt(mode, arg, current));
        continue;
      }
      // put and select never suspend: their result (a state object) needs no prototype walk.
      if (!sync && v instanceof Suspended) {
        if (this.stash !== NO_STASH) {
          mode = this.stash === STASH_ERROR ? THROW : NEXT;
          this.stash = NO_STASH;
          arg = this.stashValue;
          this.stashValue = undefined;
        } else {
          this.pendingCancel = v.cancel;
          if (this.interruptPending) {
            this.cancelPending();
            ({ mode, arg } = this.takeInterrupt(NEXT, undefined, current));
            continue;
          }
          this.leaveLoop(current);
          return;
        }
      } else {
        if (monitor !== null) monitor.effectResolved?.(effectId, v);
        mode = NEXT;
        arg = v;
      }
      if (this.interruptPending) ({ mode, arg } = this.takeInterrupt(mode, arg, current));
    }
  }

  /** The drive loop leaves: the effect it is at becomes the task's, and a deferred trace frame is added. */
  private leaveLoop(current: AnyEffect | null): void {
    this.looping = false;
    this.lastEffect = current;
    this.addDeferredFrame();
  }

  private addDeferredFrame(): void {
    if (!this.traceDeferred) return;
    this.traceDeferred = false;
    addTraceFrame(this.abortError, this.name, this.id, this.lastEffect);
  }

  private takeInterrupt(mode: number, arg: unknown, current: AnyEffect | null): { mode: number; arg: unknown } {
    this.lastEffect = current;
    this.addDeferredFrame();
    this.interruptPending = false;
    if (this.returning) return { mode, arg };
    this.returning = true;
    return { mode: RETURN, arg: undefined };
  }

  /**
   * Cancels the children and closes the generator (its `finally` blocks run, and may yield) because of a
   * cancel or an abort; the children's finally blocks run first.
   */
  private close(): void {
    if (this.mainDone) {
      this.cancelChildren();
      this.maybeEnd();
      return;
    }
    if (this.returning || this.looping) {
      // Already closing (its finally goes on), or on the stack: the loop takes the interrupt after this effect.
      if (!this.returning) this.interruptPending = true;
      this.cancelChildren();
      return;
    }
    // Withdraw the effect the generator waits on before cancelling the children: a child's end would
    // otherwise settle it (a `join` throwing TaskCancelledError) and resume the body, not its finally.
    this.cancelPending();
    this.returning = true;
    this.cancelChildren();
    this.drive(RETURN, undefined);
  }

  private cancelPending(): void {
    this.seq++;
    if (this.sharedWait) {
      this.sharedWait = false;
      this.tainted = true;
    }
    const cancel = this.pendingCancel;
    this.pendingCancel = null;
    this.stash = NO_STASH;
    const m = this.env.monitor;
    if (m !== null) m.effectCancelled?.(this.pendingEffectId);
    if (cancel !== null) cancel();
  }

  // ------------------------------------------------------------------------- ending ----

  private mainEnded(isErr: boolean, value: unknown): void {
    this.mainDone = true;
    this.gen = null;
    if (isErr) {
      addTraceFrame(value, this.name, this.id, this.lastEffect);
      if (this.abortError === NONE) {
        this.abortError = value;
        this.cancelChildren();
      }
    } else if (!this.returning) {
      this.value = value;
    }
    this.maybeEnd();
  }

  /** A child failed: cancel the rest and fail with its error. */
  private abort(error: unknown): void {
    if (this.status !== RUNNING || this.abortError !== NONE) return;
    // On the stack, the drive loop knows the effect this task is at; this.lastEffect may be an older one.
    if (this.looping) this.traceDeferred = true;
    else addTraceFrame(error, this.name, this.id, this.lastEffect);
    this.abortError = error;
    this.close();
  }

  private cancelChildren(): void {
    if (this.firstChild === null) return;
    // Walk a snapshot: cancelling one child can end a sibling (its finally may `cancel` it), which unlinks
    // that sibling mid-walk and would cut a walk along the live links short.
    const children: TaskImpl[] = [];
    for (let child: TaskImpl | null = this.firstChild; child !== null; child = child.nextSibling) children.push(child);
    for (let i = 0; i < children.length; i++) children[i]!.cancel();
  }

  private maybeEnd(): void {
    if (!this.mainDone || this.childCount > 0 || this.status !== RUNNING) return;
    if (this.abortError !== NONE) {
      this.status = FAILED;
      this.value = this.abortError;
    } else if (this.cancelRequested) {
      this.status = CANCELLED;
      this.value = undefined;
    } else {
      this.status = DONE;
    }
    const m = this.env.monitor;
    if (m !== null && m.taskEnded !== undefined) {
      m.taskEnded(this.status === DONE ? { taskId: this.id, status: 'done', result: this.value }
        : this.status === FAILED ? { taskId: this.id, status: 'failed', error: this.value }
          : { taskId: this.id, status: 'cancelled' });
    }
    // The parent first: a failed attached child aborts it, which withdraws its pending `join` of this
    // child. Told second, the parent would resume in the join's catch block before being aborted.
    const parent = this.parent;
    if (this.attached && parent !== null) parent.childEnded(this);
    const awaited = this.observers !== null && this.observers.length > 0;
    if (this.observers !== null) this.tellEnded();
    if (this.status === FAILED && (this.kind === TaskKind.Root || (this.kind === TaskKind.Spawned && !awaited))) this.reportUnobserved();
  }

  /**
   * The root failed, or a spawned task failed while nobody joined it: `onError` hears of it. A called
   * saga's error is thrown at its caller, and a forked one's fails its parent: those are never reported.
   */
  private reportUnobserved(): void {
    const onError = this.env.onError;
    if (onError === null) return;
    try {
      onError(this.value, { id: this.id, name: this.name });
    } catch {
      // The caller's reporting failed; the run itself goes on.
    }
  }

  /**
   * Tells the observers (joiners) that the task ended. A joiner resumes at once and may end too, telling
   * its own: on the stack, as a program reads. Past a depth (a chain of thousands of tasks joining each
   * other) the rest wait until the stack unwinds, in order, instead of overflowing it.
   */
  tellEnded(): void {
    const env = this.env;
    if (env.endDepth >= MAX_END_DEPTH) {
      env.deferredEnds.push(this);
      return;
    }
    const observers = this.observers;
    this.observers = null;
    env.endDepth++;
    try {
      if (observers !== null) for (let i = 0; i < observers.length; i++) observers[i]!(this);
    } finally {
      env.endDepth--;
    }
    if (env.endDepth === 0) {
      for (let next = env.deferredEnds.shift(); next !== undefined; next = env.deferredEnds.shift()) next.tellEnded();
    }
  }

  private link(child: TaskImpl): void {
    const first = this.firstChild;
    child.nextSibling = first;
    if (first !== null) first.prevSibling = child;
    this.firstChild = child;
    this.childCount++;
  }

  private childEnded(child: TaskImpl): void {
    const prev = child.prevSibling;
    const next = child.nextSibling;
    if (prev !== null) prev.nextSibling = next;
    else this.firstChild = next;
    if (next !== null) next.prevSibling = prev;
    child.prevSibling = child.nextSibling = null;
    this.childCount--;
    // A task failing already keeps its first error; this child's end may still be the last one it waited for.
    if (child.status === FAILED && this.abortError === NONE) this.abort(child.value);
    else this.maybeEnd();
  }
}

Object.defineProperty(TaskImpl.prototype, '@@plesio/task', { value: true });

function noop(): void {}
