/**
 * The errors of a bad plugin, raised when it is defined or loaded, before any host is scanned: each
 * names the plugin, the fact and the field at fault, and says what was expected and what was received.
 */
import { PlesioError } from '../errors.js';

/** Where a definition error lies: the plugin (when known), the fact, the field. */
export interface DefinitionPlace {
  /** The function a plugin-less error names; default `defineFact`. */
  readonly caller?: 'defineFact' | 'definePlugin';
  readonly plugin?: string | undefined;
  /** The fact's name, or `facts[i]` when it has no usable name. */
  readonly fact?: string | undefined;
}

/** A fact or a plugin is malformed (`defineFact`, `definePlugin`, the registry). */
export class PluginDefinitionError extends PlesioError {
  readonly plugin: string | undefined;
  readonly fact: string | undefined;
  /** The field at fault, e.g. `saga`, `os`, `needs`, `version`. */
  readonly field: string;

  constructor(place: DefinitionPlace, field: string, problem: string) {
    super('bad-plugin', `${describePlace(place)}: ${field} ${problem}`);
    this.plugin = place.plugin;
    this.fact = place.fact;
    this.field = field;
  }
}

/** Two plugins write the same fact key on the same system. */
export class FactConflictError extends PlesioError {
  readonly fact: string;
  readonly plugins: readonly [string, string];
  /** The systems both define it for. */
  readonly os: readonly string[];

  constructor(fact: string, first: string, second: string, os: readonly string[]) {
    super('fact-conflict', `plugins ${JSON.stringify(first)} and ${JSON.stringify(second)} both define the fact ${JSON.stringify(fact)} for ${os.join(', ')}; load only one of them, or narrow their os lists so they do not overlap`);
    this.fact = fact;
    this.plugins = [first, second];
    this.os = [...os];
  }
}

/**
 * Where an error lies, for its message: `plugin "acme", fact "nginx"`; `defineFact: fact "nginx"`
 * outside a plugin; `facts[2]` for a fact with no usable name.
 */
export function describePlace(place: DefinitionPlace): string {
  const fact = place.fact === undefined ? undefined : place.fact.startsWith('facts[') ? place.fact : `fact ${JSON.stringify(place.fact)}`;
  const caller = place.caller ?? 'defineFact';
  if (place.plugin === undefined) return fact === undefined ? caller : `${caller}: ${fact}`;
  return fact === undefined ? `plugin ${JSON.stringify(place.plugin)}` : `plugin ${JSON.stringify(place.plugin)}, ${fact}`;
}

/** A short, safe rendering of a received value for an error message. */
export function received(value: unknown): string {
  if (value === undefined || value === null) return `received ${String(value)}`;
  if (typeof value === 'function') return 'received a function';
  if (Array.isArray(value)) return 'received an array';
  if (typeof value === 'string') return `received ${JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value)}`;
  if (typeof value === 'object') return 'received an object';
  return `received ${typeof value} ${String(value)}`;
}
