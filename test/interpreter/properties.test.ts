/**
 * Property tests: random trees of tasks run by the interpreter, checked against a small reference model.
 *
 * A program is a tree of nodes; each node runs its steps (sync call, delay, microtask wait, fork, spawn,
 * call of a child saga whose failure it catches, join or cancel of an earlier child, throw) inside
 * try/finally, and returns the sum of its values.
 *
 * Timed programs (the full model): every delay gets its own power of two as duration, so every timer
 * deadline is a distinct sum and no two tasks ever wake at the same instant. Then a task's outcome follows
 * from simple rules, computed recursively below: a child runs on its own timeline from its fork; the
 * first failure among live attached children fails the parent at that time; a cancel cuts a child's
 * timeline (and its attached descendants') short; a join waits for the child's end. `run({ onError })`
 * hears exactly of the failures nobody observes: the root's, and a spawned task's while no join waits.
 *
 * Untimed programs (microtask waits, tied delays, asynchronous finally blocks): the order of events is
 * not modelled, so only what holds whatever the order is checked — every task ends, every finally runs
 * exactly once — plus the outcome when it cannot depend on the order (at most one throw, no cancel).
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  call, CallEffect, cancel, cancelled, delay, fork, ForkEffect, join, run, spawn, TaskCancelledError, type Monitor, type Saga, type Task,
} from '../../src/index.js';
import { TestClock } from '../../src/testing/index.js';
import { afterMicrotasks, flush } from './helpers.js';

// ------------------------------------------------------------------------------------- programs ----

type Step =
  | { kind: 'sync'; v: number }
  | { kind: 'delay'; v: number; ms: number }
  | { kind: 'micro'; v: number; hops: number }
  | { kind: 'fork'; child: Node }
  | { kind: 'spawn'; child: Node }
  | { kind: 'call'; child: Node }
  | { kind: 'join'; ref: number }
  | { kind: 'cancel'; ref: number }
  | { kind: 'throw' };

interface Node {
  id: number;
  steps: Step[];
  /** The finally block waits a few microtasks before recording (untimed programs only). */
  asyncFinally: boolean;
}

interface Shape { timed: boolean; cancels: boolean; maxDepth: number }

function nodeArb(depth: number, shape: Shape): fc.Arbitrary<Node> {
  const v = fc.integer({ min: 1, max: 9 });
  const ref = fc.nat({ max: 7 });
  const steps: Array<fc.WeightedArbitrary<Step>> = [
    { weight: 3, arbitrary: v.map((n): Step => ({ kind: 'sync', v: n })) },
    { weight: 4, arbitrary: fc.tuple(v, fc.integer({ min: 0, max: 20 })).map(([n, ms]): Step => ({ kind: 'delay', v: n, ms })) },
    { weight: 2, arbitrary: ref.map((r): Step => ({ kind: 'join', ref: r })) },
    { weight: 1, arbitrary: fc.constant<Step>({ kind: 'throw' }) },
  ];
  if (!shape.timed) steps.push({ weight: 3, arbitrary: fc.tuple(v, fc.nat({ max: 6 })).map(([n, hops]): Step => ({ kind: 'micro', v: n, hops })) });
  if (shape.cancels) steps.push({ weight: 2, arbitrary: ref.map((r): Step => ({ kind: 'cancel', ref: r })) });
  if (depth > 0) {
    const child = nodeArb(depth - 1, shape);
    steps.push({ weight: 5, arbitrary: child.map((c): Step => ({ kind: 'fork', child: c })) });
    steps.push({ weight: 2, arbitrary: child.map((c): Step => ({ kind: 'spawn', child: c })) });
    steps.push({ weight: 2, arbitrary: child.map((c): Step => ({ kind: 'call', child: c })) });
  }
  return fc.record({
    id: fc.constant(0),
    steps: fc.array(fc.oneof(...steps), { minLength: 1, maxLength: 6, size: 'medium' }),
    asyncFinally: shape.timed ? fc.constant(false) : fc.boolean(),
  });
}

function hasChild(step: Step): step is Extract<Step, { child: Node }> {
  return step.kind === 'fork' || step.kind === 'spawn' || step.kind === 'call';
}

/** Spawned nodes that no join step of their parent names: if they fail, only onError can hear of it. */
function neverJoinedSpawns(nodes: readonly Node[]): Set<number> {
  const out = new Set<number>();
  for (const node of nodes) {
    const handles: Array<{ id: number; spawned: boolean; joined: boolean }> = [];
    for (const step of node.steps) {
      if (step.kind === 'fork' || step.kind === 'spawn') handles.push({ id: step.child.id, spawned: step.kind === 'spawn', joined: false });
      if (step.kind === 'join' && handles.length > 0) handles[step.ref % handles.length]!.joined = true;
    }
    for (const h of handles) if (h.spawned && !h.joined) out.add(h.id);
  }
  return out;
}

/** Numbers the nodes in pre-order; in timed programs gives every delay its own power of two. */
function prepare(root: Node, timed: boolean): Node[] {
  const nodes: Node[] = [];
  let delays = 0;
  const visit = (node: Node): void => {
    node.id = nodes.length;
    nodes.push(node);
    for (const step of node.steps) {
      if (step.kind === 'delay' && timed) step.ms = 2 ** delays++;
      if (hasChild(step)) visit(step.child);
    }
  };
  visit(root);
  return nodes;
}

/** Keeps the first throw of the program (in pre-order) and turns every other one into a sync step. */
function keepOneThrow(root: Node): Node {
  let seen = false;
  const visit = (node: Node): void => {
    node.steps = node.steps.map((s) => {
      if (s.kind !== 'throw') return s;
      if (seen) return { kind: 'sync', v: 1 };
      seen = true;
      return s;
    });
    for (const s of node.steps) if (hasChild(s)) visit(s.child);
  };
  visit(root);
  return root;
}

// ------------------------------------------------------------------------------- running them ----

type Outcome = { status: 'done'; value: number } | { status: 'failed'; error: string } | { status: 'cancelled' };

class NodeError extends Error {
  constructor(readonly nodeId: number) { super(`node ${nodeId} threw`); }
}

interface Observed {
  /** Node id of every task that started, in start order. */
  started: number[];
  /** How every task that ended, ended, by node id. */
  ended: Map<number, Outcome>;
  /** Every finally block entered: the node and what cancelled() said there. */
  finallies: Array<{ id: number; cancelled: boolean }>;
  /** Every failure `onError` heard of: the node whose task it named, and the error. */
  reported: Array<{ id: number; error: string }>;
  root: Task<number>;
  clock: TestClock;
}

const syncValue = (v: number): number => v;
const microValue = (v: number, hops: number): Promise<number> => afterMicrotasks(v, hops);

/** The saga every node runs. */
function* nodeSaga(node: Node, errors: readonly NodeError[], finallies: Observed['finallies']): Saga<number> {
  const handles: Array<Task<number>> = [];
  let acc = 0;
  try {
    for (const step of node.steps) {
      switch (step.kind) {
        case 'sync': acc += yield* call(syncValue, step.v); break;
        case 'delay': acc += yield* delay(step.ms, step.v); break;
        case 'micro': acc += yield* call(microValue, step.v, step.hops); break;
        case 'fork': handles.push(yield* fork(nodeSaga, step.child, errors, finallies)); break;
        case 'spawn': handles.push(yield* spawn(nodeSaga, step.child, errors, finallies)); break;
        case 'call':
          try {
            acc += yield* call(nodeSaga, step.child, errors, finallies);
          } catch {
            // Caught: the called saga's failure is this node's to handle, and onError never hears of it.
          }
          break;
        case 'join': if (handles.length > 0) acc += yield* join(handles[step.ref % handles.length]!); break;
        case 'cancel': if (handles.length > 0) yield cancel(handles[step.ref % handles.length]!); break;
        case 'throw': throw errors[node.id]!;
      }
    }
    return acc;
  } finally {
    // Recorded on entry: a cancel arriving while a finally that was entered normally waits (asyncFinally)
    // closes the generator at that yield, and the rest of the block does not run (see cancellation.test.ts).
    finallies.push({ id: node.id, cancelled: yield* cancelled() });
    if (node.asyncFinally) yield call(microValue, 0, 2);
  }
}

function errorKey(error: unknown, errors: readonly NodeError[]): string {
  if (error instanceof NodeError && errors[error.nodeId] === error) return `E${error.nodeId}`;
  if (error instanceof TaskCancelledError) return 'TCE';
  return `unexpected: ${String(error)}`;
}

/** Runs the program to the end: every timer fired, every microtask run. */
async function execute(root: Node, nodes: readonly Node[]): Promise<Observed> {
  const errors = nodes.map((n) => new NodeError(n.id));
  const nodeOfForkEffect = new Map<number, number>();
  const nodeOfTask = new Map<number, number>();
  const started: number[] = [];
  const ended = new Map<number, Outcome>();
  const finallies: Observed['finallies'] = [];
  const reported: Observed['reported'] = [];
  const monitor: Monitor = {
    effectTriggered: ({ effectId, effect }) => {
      if (effect instanceof ForkEffect || (effect instanceof CallEffect && effect.fn === nodeSaga)) nodeOfForkEffect.set(effectId, (effect.args[0] as Node).id);
    },
    taskStarted: ({ taskId, forkEffectId }) => {
      const id = forkEffectId === null ? root.id : nodeOfForkEffect.get(forkEffectId)!;
      nodeOfTask.set(taskId, id);
      started.push(id);
    },
    taskEnded: ({ taskId, status, result, error }) => {
      const id = nodeOfTask.get(taskId)!;
      expect(ended.has(id), `node ${id} ended twice`).toBe(false);
      ended.set(id, status === 'done' ? { status, value: result as number }
        : status === 'failed' ? { status, error: errorKey(error, errors) } : { status });
    },
  };
  const clock = new TestClock();
  const onError = (error: unknown, t: { id: number }): void => void reported.push({ id: nodeOfTask.get(t.id)!, error: errorKey(error, errors) });
  const task = run({ clock, monitor, onError }, nodeSaga, root, errors, finallies);
  for (;;) {
    await flush();
    if (!clock.tick()) break;
  }
  return { started, ended, finallies, reported, root: task, clock };
}

/** (a) and (b): every task that started ended, no timer is left, every finally was entered exactly once. */
function checkEveryTaskEnded(o: Observed): void {
  expect(o.root.isRunning()).toBe(false);
  expect(o.clock.pending()).toBe(0);
  expect([...o.ended.keys()].sort((a, b) => a - b)).toEqual(o.started.slice().sort((a, b) => a - b));
  const runs = new Map<number, number>();
  for (const f of o.finallies) runs.set(f.id, (runs.get(f.id) ?? 0) + 1);
  for (const id of o.started) expect(runs.get(id), `finally runs of node ${id}`).toBe(1);
  expect(o.finallies).toHaveLength(o.started.length);
}

/**
 * onError heard each failure at most once, with the task's own error, and only of the root or of a
 * spawned task; of every failed spawned task no join could have waited for; and of the root if it failed.
 */
function checkReported(o: Observed, root: Node, nodes: readonly Node[]): void {
  const ids = o.reported.map((r) => r.id);
  expect(new Set(ids).size, 'a failure reported twice').toBe(ids.length);
  const spawned = new Set(nodes.flatMap((n) => n.steps.flatMap((s) => (s.kind === 'spawn' ? [s.child.id] : []))));
  for (const r of o.reported) {
    expect(r.id === root.id || spawned.has(r.id), `onError heard of node ${r.id}, neither the root nor spawned`).toBe(true);
    expect(o.ended.get(r.id)).toEqual({ status: 'failed', error: r.error });
  }
  const must = [...neverJoinedSpawns(nodes)].filter((id) => o.ended.get(id)?.status === 'failed');
  if (o.ended.get(root.id)?.status === 'failed') must.push(root.id);
  for (const id of must) expect(ids, `onError did not hear of node ${id}`).toContain(id);
}

// ------------------------------------------------------------------------- the timed model ----

interface Behaviour {
  end: number;
  outcome: Outcome;
  /** The body was closed by a cancel, so its finally saw cancelled() true. */
  finallyCancelled: boolean;
}

interface Handle {
  node: Node;
  start: number;
  kind: 'fork' | 'spawn' | 'call';
  natural: Behaviour;
  cut: number;
  /** A join was waiting for it when it ended. */
  joinedAtEnd: boolean;
}

const CANCELLED: Outcome = { status: 'cancelled' };

/** A child's behaviour once cut at `cut`: unchanged if it had ended by then, else cancelled then. */
function effective(h: Handle): Behaviour {
  return h.natural.end <= h.cut ? h.natural : { end: h.cut, outcome: CANCELLED, finallyCancelled: true };
}

/**
 * How `node` behaves when started at `start` and cancelled at `cut` (Infinity: never). With `record`,
 * also records the outcome of the node and of every task it started, and in `unobserved` the spawned
 * tasks that failed while no join waited for them.
 */
function simulate(node: Node, start: number, cut: number, record: Map<number, Behaviour> | null, unobserved: number[] = []): Behaviour {
  let t = start;
  let acc = 0;
  const handles: Handle[] = [];
  const calls: Handle[] = [];
  let result: Behaviour | null = null;

  const firstFailure = (until: number): Behaviour | null => {
    let first: Behaviour | null = null;
    for (const h of handles) {
      const b = effective(h);
      if (h.kind === 'fork' && b.outcome.status === 'failed' && b.end <= until && (first === null || b.end < first.end)) first = b;
    }
    return first;
  };
  // A node that ends cuts short its attached children and the saga it is calling; spawned ones go on.
  const end = (time: number, outcome: Outcome, finallyCancelled: boolean): void => {
    for (const h of [...handles, ...calls]) if (h.kind !== 'spawn' && effective(h).end > time) h.cut = time;
    result = { end: time, outcome, finallyCancelled };
  };
  /**
   * Waits until `until`, unless a child fails or the node is cut first; `inBody` tells where it waits.
   * Torn down in its body either way, the node's finally sees cancelled() true (as in redux-saga).
   */
  const waitUntil = (until: number, inBody: boolean): boolean => {
    const failure = firstFailure(until);
    if (cut < until && (failure === null || cut < failure.end)) {
      end(cut, CANCELLED, inBody);
      return false;
    }
    if (failure !== null) {
      end(failure.end, failure.outcome, inBody);
      return false;
    }
    return true;
  };

  body: for (const step of node.steps) {
    // A child that failed at this very instant failed synchronously, inside the last step.
    const failure = firstFailure(t);
    if (failure !== null) {
      end(failure.end, failure.outcome, true);
      break;
    }
    switch (step.kind) {
      case 'sync':
        acc += step.v;
        break;
      case 'delay':
        if (!waitUntil(t + step.ms, true)) break body;
        t += step.ms;
        acc += step.v;
        break;
      case 'micro':
        throw new Error('the timed model has no microtask steps');
      case 'fork':
      case 'spawn':
        handles.push({ node: step.child, start: t, kind: step.kind, natural: simulate(step.child, t, Infinity, null), cut: Infinity, joinedAtEnd: false });
        break;
      case 'call': {
        const h: Handle = { node: step.child, start: t, kind: 'call', natural: simulate(step.child, t, Infinity, null), cut: Infinity, joinedAtEnd: false };
        calls.push(h);
        if (h.natural.end > t && !waitUntil(h.natural.end, true)) break body;
        t = h.natural.end;
        // A failure is caught: the node goes on.
        if (h.natural.outcome.status === 'done') acc += h.natural.outcome.value;
        break;
      }
      case 'join': {
        if (handles.length === 0) break;
        const h = handles[step.ref % handles.length]!;
        if (effective(h).end > t) {
          if (!waitUntil(effective(h).end, true)) break body;
          h.joinedAtEnd = true;
          t = effective(h).end;
        }
        const o = effective(h).outcome;
        if (o.status === 'done') acc += o.value;
        else {
          end(t, { status: 'failed', error: o.status === 'failed' ? o.error : 'TCE' }, false);
          break body;
        }
        break;
      }
      case 'cancel': {
        if (handles.length === 0) break;
        const h = handles[step.ref % handles.length]!;
        if (effective(h).end > t) h.cut = t;
        break;
      }
      case 'throw':
        end(t, { status: 'failed', error: `E${node.id}` }, false);
        break body;
    }
  }
  if (result === null) {
    // The body returned: the node ends when its last attached child does, unless one fails first.
    const failure = firstFailure(t);
    if (failure !== null) end(failure.end, failure.outcome, true);
    else {
      const last = Math.max(t, ...handles.filter((h) => h.kind === 'fork').map((h) => effective(h).end));
      if (waitUntil(last, false)) result = { end: last, outcome: { status: 'done', value: acc }, finallyCancelled: false };
    }
  }
  const behaviour = result!;
  if (record !== null) {
    record.set(node.id, behaviour);
    for (const h of [...handles, ...calls]) simulate(h.node, h.start, h.cut, record, unobserved);
    for (const h of handles) if (h.kind === 'spawn' && effective(h).outcome.status === 'failed' && !h.joinedAtEnd) unobserved.push(h.node.id);
  }
  return behaviour;
}

// ------------------------------------------------------------------------ the untimed model ----

/** The outcome of a program with at most one throw and no cancel, whatever the order of events. */
function untimedOutcome(node: Node): Outcome {
  let acc = 0;
  const handles: Array<{ outcome: Outcome; attached: boolean }> = [];
  let failed: string | null = null;
  for (const step of node.steps) {
    switch (step.kind) {
      case 'sync': case 'delay': case 'micro': acc += step.v; break;
      case 'fork': case 'spawn': {
        const outcome = untimedOutcome(step.child);
        handles.push({ outcome, attached: step.kind === 'fork' });
        // The only error of the program: an attached child carrying it fails this node too.
        if (step.kind === 'fork' && outcome.status === 'failed') failed ??= outcome.error;
        break;
      }
      case 'call': {
        // A called saga's failure is caught.
        const o = untimedOutcome(step.child);
        if (o.status === 'done') acc += o.value;
        break;
      }
      case 'join': {
        if (handles.length === 0) break;
        const o = handles[step.ref % handles.length]!.outcome;
        if (o.status === 'failed') failed ??= o.error;
        else if (o.status === 'done') acc += o.value;
        break;
      }
      case 'cancel': throw new Error('the untimed model has no cancel steps');
      case 'throw': failed ??= `E${node.id}`; break;
    }
    if (step.kind === 'throw' || failed !== null) break;
  }
  return failed !== null ? { status: 'failed', error: failed } : { status: 'done', value: acc };
}

// ------------------------------------------------------------------------------- properties ----

describe('random trees of tasks', () => {
  test('Timed programs: every task ends, every finally runs once, and every task ends as the model predicts.', async () => {
    const shape: Shape = { timed: true, cancels: true, maxDepth: 3 };
    await fc.assert(
      fc.asyncProperty(nodeArb(shape.maxDepth, shape), async (root) => {
        const nodes = prepare(root, true);
        const o = await execute(root, nodes);
        checkEveryTaskEnded(o);
        const model = new Map<number, Behaviour>();
        const unobserved: number[] = [];
        simulate(root, 0, Infinity, model, unobserved);
        expect(o.started.slice().sort((a, b) => a - b)).toEqual([...model.keys()].sort((a, b) => a - b));
        for (const [id, b] of model) {
          expect(o.ended.get(id), `outcome of node ${id}`).toEqual(b.outcome);
          expect(o.finallies.find((f) => f.id === id)!.cancelled, `cancelled() in the finally of node ${id}`).toBe(b.finallyCancelled);
        }
        const rootOutcome = model.get(root.id)!.outcome;
        if (rootOutcome.status === 'done') expect(o.root.result()).toBe(rootOutcome.value);
        else expect(o.root.result()).toBeUndefined();
        if (rootOutcome.status === 'failed') unobserved.push(root.id);
        const expected = unobserved.map((id) => ({ id, error: (model.get(id)!.outcome as { error: string }).error }));
        const byId = (a: { id: number }, b: { id: number }): number => a.id - b.id;
        expect(o.reported.slice().sort(byId), 'the failures onError heard of').toEqual(expected.sort(byId));
        checkReported(o, root, nodes);
      }),
      { numRuns: 1500 },
    );
  });

  test('Untimed programs with at most one throw and no cancel: every task ends, every finally runs once, the root ends as predicted.', async () => {
    const shape: Shape = { timed: false, cancels: false, maxDepth: 3 };
    await fc.assert(
      fc.asyncProperty(nodeArb(shape.maxDepth, shape).map(keepOneThrow), async (root) => {
        const nodes = prepare(root, false);
        const o = await execute(root, nodes);
        checkEveryTaskEnded(o);
        const expected = untimedOutcome(root);
        expect(o.ended.get(root.id)).toEqual(expected);
        if (expected.status === 'failed') expect(o.root.error()).toBeInstanceOf(NodeError);
        checkReported(o, root, nodes);
      }),
      { numRuns: 500 },
    );
  });

  test('Untimed programs with any number of throws and cancels: every task still ends, and every finally runs exactly once.', async () => {
    const shape: Shape = { timed: false, cancels: true, maxDepth: 3 };
    await fc.assert(
      fc.asyncProperty(nodeArb(shape.maxDepth, shape), async (root) => {
        const nodes = prepare(root, false);
        const o = await execute(root, nodes);
        checkEveryTaskEnded(o);
        for (const outcome of o.ended.values()) {
          if (outcome.status === 'failed') expect(outcome.error).toMatch(/^(E\d+|TCE)$/);
        }
        checkReported(o, root, nodes);
      }),
      { numRuns: 500 },
    );
  });
});

describe('the timed model itself', () => {
  // The model is only as good as its rules: a few programs worked out by hand pin them down.
  const n = (steps: Step[]): Node => ({ id: 0, steps, asyncFinally: false });

  test('A child failing while its parent waits fails the parent at the child\'s failure time; the parent\'s finally sees cancelled() true.', () => {
    const root = n([{ kind: 'fork', child: n([{ kind: 'delay', v: 1, ms: 1 }, { kind: 'throw' }]) }, { kind: 'delay', v: 1, ms: 2 }]);
    prepare(root, false);
    expect(simulate(root, 0, Infinity, null)).toEqual({ end: 1, outcome: { status: 'failed', error: 'E1' }, finallyCancelled: true });
  });

  test('A cancel before the child ends makes a later join throw TaskCancelledError.', () => {
    const root = n([
      { kind: 'fork', child: n([{ kind: 'delay', v: 1, ms: 4 }]) },
      { kind: 'delay', v: 1, ms: 2 },
      { kind: 'cancel', ref: 0 },
      { kind: 'join', ref: 0 },
    ]);
    prepare(root, false);
    const record = new Map<number, Behaviour>();
    expect(simulate(root, 0, Infinity, record).outcome).toEqual({ status: 'failed', error: 'TCE' });
    expect(record.get(1)).toEqual({ end: 2, outcome: CANCELLED, finallyCancelled: true });
  });

  test('A cancel after the child ended changes nothing, and a join adds the child\'s value.', () => {
    const root = n([
      { kind: 'fork', child: n([{ kind: 'delay', v: 5, ms: 1 }]) },
      { kind: 'delay', v: 1, ms: 2 },
      { kind: 'cancel', ref: 0 },
      { kind: 'join', ref: 0 },
    ]);
    prepare(root, false);
    expect(simulate(root, 0, Infinity, null).outcome).toEqual({ status: 'done', value: 6 });
  });

  test('A spawned child\'s failure reaches its parent only through a join.', () => {
    const failing = (): Node => n([{ kind: 'delay', v: 1, ms: 1 }, { kind: 'throw' }]);
    const ignored = n([{ kind: 'spawn', child: failing() }, { kind: 'delay', v: 1, ms: 2 }]);
    const joined = n([{ kind: 'spawn', child: failing() }, { kind: 'join', ref: 0 }]);
    prepare(ignored, false);
    prepare(joined, false);
    expect(simulate(ignored, 0, Infinity, null).outcome).toEqual({ status: 'done', value: 1 });
    expect(simulate(joined, 0, Infinity, null).outcome).toEqual({ status: 'failed', error: 'E1' });
  });

  test('A called child\'s failure is caught: the caller goes on once it ended, and nobody else hears of it.', () => {
    const root = n([{ kind: 'call', child: n([{ kind: 'delay', v: 1, ms: 1 }, { kind: 'throw' }]) }, { kind: 'delay', v: 2, ms: 2 }]);
    prepare(root, false);
    const unobserved: number[] = [];
    expect(simulate(root, 0, Infinity, new Map(), unobserved)).toEqual({ end: 3, outcome: { status: 'done', value: 2 }, finallyCancelled: false });
    expect(unobserved).toEqual([]);
  });

  test('A spawned child failing while no join waits is unobserved; one whose failure a join receives is not.', () => {
    const failing = (): Node => n([{ kind: 'delay', v: 1, ms: 1 }, { kind: 'throw' }]);
    const root = n([
      { kind: 'spawn', child: failing() },
      { kind: 'spawn', child: n([{ kind: 'delay', v: 1, ms: 4 }, { kind: 'throw' }]) },
      { kind: 'delay', v: 1, ms: 2 },
      { kind: 'join', ref: 1 },
    ]);
    prepare(root, false);
    const unobserved: number[] = [];
    expect(simulate(root, 0, Infinity, new Map(), unobserved).outcome).toEqual({ status: 'failed', error: 'E2' });
    expect(unobserved).toEqual([1]);
  });

  test('A node cancelled while waiting for its children ran its finally before, with cancelled() false.', () => {
    const inner = n([{ kind: 'fork', child: n([{ kind: 'delay', v: 1, ms: 8 }]) }]);
    const root = n([{ kind: 'fork', child: inner }, { kind: 'delay', v: 1, ms: 2 }, { kind: 'cancel', ref: 0 }]);
    prepare(root, false);
    const record = new Map<number, Behaviour>();
    simulate(root, 0, Infinity, record);
    expect(record.get(1)).toEqual({ end: 2, outcome: CANCELLED, finallyCancelled: false });
    expect(record.get(2)).toEqual({ end: 2, outcome: CANCELLED, finallyCancelled: true });
  });
});
