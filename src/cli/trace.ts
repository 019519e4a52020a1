/**
 * `--trace FILE`: every effect of every host as a Chrome trace-event file, which Perfetto and
 * chrome://tracing open as a timeline — one process per host, one track per task, one slice per effect.
 * Effects that overlap inside a task (the branches of an `all`) get extra tracks of that task, because
 * slices on one track must nest. Events stream to the file as effects settle; nothing is kept per
 * finished host. Slices carry effect descriptors and exit codes, never command output.
 */
import { once } from 'node:events';
import { openPrivateFile } from '../private-files.js';
import type { AnyEffect } from '../effects/effect.js';
import { describeEffect, fnName, formatEffect } from '../effects/describe.js';
import type { Monitor } from '../interpreter/monitor.js';
import { fileProblem, UsageError } from './usage-error.js';

type TraceEvent = Record<string, unknown>;

/** An open trace file; `monitorFor` gives each host's scan its recorder. */
export interface TraceWriter {
  /** The monitor of one host, drawn as process `pid` named `host`. */
  monitorFor(host: string, pid: number): Monitor;
  /** Ends the JSON document and closes the file; rejects with the error of a failed write. */
  close(): Promise<void>;
}

/**
 * Opens (truncates) the trace file before the scan starts, so a bad path fails at once; a new one is
 * created 0600.
 * @example
 * const trace = await openTrace('scan.trace.json');
 * await scanHost({ executor, monitor: trace.monitorFor('web1', 1) });
 * await trace.close();
 */
export async function openTrace(file: string): Promise<TraceWriter> {
  let handle;
  try {
    handle = await openPrivateFile(file);
  } catch (error) {
    throw new UsageError(`cannot write the --trace file ${file}: ${fileProblem(error)}`, { cause: error });
  }
  const stream = handle.createWriteStream();
  // A failed write (a full disk) stops the trace, not the scan: the scan says so at the end.
  let failed: Error | undefined;
  stream.on('error', (error) => (failed ??= error));
  const origin = performance.now();
  let buffer = '{"displayTimeUnit":"ms","traceEvents":[\n';
  let first = true;
  const emit = (event: TraceEvent): void => {
    buffer += (first ? '' : ',\n') + JSON.stringify(event);
    first = false;
    // Batched writes: one per effect would cost a syscall each on a 10,000-host scan.
    if (buffer.length > 64 * 1024) flush();
  };
  const flush = (): void => {
    if (buffer !== '' && failed === undefined) stream.write(buffer);
    buffer = '';
  };
  // Trace timestamps are microseconds since the trace began.
  const clock = (): number => Math.round((performance.now() - origin) * 1000);
  return {
    monitorFor: (host, pid) => hostMonitor(host, pid, emit, clock),
    async close() {
      buffer += '\n]}\n';
      flush();
      // A stream that failed has closed already: waiting for its 'close' would wait forever.
      if (!stream.closed) {
        stream.end();
        await once(stream, 'close').catch((error: Error) => (failed ??= error));
      }
      if (failed !== undefined) throw failed;
    },
  };
}

interface OpenEffect {
  taskId: number;
  parent: number | null;
  lane: number;
  start: number;
  effect: AnyEffect;
}

interface TaskTrack {
  name: string;
  start: number;
  /** Per lane (track) of the task: its thread id and the effects open on it, innermost last. */
  lanes: { tid: number; open: number[] }[];
}

function hostMonitor(host: string, pid: number, emit: (event: TraceEvent) => void, clock: () => number): Monitor {
  const tasks = new Map<number, TaskTrack>();
  const effects = new Map<number, OpenEffect>();
  let nextTid = 1;
  emit({ ph: 'M', pid, tid: 0, name: 'process_name', args: { name: host } });
  emit({ ph: 'M', pid, tid: 0, name: 'process_sort_index', args: { sort_index: pid } });
  const newLane = (task: TaskTrack): number => {
    const tid = nextTid++;
    task.lanes.push({ tid, open: [] });
    emit({ ph: 'M', pid, tid, name: 'thread_name', args: { name: task.lanes.length === 1 ? task.name : `${task.name} (${task.lanes.length})` } });
    return task.lanes.length - 1;
  };
  const isAncestor = (candidate: number, effectId: number | null): boolean => {
    for (let id = effectId; id !== null; id = effects.get(id)?.parent ?? null) if (id === candidate) return true;
    return false;
  };
  const settle = (effectId: number, outcome: Record<string, unknown>): void => {
    const open = effects.get(effectId);
    if (open === undefined) return;
    effects.delete(effectId);
    const task = tasks.get(open.taskId);
    const lane = task?.lanes[open.lane];
    if (lane !== undefined) lane.open.splice(lane.open.lastIndexOf(effectId), 1);
    const end = clock();
    emit({ ph: 'X', pid, tid: lane?.tid ?? 0, name: sliceName(open.effect), cat: open.effect.type, ts: open.start, dur: Math.max(end - open.start, 0), args: { effect: describeEffect(open.effect), ...outcome } });
  };

  return {
    taskStarted(event) {
      const task: TaskTrack = { name: `task ${event.taskId}: ${event.name}`, start: clock(), lanes: [] };
      tasks.set(event.taskId, task);
      newLane(task);
    },
    taskEnded(event) {
      const task = tasks.get(event.taskId);
      if (task === undefined) return;
      tasks.delete(event.taskId);
      const end = clock();
      emit({ ph: 'X', pid, tid: task.lanes[0]!.tid, name: task.name, cat: 'task', ts: task.start, dur: Math.max(end - task.start, 0), args: { status: event.status, ...(event.error === undefined ? {} : { error: errorOf(event.error) }) } });
    },
    effectTriggered(event) {
      const task = tasks.get(event.taskId);
      if (task === undefined) return;
      // The parent link only matters inside the task: a task's first effects hang off its fork effect.
      const parent = event.parentEffectId !== null && effects.get(event.parentEffectId)?.taskId === event.taskId ? event.parentEffectId : null;
      let lane = task.lanes.findIndex((l) => l.open.length === 0 || isAncestor(l.open[l.open.length - 1]!, parent));
      if (lane === -1) lane = newLane(task);
      task.lanes[lane]!.open.push(event.effectId);
      effects.set(event.effectId, { taskId: event.taskId, parent, lane, start: clock(), effect: event.effect });
    },
    effectResolved: (effectId, result) => settle(effectId, { outcome: 'resolved', ...resultOf(result) }),
    effectRejected: (effectId, error) => settle(effectId, { outcome: 'rejected', error: errorOf(error) }),
    effectCancelled: (effectId) => settle(effectId, { outcome: 'cancelled' }),
  };
}

/** A short slice title: the command of an `exec`, the function of a `call` or `fork`. */
function sliceName(effect: AnyEffect): string {
  const e = effect as AnyEffect & { command?: unknown; fn?: unknown };
  const name = effect.type === 'exec' ? `exec ${String(e.command)}` : effect.type === 'call' || effect.type === 'fork' ? `${effect.type} ${typeof e.fn === 'string' ? e.fn : fnName(e.fn)}` : formatEffect(effect);
  return name.length > 80 ? `${name.slice(0, 79)}…` : name;
}

/** What a slice shows of a result: an exec's exit status and output sizes, never the output itself. */
function resultOf(result: unknown): Record<string, unknown> {
  const r = result as { stdout?: unknown; stderr?: unknown; code?: unknown; signal?: unknown } | null;
  if (r === null || typeof r !== 'object' || typeof r.stdout !== 'string' || typeof r.stderr !== 'string') return {};
  return { exit: { code: r.code, signal: r.signal, stdout_bytes: Buffer.byteLength(r.stdout), stderr_bytes: Buffer.byteLength(r.stderr) } };
}

function errorOf(error: unknown): Record<string, unknown> {
  const e = error as { code?: unknown; name?: unknown; message?: unknown } | null;
  return { code: typeof e?.code === 'string' ? e.code : 'error', message: typeof e?.message === 'string' ? e.message.slice(0, 300) : String(error).slice(0, 300) };
}
