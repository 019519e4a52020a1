/**
 * plesio's own facts, as the plugins they ship in, and the registry of a scan: the built-in plugins
 * first, then the user's, in the order given.
 */
import { commonPlugin } from './common/plugin.js';
import { linuxPlugin } from './linux/plugin.js';
import { sunosPlugin } from './sunos/plugin.js';
import { bsdPlugin } from './bsd/plugin.js';
import { darwinPlugin } from './darwin/plugin.js';
import { aixPlugin } from './aix/plugin.js';
import { hpuxPlugin } from './hpux/plugin.js';
import { localPlugin } from './local/plugin.js';
import { definePlugin, type Plugin, type PluginDefinition } from './plugin.js';
import { PluginDefinitionError } from './plugin-error.js';
import { FactRegistry } from './registry.js';

/**
 * The plugins plesio ships: `common`, `linux`, `sunos`, `bsd` (with macOS's BSD tools), `darwin`, `aix`,
 * `hpux`, and `local` (facts.d files, opt-in).
 */
export const builtinPlugins: readonly Plugin[] = Object.freeze([commonPlugin, linuxPlugin, sunosPlugin, bsdPlugin, darwinPlugin, aixPlugin, hpuxPlugin, localPlugin]);

const registries = new WeakMap<readonly unknown[], FactRegistry>();
let builtinRegistry: FactRegistry | undefined;

/**
 * The registry of the built-in plugins and `plugins` (after them, in order). A plugin fact with the
 * name of a built-in fact replaces it on the systems both cover; two plugins defining one fact for the
 * same system throw `FactConflictError`. The result is remembered per `plugins` array.
 * @example
 * const registry = factRegistry([acme]);
 * registry.plan('linux', ['timezone']);
 */
export function factRegistry(plugins: readonly (Plugin | PluginDefinition)[] = []): FactRegistry {
  if (plugins.length === 0) return (builtinRegistry ??= new FactRegistry(builtinPlugins, []));
  const known = registries.get(plugins);
  if (known !== undefined) return known;
  const checked = plugins.map((p) => definePlugin(p));
  const names = new Set(builtinPlugins.map((p) => p.name));
  for (const p of checked) {
    if (names.has(p.name)) {
      const why = builtinPlugins.some((b) => b.name === p.name) ? 'is the name of a built-in plugin' : 'is loaded twice (or two plugins share it)';
      throw new PluginDefinitionError({ plugin: p.name }, 'name', `${why}; each plugin needs its own name`);
    }
    names.add(p.name);
  }
  const registry = new FactRegistry(builtinPlugins, checked);
  registries.set(plugins, registry);
  return registry;
}
