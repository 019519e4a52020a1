/**
 * The fact registry: plesio's built-in plugins, then the user's, in order. It settles who gathers each
 * fact on each system (a user fact replaces the built-in fact of the same name there; two user plugins
 * may not both define one), plans a scan (selection, `needs`, `optIn`) and lists the catalog.
 */
import type { Fact } from './define-fact.js';
import { OS_FAMILIES, type OsFamily } from './os-family.js';
import { keysOf, type Plugin } from './plugin.js';
import { FactConflictError, PluginDefinitionError } from './plugin-error.js';
import { catalogOf, type FactInfo, type RegistryEntry } from './catalog.js';

/** A fact chosen for a scan, with the plugin it comes from. */
export interface PlannedFact {
  readonly plugin: string;
  readonly fact: Fact;
}

/**
 * In a selection, the word for every fact a scan gathers by default: `['default', 'local']` is the
 * default scan and the opt-in fact `local`. No fact may take the name.
 */
export const DEFAULT_FACTS = 'default';

/** The keys the scan gathers itself, before the system is known: a plugin cannot define them. */
export const SCAN_KEYS: readonly string[] = ['uname', 'kernel', 'architecture'];

/** Who gathers which fact on which system, for one set of plugins. */
export class FactRegistry {
  /** The plugins, built-in first, in load order. */
  readonly plugins: readonly Plugin[];
  /** Every fact key any plugin writes, in report order. */
  readonly names: readonly string[];
  /** The fact the scan runs first, on any system: `uname` (with `kernel` and `architecture`). */
  readonly uname: PlannedFact;
  private readonly entries: readonly RegistryEntry[];

  constructor(builtins: readonly Plugin[], plugins: readonly Plugin[]) {
    this.plugins = [...builtins, ...plugins];
    const entries: RegistryEntry[] = [];
    builtins.forEach((p) => p.facts.forEach((f) => entries.push(settle(entries, p, f, true))));
    plugins.forEach((p) => p.facts.forEach((f) => entries.push(settle(entries, p, f, false))));
    this.entries = entries;
    this.names = [...new Set(entries.flatMap((e) => keysOf(e.fact)))];
    checkNeeds(entries, this.names);
    const uname = entries.find((e) => e.builtin && e.fact.name === 'uname');
    if (uname === undefined) throw new PluginDefinitionError({ caller: 'definePlugin' }, 'facts', 'of the built-in plugins hold no uname fact');
    this.uname = { plugin: uname.plugin.name, fact: uname.fact };
  }

  /**
   * The facts to gather on `os` after `uname`: every fact but the opt-in ones, or those writing a key
   * of `selection` (with `default` in it, those and every fact but the opt-in ones); plus, transitively, the facts they need. Dependencies come first, then registry order.
   * @example
   * registry.plan('sunos', ['virtualization']).map((p) => p.fact.name) // => ['zonename', 'zones', 'device', 'cpu', 'virtualization']
   */
  plan(os: OsFamily, selection?: readonly string[]): PlannedFact[] {
    const active = this.entries.filter((e) => e.os.includes(os) && e.fact !== this.uname.fact);
    const writer = (key: string): RegistryEntry | undefined => active.find((e) => keysOf(e.fact).includes(key));
    const defaults = selection === undefined || selection.includes(DEFAULT_FACTS);
    const chosen = new Set(active.filter((e) => (defaults && !e.fact.optIn) || keysOf(e.fact).some((k) => selection?.includes(k) === true)));
    const planned: RegistryEntry[] = [];
    const visit = (e: RegistryEntry): void => {
      if (planned.includes(e)) return;
      // A need this system has no fact for is simply absent: the fact reads what there is.
      const needed = e.fact.needs.map(writer).filter((w) => w !== undefined);
      for (const w of needed.sort((a, b) => active.indexOf(a) - active.indexOf(b))) visit(w);
      planned.push(e);
    };
    for (const e of active) if (chosen.has(e)) visit(e);
    return planned.map((e) => ({ plugin: e.plugin.name, fact: e.fact }));
  }

  /** True when a built-in plugin gathers facts on `os` (beyond `uname`): the system is supported. */
  supports(os: OsFamily): boolean {
    return this.entries.some((e) => e.builtin && e.fact !== this.uname.fact && e.fact.os.includes(os));
  }

  /** Every fact key with the plugins, systems and commands behind it, for `plesio facts --list`. */
  catalog(): FactInfo[] {
    return catalogOf(this.entries, this.names);
  }
}

/** Places a fact among those already registered: replaces built-ins, or conflicts. */
function settle(entries: readonly RegistryEntry[], plugin: Plugin, fact: Fact, builtin: boolean): RegistryEntry {
  if (!builtin) {
    const scanKey = keysOf(fact).find((k) => SCAN_KEYS.includes(k));
    if (scanKey !== undefined) throw new PluginDefinitionError({ plugin: plugin.name, fact: fact.name }, 'name', `writes ${JSON.stringify(scanKey)}, which the scan gathers itself before it knows the system; choose another name`);
  }
  const replaces: string[] = [];
  for (const e of entries) {
    const os = e.os.filter((o) => fact.os.includes(o));
    const key = keysOf(fact).find((k) => keysOf(e.fact).includes(k));
    if (os.length === 0 || key === undefined) continue;
    if (builtin || !e.builtin || e.fact.name !== fact.name) throw new FactConflictError(key, e.plugin.name, plugin.name, os);
    // A user fact of a built-in fact's name takes its place on the systems both cover.
    e.os = e.os.filter((o) => !os.includes(o));
    if (!replaces.includes(e.plugin.name)) replaces.push(e.plugin.name);
  }
  return { plugin, fact, builtin, os: [...fact.os], replaces };
}

/** Every need names a known fact, and no system's needs form a cycle. */
function checkNeeds(entries: readonly RegistryEntry[], names: readonly string[]): void {
  for (const e of entries) {
    const unknown = e.fact.needs.find((n) => !names.includes(n));
    if (unknown !== undefined) throw new PluginDefinitionError({ plugin: e.plugin.name, fact: e.fact.name }, 'needs', `names ${JSON.stringify(unknown)}, which no plugin defines`);
  }
  for (const os of OS_FAMILIES) {
    const active = entries.filter((e) => e.os.includes(os));
    const state = new Map<RegistryEntry, 'visiting' | 'done'>();
    const visit = (e: RegistryEntry, path: string[]): void => {
      if (state.get(e) === 'done') return;
      if (state.get(e) === 'visiting') {
        throw new PluginDefinitionError({ plugin: e.plugin.name, fact: e.fact.name }, 'needs', `forms a cycle on ${os}: ${[...path.slice(path.indexOf(e.fact.name)), e.fact.name].join(' → ')}`);
      }
      state.set(e, 'visiting');
      for (const need of e.fact.needs) {
        const w = active.find((x) => keysOf(x.fact).includes(need));
        if (w !== undefined) visit(w, [...path, e.fact.name]);
      }
      state.set(e, 'done');
    };
    for (const e of active) visit(e, []);
  }
}
