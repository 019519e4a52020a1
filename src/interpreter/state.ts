/**
 * Applies `put` to the run's state: a partial object is merged at the top level into a new object, a
 * function is an immer recipe. Every change is attributed to the put's effect and its cause — the last
 * command its task ran — so every fact can say where it came from.
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

/** Produces and stores the next state; `put` resumes with `undefined`. */
export function applyPut(env: RunEnv, who: Provenance, effectId: number, update: object | ((draft: any) => any)): void {
  const prev = env.state;
  const base = (prev !== null && typeof prev === 'object' ? prev : {}) as Record<string, unknown>;
  if (typeof update === 'function') applyRecipe(env, who, effectId, base, update as (draft: any) => any);
  else applyMerge(env, who, effectId, base, update as Record<string, unknown>);
}

// The hot path of `put`: one pass copies each own key of the partial and records who wrote it. A merge
// never mutates the previous state object, so older snapshots stay valid.
function applyMerge(env: RunEnv, who: Provenance, effectId: number, base: Record<string, unknown>, update: Record<string, unknown>): void {
  const next = { ...base };
  const prov = env.provenance;
  for (const key in update) {
    // Own keys only, as a spread would copy: an inherited enumerable key never reaches the state.
    if (!Object.hasOwn(update, key)) continue;
    next[key] = update[key];
    prov.set(key, who);
  }
  env.state = next;
  const log = env.patchLog;
  if (log !== null) {
    const patches: Patch[] = Object.keys(update).map((key) => ({ op: key in base ? 'replace' : 'add', path: [key], value: update[key] }));
    if (patches.length > 0) log.push({ effectId, taskId: who.taskId, cause: who.cause, patches });
  }
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
