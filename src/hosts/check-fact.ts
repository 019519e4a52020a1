/**
 * The checks `defineFact` runs on a definition: every field's type and shape, the choice between a
 * command and a saga, and no field it does not know (a typo such as `timeout` must not pass silently).
 */
import { isOsSelector } from './os-family.js';
import { PluginDefinitionError, received } from './plugin-error.js';

/** A fact name or key: a letter, then letters, digits or `_`; at most 64 characters. */
export const FACT_NAME = /^[a-z][a-z0-9_]{0,63}$/i;

/** Keys of the report that are not facts. */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(['errors', 'sources', 'unsupported_os']);

const COMMON_FIELDS = ['name', 'os', 'description', 'keys', 'needsRoot', 'needs', 'timeoutMs', 'optIn'];
const KNOWN_FIELDS = new Set([...COMMON_FIELDS, 'command', 'parse', 'saga', 'commands']);
const LIKELY: Readonly<Record<string, string>> = { timeout: 'timeoutMs', root: 'needsRoot', sudo: 'needsRoot', requires: 'needs', deps: 'needs', parser: 'parse', run: 'saga', cmd: 'command' };

/**
 * Checks a fact definition and returns it; throws `PluginDefinitionError` naming the first field at
 * fault. `plugin` and `index` place the error when the fact is defined inside `definePlugin`.
 */
export function checkFactDefinition(definition: unknown, plugin: string | undefined, index: number | undefined): Record<string, any> {
  const label = index === undefined ? undefined : `facts[${index}]`;
  if (definition === null || typeof definition !== 'object' || Array.isArray(definition)) {
    throw new PluginDefinitionError({ plugin, fact: label }, 'definition', `must be an object such as { name, command, parse } or { name, saga }, ${received(definition)}`);
  }
  const def = definition as Record<string, any>;
  const nameOk = typeof def['name'] === 'string' && FACT_NAME.test(def['name']);
  const place = { plugin, fact: nameOk ? (def['name'] as string) : label };
  const fail = (field: string, problem: string): never => { throw new PluginDefinitionError(place, field, problem); };

  if (!nameOk) fail('name', `must be a letter then letters, digits or _ (at most 64), ${received(def['name'])}`);
  if (RESERVED_KEYS.has(def['name'])) fail('name', `${JSON.stringify(def['name'])} is reserved for the report's bookkeeping; choose another name`);
  if (def['name'] === 'default') fail('name', '"default" is reserved: a --facts selection says default for every fact a scan gathers by default; choose another name');
  for (const field of Object.keys(def)) {
    if (KNOWN_FIELDS.has(field)) continue;
    fail(field, `is not a field of a fact${LIKELY[field] === undefined ? '' : ` (did you mean ${LIKELY[field]}?)`}; known fields: ${[...KNOWN_FIELDS].join(', ')}`);
  }

  const hasCommand = def['command'] !== undefined || def['parse'] !== undefined;
  const hasSaga = def['saga'] !== undefined;
  if (hasCommand && hasSaga) fail(def['command'] !== undefined ? 'command' : 'parse', 'and saga are both given; a fact is either a command with a parser or a saga');
  if (!hasCommand && !hasSaga) fail('command', 'is missing: give a command with a parse function, or a saga');
  if (hasCommand) {
    if (typeof def['command'] !== 'string' || def['command'].trim() === '') fail('command', `must be a non-empty shell command, ${received(def['command'])}`);
    if (typeof def['parse'] !== 'function') fail('parse', `must be a function (stdout, ctx) => value, ${received(def['parse'])}`);
    if (def['commands'] !== undefined) fail('commands', 'is for saga facts; a command fact runs its command');
  } else {
    if (typeof def['saga'] !== 'function') fail('saga', `must be a generator function (*saga(ctx) { ... }), ${received(def['saga'])}`);
    checkCommands(def['commands'], fail);
  }

  const os = def['os'];
  if (os !== undefined) {
    const list: unknown[] = Array.isArray(os) ? os : [os];
    if (list.length === 0) fail('os', 'is an empty list; leave it out for any system');
    const bad = list.find((o) => !isOsSelector(o));
    if (bad !== undefined) fail('os', `must be linux, sunos, freebsd, openbsd, netbsd, dragonfly, darwin, aix, hpux, bsd or any, ${received(bad)}`);
  }
  const description = def['description'];
  if (description !== undefined && (typeof description !== 'string' || /[\r\n]/.test(description) || description.length > 300)) {
    fail('description', `must be one line of text (at most 300 characters), ${received(description)}`);
  }
  checkKeys(def['keys'], def['name'], fail);
  const needs = def['needs'];
  if (needs !== undefined) {
    if (!Array.isArray(needs)) fail('needs', `must be a list of fact names, ${received(needs)}`);
    for (const n of needs as unknown[]) {
      if (typeof n !== 'string' || !FACT_NAME.test(n)) fail('needs', `must list fact names, ${received(n)}`);
      if (n === def['name']) fail('needs', 'names the fact itself');
    }
  }
  for (const flag of ['needsRoot', 'optIn']) {
    if (def[flag] !== undefined && typeof def[flag] !== 'boolean') fail(flag, `must be true or false, ${received(def[flag])}`);
  }
  const timeoutMs = def['timeoutMs'];
  if (timeoutMs !== undefined && !(typeof timeoutMs === 'number' && timeoutMs > 0 && timeoutMs <= 2_147_483_647)) {
    fail('timeoutMs', `must be a number of milliseconds > 0, ${received(timeoutMs)}`);
  }
  return def;
}

function checkCommands(commands: unknown, fail: (field: string, problem: string) => never): void {
  if (commands === undefined) return;
  if (!Array.isArray(commands)) fail('commands', `must be a list of commands (strings or { command, needsRoot, fallback }), ${received(commands)}`);
  for (const c of commands as unknown[]) {
    const text = typeof c === 'string' ? c : typeof c === 'object' && c !== null ? (c as { command?: unknown }).command : undefined;
    if (typeof text !== 'string' || text.trim() === '') fail('commands', `must list non-empty commands, ${received(c)}`);
  }
}

function checkKeys(keys: unknown, name: string, fail: (field: string, problem: string) => never): void {
  if (keys === undefined) return;
  const list = Array.isArray(keys) ? (keys as unknown[]) : typeof keys === 'object' && keys !== null ? Object.keys(keys) : undefined;
  if (list === undefined) fail('keys', `must be a list of key names or { key: 'description' }, ${received(keys)}`);
  for (const k of list!) {
    if (typeof k !== 'string' || !FACT_NAME.test(k)) fail('keys', `must hold key names (a letter then letters, digits or _), ${received(k)}`);
    if (k === name) fail('keys', `lists ${JSON.stringify(k)}, the fact's own name; keys are the other keys it writes`);
    if (RESERVED_KEYS.has(k as string)) fail('keys', `lists ${JSON.stringify(k)}, which is reserved for the report's bookkeeping`);
  }
  if (new Set(list).size !== list!.length) fail('keys', 'lists a key twice');
  if (!Array.isArray(keys)) {
    for (const [k, d] of Object.entries(keys as Record<string, unknown>)) {
      if (typeof d !== 'string' || /[\r\n]/.test(d)) fail('keys', `${JSON.stringify(k)} must map to a one-line description, ${received(d)}`);
    }
  }
}
