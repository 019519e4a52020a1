/**
 * Applies `put` to the run's state: a partial object is merged at the top level, a function is an immer
 * recipe. Every change is attributed to the put's effect and its cause — the last command its task ran —
 * so every fact can say where it came from.
 *
 * A state object that left the interpreter (through `select`, `task.state()`, or as the run's initial
 * state) is never changed: the next merge copies it first. One that nobody outside has seen is the
 * interpreter's own, and merges write into it, so a scan's puts cost what they write, not the size of
 * the whole state (measured: ~1 µs per put to copy 30 facts, ~30 ns to write one).
 *
 * Attribution is kept per top-level key (bounded memory, on by default). The full history of immer
 * patches is opt-in (`run({ patches: true })`): a log that grows with every put costs the garbage
 * collector dearly in long runs (measured: 2-3x slower select/put loops).
 */
import { enablePatches, produce, produceWithPatches, type Patch } from 'immer';
import type { RunEnv } from './env.js';

enablePatches();

/** The command a change came from. */
export interface Cause {
  readonly effectId: number;
  /** The command text of the `exec`. */
  readonly command: string;
}

/** Who last wrote a top-level key of the state. */
export interface Provenance {
  /** The task whose `put` wrote it. */
  readonly taskId: number;
  /** The last command the writing task ran before the put (its effect id and text), or null. */
  readonly cause: Cause | null;
}

/** One `put`'s change to the state, as immer patches. */
export interface PatchRecord extends Provenance {
  /** The `put` effect. */
  readonly effectId: number;
  readonly patches: readonly Patch[];
}

/** The provenance a task's puts record, reused while its cause stays the same (no allocation per put). */
export function provenanceFor(task: { id: number; cause: Cause | null; provWho: Provenance | null }): Provenance {
  const p = task.provWho;
  if (p !== null && p.cause === task.cause) return p;
  return (task.provWho = { taskId: task.id, cause: task.cause });
}

/** The current state, given out: from now on it is a snapshot that later puts leave as it is. */
export function shareState(env: RunEnv): unknown {
  env.stateShared = true;
  return env.state;
}

/** What `select` resumes with. The selector may keep the state it is given: a snapshot from now on too. */
export function selectState(env: RunEnv, e: { selector: ((state: any, ...args: any[]) => unknown) | null; args: unknown[] }): unknown {
  const state = shareState(env);
  return e.selector === null ? state : e.args.length === 0 ? e.selector(state) : e.selector(state, ...e.args);
}

/** Produces and stores the next state; `put` resumes with `undefined`. */
export function applyPut(env: RunEnv, who: Provenance, effectId: number, update: object | ((draft: any) => any)): void {
  const prev = env.state;
  const base = (prev !== null && typeof prev === 'object' ? prev : {}) as Record<string, unknown>;
  if (typeof update === 'function') applyRecipe(env, who, effectId, base, update as (draft: any) => any);
  else applyMerge(env, who, effectId, base, update as Record<string, unknown>);
}

// The hot path of `put`: writes each own key of the partial and records who wrote it, into the state
// object itself when nobody outside has seen it, else into a copy.
function applyMerge(env: RunEnv, who: Provenance, effectId: number, base: Record<string, unknown>, update: Record<string, unknown>): void {
  const log = env.patchLog;
  // Before writing: whether a key is added or replaced depends on the state before this put.
  if (log !== null) {
    const patches: Patch[] = Object.keys(update).map((key) => ({ op: key in base ? 'replace' : 'add', path: [key], value: update[key] }));
    if (patches.length > 0) log.push({ effectId, taskId: who.taskId, cause: who.cause, patches });
  }
  let next = base;
  if (env.stateShared || base !== env.state) {
    next = copyOwn(base);
    env.state = next;
    env.stateShared = false;
  }
  const prov = env.provenance;
  // Own keys only, as a spread would copy: an inherited enumerable key never reaches the state.
  const keys = Object.keys(update);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    setOwn(next, key, update[key]);
    // A task writing the same key again (a counter, a progress fact) leaves its entry as it is.
    if (prov.get(key) !== who) prov.set(key, who);
  }
}

/**
 * A plain copy of an object's own enumerable string keys, as `{ ...o }` makes. Measured on Node 20: a
 * spread of a state that was itself copied misses V8's fast path (~100 ns for one key, against ~30 ns
 * for a loop of stores), while a loop adding many keys one by one ends in a slow dictionary object
 * (~5 µs for 31 keys, against ~1.3 µs for a spread). Hence a loop for a few keys, a spread past them.
 */
function copyOwn(o: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(o);
  // A spread defines keys (a `__proto__` key stays a key); the loop does the same through setOwn.
  if (keys.length > SMALL_STATE_KEYS) return { ...o };
  const out: Record<string, unknown> = {};
  for (let i = 0; i < keys.length; i++) setOwn(out, keys[i]!, o[keys[i]!]);
  return out;
}

const SMALL_STATE_KEYS = 4;

/** `o[key] = value`, except that a key named `__proto__` becomes a key, not the object's prototype. */
function setOwn(o: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(o, key, { value, writable: true, enumerable: true, configurable: true });
  else o[key] = value;
}

function applyRecipe(env: RunEnv, who: Provenance, effectId: number, base: Record<string, unknown>, recipe: (draft: any) => any): void {
  const log = env.patchLog;
  const prov = env.provenance;
  let next: Record<string, unknown>;
  if (log === null) {
    next = produce(base, recipe) as Record<string, unknown>;
  } else {
    const [n, patches] = produceWithPatches(base, recipe);
    next = n as Record<string, unknown>;
    if (patches.length > 0) log.push({ effectId, taskId: who.taskId, cause: who.cause, patches });
  }
  env.state = next;
  // immer freezes what it returns (and may return the base itself): never written into.
  env.stateShared = true;
  if (next !== base && next !== null && typeof next === 'object') {
    // Structural sharing: a top-level key whose value kept its identity did not change.
    for (const key of Object.keys(next)) if (next[key] !== base[key]) prov.set(key, who);
    // A key the recipe deleted is no longer in the state: it must not keep a writer either.
    for (const key of Object.keys(base)) if (!(key in next)) prov.delete(key);
  }
}

/**
 * Where each top-level key of a patch log's state came from: the last change that wrote it.
 * @example
 * provenanceOf(task.patches()).hostid?.cause // => { effectId: 7, command: 'hostid' }
 */
export function provenanceOf(log: readonly PatchRecord[]): Record<string, Provenance> {
  const out: Record<string, Provenance> = {};
  for (const rec of log) {
    for (const p of rec.patches) {
      const key = p.path[0];
      if (key !== undefined) out[String(key)] = { taskId: rec.taskId, cause: rec.cause };
    }
  }
  return out;
}
