/**
 * The saga of `plesio run`: a module's default export, a generator function, loaded as plugins are
 * (a path or an installed package) and checked before any host is touched.
 */
import { dirname } from 'node:path';
import { isPlugin } from '../hosts/plugin.js';
import { importModule, ownPackage } from './plugins.js';
import { PluginLoadError, plesioImportedFrom, resolvePluginFile } from './plugin-files.js';

/** A loaded saga module. */
export interface SagaModule {
  /** The default export: called with the run's argument object on every host. */
  readonly saga: (args: Readonly<Record<string, string>>) => unknown;
  readonly spec: string;
  /** The module's real path. */
  readonly file: string;
}

/**
 * Loads the saga module `spec` (resolved from `base`); throws `PluginLoadError` naming the file when it
 * does not load, has no default export, exports something else than a function, or imports another
 * install of plesio than this one.
 * @example
 * const { saga } = await loadSagaModule('./openssl-version.mjs', process.cwd());
 */
export async function loadSagaModule(spec: string, base: string): Promise<SagaModule> {
  const where = resolvePluginFile(spec, base, 'saga');
  const theirs = plesioImportedFrom(dirname(where.file));
  const ours = ownPackage();
  if (theirs !== undefined && theirs !== ours) {
    throw new PluginLoadError(spec, where.file, `would import plesio from ${theirs}, not the plesio running it (${ours}): effects of one install do not run in another; run the plesio installed beside the saga (npx plesio)`, { what: 'saga' });
  }
  const mod = await importModule(where, 'saga');
  const value = mod['default'];
  const fail = (problem: string): never => { throw new PluginLoadError(spec, where.file, problem, { what: 'saga' }); };
  if (value === undefined) fail('has no default export; plesio run runs the module\'s default export: export default function* (args) { ... }');
  if (isPlugin(value)) fail('exports a plugin, not a saga: gather its facts with plesio scan --plugin');
  if (typeof value !== 'function') fail(`exports ${value === null ? 'null' : `a ${typeof value}`} by default, not a saga: export default function* (args) { ... }`);
  return { saga: value as SagaModule['saga'], spec, file: where.file };
}
