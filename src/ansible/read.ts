/**
 * Reading a report's facts without trusting their shape. The built-in facts have known shapes, but a
 * plugin may replace any of them and a stored run may come from another plesio version: a value of an
 * unexpected type reads as absent, so the Ansible view leaves the key out instead of failing.
 */

/** A plain object (not an array), or `undefined`. */
export function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** A string, or `undefined`. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A non-empty string, or `undefined`. */
export function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A finite number, or `undefined`. */
export function number(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A whole number of at least zero, or `undefined`. */
export function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

/** A boolean, or `undefined`. */
export function bool(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

/** The strings of a list (other items dropped), or `undefined` when it is not a list. */
export function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
}

/** The plain objects of a list (other items dropped), or `undefined` when it is not a list. */
export function records(value: unknown): Record<string, unknown>[] | undefined {
  return Array.isArray(value) ? value.map(record).filter((v): v is Record<string, unknown> => v !== undefined) : undefined;
}

/** `value` as Ansible writes an unknown string: `NA` when absent. */
export function orNA(value: unknown): string {
  return nonEmpty(value) ?? 'NA';
}

/**
 * Sets `target[key]` as an own property whatever the key: a name a host chose (an interface called
 * `__proto__`) stays an ordinary key and never reaches the object's prototype.
 */
export function put(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
