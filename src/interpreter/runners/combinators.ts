/**
 * `all` and `race`: run nested effects side by side. Each nested effect settles into its own slot; the
 * first error (or, for `race`, the first result) cancels the others.
 */
import type { AllEffect, RaceEffect } from '../../effects/combinators.js';
import type { AnyEffect } from '../../effects/effect.js';
import { runEffect, Suspended, type Settle, type SettleSource } from '../run-effect.js';
import type { TaskImpl } from '../task.js';
import type { Runner } from './runner.js';

const NOT_YET = Symbol('not-yet');

/** The shared engine: `onSlot` decides, per settled slot, whether the whole is over. */
function runGroup(task: TaskImpl, effects: readonly AnyEffect[] | Readonly<Record<string, AnyEffect>>, parentId: number, source: SettleSource, isRace: boolean): unknown {
  const keys = Object.keys(effects);
  const isArray = Array.isArray(effects);
  const results: any = isArray ? new Array(keys.length) : {};
  // Keys in the order given, whatever order the effects settle in.
  if (!isArray && !isRace) for (const k of keys) results[k] = undefined;
  if (keys.length === 0) return results;
  const cancels = new Array<(() => void) | null>(keys.length).fill(null);
  let remaining = keys.length;
  let finished = false;
  let syncOutcome: { isErr: boolean; value: unknown } | typeof NOT_YET = NOT_YET;
  let outer: Settle | null = null;
  const env = task.env;
  const monitor = env.monitor;

  const cancelOthers = (except: number): void => {
    for (let i = 0; i < cancels.length; i++) {
      const c = cancels[i];
      cancels[i] = null;
      if (i !== except && c !== null && c !== undefined) c();
    }
  };
  const finish = (isErr: boolean, value: unknown, index: number): void => {
    finished = true;
    cancelOthers(index);
    if (outer === null) syncOutcome = { isErr, value };
    else outer(isErr, value);
  };
  const onSlot = (index: number, effectId: number, isErr: boolean, value: unknown): void => {
    if (finished) return;
    cancels[index] = null;
    if (monitor !== null) {
      if (isErr) monitor.effectRejected?.(effectId, value);
      else monitor.effectResolved?.(effectId, value);
    }
    const key = isArray ? index : keys[index]!;
    if (isErr) return finish(true, value, index);
    if (isRace) {
      const won: any = isArray ? new Array(keys.length) : {};
      won[key] = value;
      return finish(false, won, index);
    }
    results[key] = value;
    if (--remaining === 0) finish(false, results, index);
  };

  for (let i = 0; i < keys.length && !finished; i++) {
    const child = (effects as Record<string, AnyEffect>)[keys[i]!]!;
    const effectId = env.nextEffectId++;
    if (monitor !== null) monitor.effectTriggered?.({ effectId, taskId: task.id, parentEffectId: parentId, effect: child });
    let live = true;
    const slot: SettleSource = { settler: () => (isErr, value) => { if (live) { live = false; onSlot(i, effectId, isErr, value); } } };
    let v: unknown;
    try {
      v = runEffect(task, child, effectId, slot, parentId);
    } catch (e) {
      live = false;
      onSlot(i, effectId, true, e);
      break;
    }
    if (v instanceof Suspended) {
      if (live) {
        const c = v.cancel;
        cancels[i] = () => {
          live = false;
          if (monitor !== null) monitor.effectCancelled?.(effectId);
          if (c !== null) c();
        };
      }
    } else {
      live = false;
      onSlot(i, effectId, false, v);
    }
  }
  if (syncOutcome !== NOT_YET) {
    const o = syncOutcome as { isErr: boolean; value: unknown };
    if (o.isErr) throw o.value;
    return o.value;
  }
  outer = source.settler();
  return new Suspended(() => { finished = true; cancelOthers(-1); });
}

export const runAll: Runner<AllEffect> = (task, effect, effectId, source) => runGroup(task, effect.effects, effectId, source, false);
export const runRace: Runner<RaceEffect> = (task, effect, effectId, source) => runGroup(task, effect.effects, effectId, source, true);
