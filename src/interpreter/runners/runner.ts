/** The runner contract: the result, a `Suspended` (settling later through `source`), or a thrown error. */
import type { SettleSource } from '../run-effect.js';
import type { TaskImpl } from '../task.js';

export type Runner<E> = (task: TaskImpl, effect: E, effectId: number, source: SettleSource, parentEffectId: number | null) => unknown;
