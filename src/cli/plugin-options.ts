/**
 * The plugins a command loads: the config files' `plugins` (see `config.ts`), then each `--plugin`, in
 * order, resolved from the working folder. A bad plugin stops the command before any host is touched,
 * with a one-line error naming the file.
 */
import { PlesioError } from '../errors.js';
import type { PluginSet } from '../fleet/plugins.js';
import { readConfig } from './config.js';
import { UsageError } from './usage-error.js';

/** The options of the commands that load plugins, as commander hands them over. */
export interface PluginFlags {
  /** `--plugin PATH|PACKAGE`, repeatable. */
  plugin?: string[];
  /** `--config FILE`: this config file instead of the user's and the project's. */
  config?: string;
}

/**
 * Loads the plugins of the config files and `--plugin`; undefined when there are none (nothing of
 * the plugin loader is then loaded either).
 * @example
 * const set = await loadCliPlugins({ plugin: ['./acme.mjs'] });
 */
export async function loadCliPlugins(flags: PluginFlags, cwd: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): Promise<PluginSet | undefined> {
  const config = await readConfig({ config: flags.config, cwd, env });
  const requests = [...config.plugins, ...(flags.plugin ?? []).map((spec) => ({ spec, base: cwd }))];
  if (requests.length === 0) return undefined;
  const { loadPlugins } = await import('../fleet/plugins.js');
  try {
    return await loadPlugins(requests);
  } catch (error) {
    if (error instanceof PlesioError && error.code === 'bad-plugin') throw new UsageError(error.message, { cause: error });
    throw error;
  }
}
