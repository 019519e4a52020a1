/**
 * `definePlugin`: a named, versioned set of facts. plesio's own facts ship as plugins (`common`,
 * `linux`, `sunos`); a user's plugin is added after them and may replace a built-in fact.
 */
import { makeFact, type CommandFactDefinition, type Fact, type SagaFactDefinition } from './define-fact.js';
import { PluginDefinitionError, received } from './plugin-error.js';

/** What `definePlugin` takes. */
export interface PluginDefinition {
  /** Its name, as npm names packages (`acme`, `@acme/facts`): listings and errors show it. */
  readonly name: string;
  /** Its version, e.g. `1.2.0`. */
  readonly version: string;
  /** One line: what it gathers. */
  readonly description?: string | undefined;
  /** Its facts: made with `defineFact`, or plain definitions checked here. */
  readonly facts: readonly (Fact<any> | CommandFactDefinition<any> | SagaFactDefinition<any>)[];
}

/** A checked, frozen plugin. */
export interface Plugin {
  readonly name: string;
  readonly version: string;
  readonly description: string;
  readonly facts: readonly Fact[];
}

const PLUGIN_NAME = /^(?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i;
const FIELDS = new Set(['name', 'version', 'description', 'facts']);
const PLUGIN = Symbol.for('plesio.plugin');
// Which copy of plesio defined a plugin: effects and errors of one copy are not those of another, so a
// plugin must run in the copy it imports (see `definedBy`).
const COPY = Symbol.for('plesio.copy');
const THIS_COPY = new URL('../', import.meta.url).href;

/** Tells whether a value was made by `definePlugin`. */
export function isPlugin(value: unknown): value is Plugin {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[PLUGIN] === true;
}

/**
 * Defines a plugin. Checks it at once: a bad field, a bad fact, or two of its facts writing the same
 * key for the same system throw `PluginDefinitionError` naming the plugin, the fact and the field.
 * @example
 * export default definePlugin({
 *   name: 'acme', version: '1.2.0',
 *   facts: [defineFact({ name: 'timezone', command: 'date +%Z', parse: (stdout) => stdout.trim() })],
 * });
 */
export function definePlugin(definition: PluginDefinition): Plugin {
  if (isPlugin(definition)) return definition;
  if (definition === null || typeof definition !== 'object' || Array.isArray(definition)) {
    throw new PluginDefinitionError({ caller: 'definePlugin' }, 'definition', `must be an object { name, version, facts }, ${received(definition)}`);
  }
  const def = definition as unknown as Record<string, unknown>;
  const name = def['name'];
  if (typeof name !== 'string' || name.length > 214 || !PLUGIN_NAME.test(name)) {
    throw new PluginDefinitionError({ caller: 'definePlugin' }, 'name', `of a plugin must be a package-style name such as acme or @acme/facts, ${received(name)}`);
  }
  const fail = (field: string, problem: string): never => { throw new PluginDefinitionError({ plugin: name }, field, problem); };
  for (const field of Object.keys(def)) if (!FIELDS.has(field)) fail(field, `is not a field of a plugin; known fields: ${[...FIELDS].join(', ')}`);
  if (typeof def['version'] !== 'string' || !/^\S{1,64}$/.test(def['version'])) fail('version', `must be a version string such as 1.2.0, ${received(def['version'])}`);
  if (def['description'] !== undefined && (typeof def['description'] !== 'string' || /[\r\n]/.test(def['description']))) fail('description', `must be one line of text, ${received(def['description'])}`);
  if (!Array.isArray(def['facts']) || def['facts'].length === 0) fail('facts', `must be a non-empty list of facts, ${received(def['facts'])}`);
  const facts = (def['facts'] as unknown[]).map((f, i) => makeFact(f, name, i));
  checkOwnKeys(name, facts);
  return Object.freeze({
    [PLUGIN]: true,
    [COPY]: THIS_COPY,
    name,
    version: def['version'] as string,
    description: (def['description'] as string | undefined) ?? '',
    facts: Object.freeze(facts),
  });
}

/**
 * The folder of the copy of plesio that defined `plugin` (its `dist/` or `src/` URL) and of this copy:
 * a plugin importing another install of plesio than the one running it yields effects this copy does
 * not know (`here` is then false).
 * @example
 * definedBy(acme).here // => true when acme imports this plesio
 */
export function definedBy(plugin: Plugin): { readonly here: boolean; readonly copy: string | undefined; readonly ours: string } {
  const copy = (plugin as unknown as Record<symbol, unknown>)[COPY];
  return { here: copy === THIS_COPY, copy: typeof copy === 'string' ? copy : undefined, ours: THIS_COPY };
}

/** Every key a fact writes: its name, then its other keys. */
export function keysOf(fact: Fact): string[] {
  return [fact.name, ...Object.keys(fact.keys)];
}

/** Two facts of one plugin may not write the same key on the same system. */
function checkOwnKeys(plugin: string, facts: readonly Fact[]): void {
  for (let i = 0; i < facts.length; i++) {
    for (let j = 0; j < i; j++) {
      const [a, b] = [facts[j]!, facts[i]!];
      const key = keysOf(b).find((k) => keysOf(a).includes(k));
      const os = a.os.filter((o) => b.os.includes(o));
      if (key === undefined || os.length === 0) continue;
      const what = key === a.name && key === b.name ? 'is defined twice' : `writes the key ${JSON.stringify(key)}, as fact ${JSON.stringify(a.name)} does,`;
      throw new PluginDefinitionError({ plugin, fact: b.name }, 'name', `${what} for ${os.join(', ')}; a key belongs to one fact per system`);
    }
  }
}
