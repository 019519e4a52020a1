/**
 * Renders descriptors as JSON-safe data for traces and error messages: functions by name, tasks by id,
 * long strings and deep structures cut short so that a trace never carries a whole command output.
 */

const MAX_STRING = 200;
const MAX_DEPTH = 4;
const MAX_ITEMS = 20;

/** A readable name for a function: its name, or `anonymous`. */
export function fnName(fn: unknown): string {
  return typeof fn === 'function' && fn.name ? fn.name : 'anonymous';
}

/** A JSON-safe rendering of any value (functions as `fn:name`, tasks as `task:id`). */
export function describeValue(value: unknown, depth = 0): unknown {
  switch (typeof value) {
    case 'function': return `fn:${fnName(value)}`;
    case 'string': return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…(${value.length} chars)` : value;
    case 'bigint': return `${value}n`;
    case 'symbol': return value.toString();
    case 'undefined': return null;
    case 'object': break;
    default: return value;
  }
  if (value === null) return null;
  const maybeTask = value as { '@@plesio/task'?: boolean; id?: number; name?: string };
  if (maybeTask['@@plesio/task'] === true) return `task:${maybeTask.id}:${maybeTask.name}`;
  if (depth >= MAX_DEPTH) return '…';
  if (value instanceof Error) return { error: value.name, message: value.message };
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((v) => describeValue(v, depth + 1));
    if (value.length > MAX_ITEMS) items.push(`…(${value.length} items)`);
    return items;
  }
  const out: Record<string, unknown> = {};
  let keys = Object.keys(value);
  // `type` first, as describeEffect does: an effect nested in all/race must read like a top-level one.
  const t = keys.indexOf('type');
  if (t > 0) keys = ['type', ...keys.slice(0, t), ...keys.slice(t + 1)];
  let n = 0;
  for (const key of keys) {
    if (n++ >= MAX_ITEMS) { out['…'] = `${keys.length} keys`; break; }
    out[key] = describeValue((value as Record<string, unknown>)[key], depth + 1);
  }
  return out;
}

/** A JSON-safe rendering of an effect descriptor. */
export function describeEffect(effect: object): Record<string, unknown> {
  // `type` first, whatever order the class fields were defined in, so traces read naturally.
  return describeValue({ type: (effect as { type?: unknown }).type, ...effect }) as Record<string, unknown>;
}

/** A one-line rendering, e.g. `call(fetchUname, "a")` or `exec("uname -a")`, for saga traces. */
export function formatEffect(effect: object): string {
  const d = describeEffect(effect);
  const { type, ...rest } = d;
  const parts = Object.entries(rest)
    .filter(([k, v]) => v !== null && !(Array.isArray(v) && v.length === 0) && !(k === 'options' && isEmptyRecord(v)))
    .map(([k, v]) => {
      // A function is shown by its bare name, as documented above: `call(fetchUname, "a")`.
      if (k === 'fn' && typeof v === 'string' && v.startsWith('fn:')) return v.slice(3);
      return k === 'fn' || k === 'command' || k === 'args' ? JSON.stringify(v).replace(/^\[|\]$/g, '') : `${k}: ${JSON.stringify(v)}`;
    });
  return `${String(type)}(${parts.join(', ')})`;
}

function isEmptyRecord(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0;
}
