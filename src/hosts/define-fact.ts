/**
 * `defineFact`: the one way a fact is written, built-in or not. A fact is either one command and a
 * pure parser of its output, or a saga for facts that run several commands or branch on what they find.
 * The definition is checked at once and frozen; the fact runner (`gatherFacts`) runs either kind.
 */
import type { Saga } from '../effects/effect.js';
import type { ParserSpec } from './fact.js';
import { expandOs, type OsFamily, type OsSelector } from './os-family.js';
import { probe } from './probe.js';
import { checkFactDefinition } from './check-fact.js';

/** What a fact's parser or saga is told about the host and the run. */
export interface FactContext {
  /** The host's family. */
  readonly os: OsFamily;
  /** The operator allowed `sudo -n` (`--sudo`): commands that need root may use it. */
  readonly sudo: boolean;
  /** The timeout of each command of this fact, in ms. */
  readonly timeoutMs: number;
}

/** A command a saga fact may run: its text, whether it needs root for its full answer, whether it is a fallback. */
export interface CommandSpec {
  readonly command: string;
  readonly needsRoot?: boolean | undefined;
  /**
   * Run only when the commands before it failed (an older tool's form, a /proc file): listed by
   * `facts --list`, but not started early while the fact waits for its `needs`.
   */
  readonly fallback?: boolean | undefined;
}

const SOURCED = Symbol.for('plesio.sourced');

/** A fact's value with the command it came from; see `sourcedFrom`. */
export class Sourced<T> {
  readonly [SOURCED] = true;
  constructor(readonly command: string, readonly value: T) {}
}

/** Tells whether a saga's return value is a `Sourced` (of this or another copy of plesio). */
export function isSourced(value: unknown): value is Sourced<unknown> {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[SOURCED] === true;
}

/**
 * Names the command a saga fact's value came from, for the report's `sources`. Needed only when the
 * saga runs several commands side by side and keeps one answer: otherwise the last command it ran is
 * named.
 * @example
 * return sourcedFrom(linuxMemoryBlocks, { installed_memory_in_MB: mb, memory_source: 'memory-blocks' });
 */
export function sourcedFrom<T>(source: string | CommandSpec, value: T): Sourced<T> {
  return new Sourced(typeof source === 'string' ? source : source.command, value);
}

/** What a fact saga may return: its value, its value with its source, or nothing (it put its keys itself). */
export type FactOutput<T> = T | Sourced<T> | void | undefined;

/** The fields every fact may have. */
export interface FactOptions {
  /** The state key it writes, and what `--facts` selects: a letter, then letters, digits or `_`. */
  readonly name: string;
  /** The families it is gathered on: a family, `bsd`, `any` (the default) or a list of them. */
  readonly os?: OsSelector | readonly OsSelector[] | undefined;
  /** One line: what the value is, as `plesio facts --list` shows it. */
  readonly description?: string | undefined;
  /**
   * Other top-level keys it writes, as a list or as `{ key: 'its description' }`. A fact with keys
   * returns an object holding its name and keys (`{ device, bios }`), each put at the top level.
   */
  readonly keys?: readonly string[] | Readonly<Record<string, string>> | undefined;
  /** Its command gives its full answer only as root: run it through `sudo -n` when sudo is allowed. */
  readonly needsRoot?: boolean | undefined;
  /** Facts it reads with `select`: it runs after them, and selecting it selects them. */
  readonly needs?: readonly string[] | undefined;
  /**
   * A command fact: its command's timeout (when shorter than the scan's), from when it starts on the
   * host. A saga fact: a bound on the whole saga, all its commands included. Past it, the fact fails
   * with code `timeout`.
   */
  readonly timeoutMs?: number | undefined;
  /** Gathered only when named in a `--facts` selection (or needed by a selected fact). */
  readonly optIn?: boolean | undefined;
}

/** A fact made of one command and a pure parser of its stdout. */
export interface CommandFactDefinition<T> extends FactOptions {
  /** The shell command; values inside it must be shell-quoted (`sh`, `shellQuote`). */
  readonly command: string;
  /** Turns stdout into the value; throws `ParseError` when the output has an unexpected shape. */
  readonly parse: (stdout: string, ctx: FactContext) => T;
  readonly saga?: undefined;
  readonly commands?: undefined;
}

/** A fact gathered by a saga: several commands, fallbacks, or a branch on what it finds. */
export interface SagaFactDefinition<T> extends FactOptions {
  /** Returns the value (put under `name`), or puts its keys itself and returns nothing. */
  readonly saga: (ctx: FactContext) => Saga<FactOutput<T>>;
  /** The commands it may run, for listings; while it waits for its `needs`, they start early. */
  readonly commands?: readonly (string | CommandSpec)[] | undefined;
  readonly command?: undefined;
  readonly parse?: undefined;
}

/** The parts of a fact the two kinds share, checked and normalised. */
interface FactBase<T> {
  readonly name: string;
  /** The families it applies to (never empty). */
  readonly os: readonly OsFamily[];
  readonly description: string;
  /** Its other keys, each with its description. */
  readonly keys: Readonly<Record<string, string>>;
  readonly needsRoot: boolean;
  readonly needs: readonly string[];
  readonly timeoutMs: number | undefined;
  readonly optIn: boolean;
  /** Every command it may run (a command fact: its one command). */
  readonly commands: readonly Required<CommandSpec>[];
  /** The saga the runner runs; for a command fact, `exec` then `parse`. Step it with a `FactContext`. */
  readonly saga: (ctx: FactContext) => Saga<FactOutput<T>>;
}

/** A defined command fact. */
export interface CommandFact<T = unknown> extends FactBase<T> {
  readonly kind: 'command';
  readonly command: string;
  readonly parse: (stdout: string, ctx: FactContext) => T;
}

/** A defined saga fact. */
export interface SagaFact<T = unknown> extends FactBase<T> {
  readonly kind: 'saga';
}

/** A fact as `defineFact` returns it: checked, frozen, ready for a plugin. */
export type Fact<T = unknown> = CommandFact<T> | SagaFact<T>;

/** The value type of a fact. */
export type FactValue<F> = F extends Fact<infer T> ? T : never;

const FACT = Symbol.for('plesio.fact');

/** Tells whether a value was made by `defineFact` (of this or another copy of plesio). */
export function isFact(value: unknown): value is Fact {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[FACT] === true;
}

/**
 * Defines a fact. Checks the definition at once and throws `PluginDefinitionError` naming the field
 * at fault. The value type flows from `parse` (or the saga's return) to everything that runs the fact.
 * @example
 * const timezone = defineFact({ name: 'timezone', os: ['linux', 'sunos'], command: 'date +%Z', parse: (stdout) => stdout.trim() });
 * @example
 * const nginx = defineFact({
 *   name: 'nginx', os: 'linux',
 *   *saga() {
 *     const v = yield* exec('nginx -v 2>&1');
 *     return v.code === 0 ? v.stdout.trim() : null;
 *   },
 * });
 */
export function defineFact<T>(definition: CommandFactDefinition<T>): CommandFact<T>;
export function defineFact<T>(definition: SagaFactDefinition<T>): SagaFact<T>;
export function defineFact<T>(definition: CommandFactDefinition<T> | SagaFactDefinition<T>): Fact<T> {
  return makeFact(definition, undefined, undefined);
}

/**
 * A command fact from a parser spec (`{ name, command, parse, description, needsRoot }`): the spec's
 * command and parser, under the fact name and options given.
 * @example
 * const dns = factFromSpec(linuxResolvConf, { name: 'dns', os: 'linux', description: 'The resolvers and search domains.' });
 */
export function factFromSpec<T>(spec: ParserSpec<T>, options: FactOptions): CommandFact<T> {
  return defineFact<T>({ needsRoot: spec.needsRoot, description: spec.description, ...options, command: spec.command, parse: (stdout) => spec.parse(stdout) });
}

/** Checks and freezes a definition; `plugin` and `index` only improve the error messages. */
export function makeFact<T>(definition: unknown, plugin: string | undefined, index: number | undefined): Fact<T> {
  if (isFact(definition)) return definition as Fact<T>;
  const def = checkFactDefinition(definition, plugin, index) as Loose<T>;
  const name = def.name;
  const keys = Array.isArray(def.keys) ? Object.fromEntries((def.keys as string[]).map((k) => [k, `written with ${name}`])) : { ...(def.keys ?? {}) };
  const base = {
    [FACT]: true,
    name,
    os: Object.freeze(expandOs(def.os ?? 'any')),
    description: def.description ?? '',
    keys: Object.freeze(keys),
    needs: Object.freeze([...(def.needs ?? [])]),
    timeoutMs: def.timeoutMs,
    optIn: def.optIn === true,
  };
  if (def.command !== undefined && def.parse !== undefined) {
    const { command, parse } = def;
    const needsRoot = def.needsRoot === true;
    const spec = { name, command, parse, needsRoot, description: base.description };
    return Object.freeze({
      ...base, kind: 'command', command, parse, needsRoot,
      commands: Object.freeze([Object.freeze({ command, needsRoot, fallback: false })]),
      saga: named(name, function* (ctx: FactContext): Saga<T> {
        return yield* probe({ ...spec, parse: (stdout: string) => parse(stdout, ctx) }, ctx);
      }),
    }) as CommandFact<T>;
  }
  const commands = (def.commands ?? []).map((c) => Object.freeze(typeof c === 'string' ? { command: c, needsRoot: false, fallback: false } : { command: c.command, needsRoot: c.needsRoot === true, fallback: c.fallback === true }));
  const saga = def.saga!;
  return Object.freeze({
    ...base, kind: 'saga',
    needsRoot: def.needsRoot ?? commands.some((c) => c.needsRoot),
    commands: Object.freeze(commands),
    // A generator of the fact's name, so traces and saga traces show `nginx`, not `saga`.
    saga: named(name, function* (ctx: FactContext): Saga<FactOutput<T>> { return yield* saga.call(def, ctx); }),
  }) as SagaFact<T>;
}

/** Either kind of definition, once checked. */
type Loose<T> = FactOptions & {
  readonly command?: string;
  readonly parse?: (stdout: string, ctx: FactContext) => T;
  readonly saga?: (ctx: FactContext) => Saga<FactOutput<T>>;
  readonly commands?: readonly (string | CommandSpec)[];
};

function named<F extends (...args: never[]) => unknown>(name: string, fn: F): F {
  return Object.defineProperty(fn, 'name', { value: name });
}
