/** `sources` of a report: for each fact key, the command it came from. */
import type { Provenance } from '../interpreter/state.js';

/**
 * The command behind each key of `facts`: the one a saga named with `sourcedFrom` (kept in the state's
 * `sources`), else the last command the task that put it ran.
 */
export function sourcesOf(facts: Readonly<Record<string, unknown>>, named: Readonly<Record<string, string>>, provenance: Readonly<Record<string, Provenance>>): Record<string, string> {
  const sources: Record<string, string> = {};
  for (const [key, who] of Object.entries(provenance)) {
    if (!(key in facts) || key === 'errors' || key === 'sources') continue;
    const command = named[key] ?? who.cause?.command;
    if (command !== undefined) sources[key] = command;
  }
  return sources;
}
