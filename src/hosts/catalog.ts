/**
 * The fact catalog: one entry per fact key, generated from the fact definitions — what the value is,
 * on which systems, from which plugin, with which commands and whether they need root.
 */
import type { Fact } from './define-fact.js';
import { OS_FAMILIES, type OsFamily } from './os-family.js';
import { keysOf, type Plugin } from './plugin.js';

/** A registered fact: its plugin, and the systems it gathers on once user plugins replaced some. */
export interface RegistryEntry {
  readonly plugin: Plugin;
  readonly fact: Fact;
  readonly builtin: boolean;
  /** Its systems; a user fact of the same name may take some of them away from a built-in fact. */
  os: OsFamily[];
  /** The built-in plugins whose fact of this name it replaces. */
  readonly replaces: readonly string[];
}

/** How one plugin gathers a fact key on some systems. */
export interface FactSource {
  readonly plugin: string;
  /** The fact that writes the key (the key itself, or the fact it is written with, e.g. `device` for `bios`). */
  readonly fact: string;
  /** Its systems, or `['any']`. */
  readonly os: readonly (OsFamily | 'any')[];
  readonly description: string;
  readonly commands: readonly string[];
  readonly needsRoot: boolean;
  readonly needs: readonly string[];
  readonly optIn: boolean;
  /** The built-in plugins whose fact it replaces on these systems. */
  readonly replaces: readonly string[];
}

/** A fact key plesio can gather, for `plesio facts --list`. */
export interface FactInfo {
  readonly name: string;
  /** The systems it is gathered on, or `['any']`. */
  readonly os: readonly (OsFamily | 'any')[];
  /** Every command behind it, on any system. */
  readonly commands: readonly string[];
  /** Some command gives its full answer only as root on some system. */
  readonly needsRoot: boolean;
  readonly description: string;
  /** The plugins it comes from. */
  readonly plugins: readonly string[];
  /** Per plugin: the systems, commands and needs. */
  readonly sources: readonly FactSource[];
}

/** The catalog of `entries`, one entry per key in `order`. */
export function catalogOf(entries: readonly RegistryEntry[], order: readonly string[]): FactInfo[] {
  const out: FactInfo[] = [];
  for (const key of order) {
    const sources = entries.filter((e) => e.os.length > 0 && keysOf(e.fact).includes(key)).map((e) => sourceOf(e, key));
    if (sources.length === 0) continue;
    const os = OS_FAMILIES.filter((f) => sources.some((s) => s.os.includes(f) || s.os.includes('any')));
    out.push({
      name: key,
      os: anyIfAll(os),
      commands: [...new Set(sources.flatMap((s) => s.commands))],
      needsRoot: sources.some((s) => s.needsRoot),
      description: sources.find((s) => s.description !== '')?.description ?? '',
      plugins: [...new Set(sources.map((s) => s.plugin))],
      sources,
    });
  }
  return out;
}

function sourceOf(e: RegistryEntry, key: string): FactSource {
  const f = e.fact;
  return {
    plugin: e.plugin.name,
    fact: f.name,
    os: anyIfAll(e.os),
    description: key === f.name ? f.description : f.keys[key] ?? '',
    commands: f.commands.map((c) => c.command),
    needsRoot: f.needsRoot,
    needs: f.needs,
    optIn: f.optIn,
    replaces: e.replaces,
  };
}

function anyIfAll(os: readonly OsFamily[]): (OsFamily | 'any')[] {
  return os.length === OS_FAMILIES.length ? ['any'] : [...os];
}
