/**
 * Loading plugins from files and packages, as `plesio scan --plugin`, a config file and `plesio worker`
 * name them: each module is imported, its default export checked, the whole set checked against the
 * built-in plugins and each other — and every problem is a `PluginLoadError` naming the file.
 */
import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { factRegistry } from '../hosts/builtins.js';
import { definedBy, definePlugin, isPlugin, type Plugin } from '../hosts/plugin.js';
import { FactConflictError, PluginDefinitionError } from '../hosts/plugin-error.js';
import type { FactRegistry } from '../hosts/registry.js';
import { contentHash, PluginLoadError, plesioImportedFrom, resolvePluginFile, whereIs, type PluginFile } from './plugin-files.js';

export { PluginLoadError } from './plugin-files.js';

/** A plugin to load: a path or a package name, resolved from `base` (a folder). */
export interface PluginRequest {
  readonly spec: string;
  /** The folder it is resolved from: the working folder, or the folder of the config file naming it. */
  readonly base: string;
}

/** A loaded plugin and where it came from. */
export interface LoadedPlugin {
  readonly plugin: Plugin;
  readonly spec: string;
  /** Its module's real path. */
  readonly file: string;
  /** `sha256:<hex>` of its file (a path) or its package's files (a package); see `contentHash`. */
  readonly hash: string;
}

/** What a job says it needs of a plugin: a worker must have exactly this. */
export interface PluginRef {
  readonly name: string;
  readonly version: string;
  readonly hash: string;
}

/** A checked set of plugins. */
export interface PluginSet {
  /** In load order, each file once. */
  readonly loaded: readonly LoadedPlugin[];
  readonly plugins: readonly Plugin[];
  /** The registry of the built-in plugins and these. */
  readonly registry: FactRegistry;
  /** What a job names them by. */
  readonly refs: readonly PluginRef[];
}

/**
 * Loads the plugins in order (a file named twice, by any path or package, once) and checks them.
 * @example
 * const { plugins, registry } = await loadPlugins([{ spec: './acme.mjs', base: process.cwd() }]);
 */
export async function loadPlugins(requests: readonly PluginRequest[]): Promise<PluginSet> {
  const loaded: LoadedPlugin[] = [];
  for (const request of requests) {
    const where = resolvePluginFile(request.spec, request.base);
    if (loaded.some((l) => l.file === where.file)) continue;
    const plugin = await importPlugin(where);
    const twin = loaded.find((l) => l.plugin.name === plugin.name);
    if (twin !== undefined) {
      throw new PluginLoadError(where.spec, where.file, `defines the plugin ${JSON.stringify(plugin.name)}, as ${whereIs(twin.spec, twin.file)} does: each plugin needs its own name; load only one of them`);
    }
    loaded.push({ plugin, spec: where.spec, file: where.file, hash: hashOf(where) });
  }
  const plugins = loaded.map((l) => l.plugin);
  return { loaded, plugins, registry: checkedRegistry(plugins, loaded), refs: loaded.map(refOf) };
}

/**
 * What a job names a loaded plugin by.
 * @example
 * refOf(loaded) // => { name: 'acme', version: '1.2.0', hash: 'sha256:9f86d0…' }
 */
export function refOf(loaded: LoadedPlugin): PluginRef {
  return { name: loaded.plugin.name, version: loaded.plugin.version, hash: loaded.hash };
}

/** Imports one module and returns its default export as a checked plugin. */
async function importPlugin(where: PluginFile): Promise<Plugin> {
  const mod = await importModule(where, 'plugin');
  const value = mod['default'];
  const fail = (problem: string): never => { throw new PluginLoadError(where.spec, where.file, problem); };
  if (value === undefined) {
    const named = Object.keys(mod).find((k) => isPlugin(mod[k]));
    fail(`has no default export; a plugin module ends with export default definePlugin({ name, version, facts })${named === undefined ? '' : ` (it exports the plugin as ${named}: export it as default)`}`);
  }
  if (typeof value === 'function') fail('exports a function by default, not a plugin: export default definePlugin({ name, version, facts }) (a saga of your own runs with plesio run)');
  if (!isPlugin(value) && (value === null || typeof value !== 'object' || Array.isArray(value))) {
    fail(`exports ${value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`} by default, not a plugin: export default definePlugin({ name, version, facts })`);
  }
  let plugin: Plugin;
  try {
    plugin = definePlugin(value as Plugin);
  } catch (error) {
    if (error instanceof PluginDefinitionError) fail(`is not a valid plugin: ${error.message}`);
    throw error;
  }
  const copy = definedBy(plugin);
  if (isPlugin(value) && !copy.here) {
    const theirs = copy.copy === undefined ? 'an older plesio' : fileURLToPath(copy.copy);
    fail(`imports plesio from ${theirs}, not the plesio running it (${fileURLToPath(copy.ours)}): effects of one install do not run in another; run the plesio installed beside the plugin (npx plesio), or install the plugin where this plesio is`);
  }
  return plugin;
}

/**
 * Imports a module of the user's, turning what goes wrong into an error that names the file: a syntax
 * error (with its line), an import that cannot be found, a definition that throws.
 * @example
 * const mod = await importModule(resolvePluginFile('./saga.mjs', process.cwd()), 'saga');
 */
export async function importModule(where: PluginFile, what: 'plugin' | 'saga'): Promise<Record<string, unknown>> {
  try {
    return (await import(pathToFileURL(where.file).href)) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof PluginDefinitionError) throw new PluginLoadError(where.spec, where.file, `is not a valid ${what}: ${error.message}`, { cause: error, what });
    throw new PluginLoadError(where.spec, where.file, `does not load: ${describeLoadError(error, where.file)}`, { cause: error, what });
  }
}

function describeLoadError(error: unknown, file: string): string {
  if (!(error instanceof Error)) return `it threw ${String(error)}`;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') return error.message;
  return `${error.name}: ${error.message}${error instanceof SyntaxError ? syntaxErrorLine(file) : ''}`;
}

/**
 * Where a module's syntax error is: Node's import error does not say, `node --check` does (on its
 * first line of stderr, `/path/acme.mjs:3`). Run only once a module failed to load.
 */
function syntaxErrorLine(file: string): string {
  const check = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8', timeout: 10_000 });
  const first = check.stderr?.split('\n')[0] ?? '';
  const line = first.startsWith(`${file}:`) ? first.slice(file.length + 1) : '';
  return /^\d+$/.test(line) ? ` (line ${line})` : '';
}

/** The plesio package this code belongs to. */
export function ownPackage(): string {
  return plesioImportedFrom(dirname(fileURLToPath(import.meta.url))) ?? fileURLToPath(new URL('../../', import.meta.url));
}

function hashOf(where: PluginFile): string {
  try {
    return contentHash(where);
  } catch (error) {
    if (error instanceof PluginLoadError) throw error;
    throw new PluginLoadError(where.spec, where.file, `cannot be read to hash it: ${(error as Error).message}`, { cause: error });
  }
}

/** The registry of the plugins; its errors (two plugins defining one fact...) name the files. */
function checkedRegistry(plugins: readonly Plugin[], loaded: readonly LoadedPlugin[]): FactRegistry {
  const origin = (name: string): string => {
    const l = loaded.find((x) => x.plugin.name === name);
    return l === undefined ? `the built-in plugin ${JSON.stringify(name)}` : `plugin ${JSON.stringify(name)} of ${whereIs(l.spec, l.file)}`;
  };
  try {
    return factRegistry(plugins);
  } catch (error) {
    if (error instanceof FactConflictError) {
      const [a, b] = error.plugins;
      const second = loaded.find((l) => l.plugin.name === b);
      throw new PluginLoadError(second?.spec ?? b, second?.file, `${origin(a)} and ${origin(b)} both define the fact ${JSON.stringify(error.fact)} for ${error.os.join(', ')}; load only one of them, or narrow their os lists so they do not overlap`, { cause: error, whole: true });
    }
    if (error instanceof PluginDefinitionError && error.plugin !== undefined) {
      const l = loaded.find((x) => x.plugin.name === error.plugin);
      if (l !== undefined) throw new PluginLoadError(l.spec, l.file, `is not a valid plugin: ${error.message}`, { cause: error });
    }
    throw error;
  }
}
