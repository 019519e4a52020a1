/** `join`: wait for one task, or all tasks of an array, and resume with the result(s). */
import type { JoinEffect } from '../../effects/task-control.js';
import { Suspended } from '../run-effect.js';
import type { TaskImpl } from '../task.js';
import type { Runner } from './runner.js';

export const runJoin: Runner<JoinEffect> = (_task, effect, _id, source) => {
  if (!Array.isArray(effect.task)) {
    const t = effect.task as TaskImpl;
    if (!t.isRunning()) return unwrap(t);
    const settle = source.settler();
    const off = t.onEnd((done) => {
      const o = done.outcome();
      if (o.ok) settle(false, o.value);
      else settle(true, o.error);
    });
    return new Suspended(off);
  }
  const tasks = effect.task as readonly TaskImpl[];
  const results = new Array<unknown>(tasks.length);
  let pending = 0;
  for (let i = 0; i < tasks.length; i++) {
    const t = tasks[i]!;
    if (t.isRunning()) pending++;
    else results[i] = unwrap(t);
  }
  if (pending === 0) return results;
  const settle = source.settler();
  const offs: Array<() => void> = [];
  let over = false;
  const stop = (): void => { over = true; for (const off of offs) off(); };
  for (let i = 0; i < tasks.length && !over; i++) {
    const t = tasks[i]!;
    if (!t.isRunning()) continue;
    offs.push(t.onEnd((done) => {
      if (over) return;
      const o = done.outcome();
      if (!o.ok) { stop(); settle(true, o.error); return; }
      results[i] = o.value;
      if (--pending === 0) { over = true; settle(false, results); }
    }));
  }
  return new Suspended(stop);
};

function unwrap(t: TaskImpl): unknown {
  const o = t.outcome();
  if (o.ok) return o.value;
  throw o.error;
}
