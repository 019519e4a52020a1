/**
 * Monitor hooks: every task start/end and effect trigger/settlement, with ids that link effects to their
 * task and parent effect — enough to draw a timeline or a progress bar. Absent hooks cost nothing.
 */
import type { AnyEffect } from '../effects/effect.js';

/** A task started. `parentId` is null for the root; `forkEffectId` is the effect that started it. */
export interface TaskStartEvent { taskId: number; parentId: number | null; forkEffectId: number | null; name: string; detached: boolean }
/** A task ended, with how. */
export interface TaskEndEvent { taskId: number; status: 'done' | 'failed' | 'cancelled'; result?: unknown; error?: unknown }
/** An effect was yielded. `parentEffectId` links an effect inside `all`/`race` to it, else to the task's fork. */
export interface EffectTriggeredEvent { effectId: number; taskId: number; parentEffectId: number | null; effect: AnyEffect }

/** Observer of a run. Every method is optional. */
export interface Monitor {
  taskStarted?(event: TaskStartEvent): void;
  taskEnded?(event: TaskEndEvent): void;
  effectTriggered?(event: EffectTriggeredEvent): void;
  effectResolved?(effectId: number, result: unknown): void;
  effectRejected?(effectId: number, error: unknown): void;
  effectCancelled?(effectId: number): void;
}
