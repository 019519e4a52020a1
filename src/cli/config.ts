/**
 * plesio's config files. Read, in this order, each when it exists: the user's
 * `$XDG_CONFIG_HOME/plesio/config.{json,yaml,yml}` (`~/.config/…` without XDG_CONFIG_HOME), then the
 * project's `./plesio.config.{json,yaml,yml}` in the working folder; `--config FILE` reads that file
 * instead of both. Their `plugins` lists are loaded in that order, before the `--plugin` options; a
 * path in a config file is relative to the file, a package name is resolved from its folder.
 */
import { readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { PluginRequest } from '../fleet/plugins.js';
import { fileProblem, hasErrno, UsageError } from './usage-error.js';

/** What the config files say, merged. */
export interface CliConfig {
  /** The files read, in order. */
  readonly files: readonly string[];
  /** Their plugins, in order. */
  readonly plugins: readonly PluginRequest[];
}

/** Where the config files are looked for. */
export interface ConfigPlace {
  /** `--config FILE`: only this file. */
  readonly config?: string | undefined;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

const NAMES = ['json', 'yaml', 'yml'];
const KEYS = new Set(['plugins']);

/**
 * The config files that apply, in the order they are read.
 * @example
 * configFiles({ cwd: '/srv/scans', env: process.env }); // => ['/home/me/.config/plesio/config.yaml', '/srv/scans/plesio.config.json']
 */
export async function configFiles(place: ConfigPlace): Promise<string[]> {
  if (place.config !== undefined) return [resolve(place.cwd, place.config)];
  const xdg = place.env['XDG_CONFIG_HOME'];
  const userDir = xdg !== undefined && xdg.startsWith('/') ? join(xdg, 'plesio') : join(place.env['HOME'] ?? homedir(), '.config', 'plesio');
  const found: string[] = [];
  for (const stem of [join(userDir, 'config'), join(place.cwd, 'plesio.config')]) {
    const present: string[] = [];
    for (const ext of NAMES) if (await isFile(`${stem}.${ext}`)) present.push(`${stem}.${ext}`);
    if (present.length > 1) throw new UsageError(`${present.join(' and ')}: two config files in one place; keep one`);
    found.push(...present);
  }
  return found;
}

/**
 * Reads the config files that apply; throws `UsageError` naming the file for a bad one.
 * @example
 * const { plugins } = await readConfig({ cwd: process.cwd(), env: process.env });
 */
export async function readConfig(place: ConfigPlace): Promise<CliConfig> {
  const files = await configFiles(place);
  const plugins: PluginRequest[] = [];
  for (const file of files) plugins.push(...(await readOne(file)));
  return { files, plugins };
}

async function readOne(file: string): Promise<PluginRequest[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the config file ${file}: ${fileProblem(error)}`, { cause: error });
  }
  let data: unknown;
  try {
    // YAML loads only for a YAML config: every other start-up goes without it.
    data = /\.ya?ml$/.test(file) ? (await import('yaml')).parse(text) : JSON.parse(text);
  } catch (error) {
    throw new UsageError(`the config file ${file} is not valid ${/\.ya?ml$/.test(file) ? 'YAML' : 'JSON'}: ${(error as Error).message.split('\n')[0]}`, { cause: error });
  }
  // An empty YAML file is no settings.
  if (data === null || data === undefined) return [];
  if (typeof data !== 'object' || Array.isArray(data)) throw new UsageError(`the config file ${file} must hold an object, e.g. { "plugins": ["./acme.mjs"] }`);
  for (const key of Object.keys(data)) {
    if (!KEYS.has(key)) throw new UsageError(`the config file ${file} has an unknown setting ${JSON.stringify(key)}; known: ${[...KEYS].join(', ')}`);
  }
  const list = (data as { plugins?: unknown }).plugins;
  if (list === undefined) return [];
  if (!Array.isArray(list) || list.some((p) => typeof p !== 'string' || p.trim() === '')) {
    throw new UsageError(`the config file ${file}: plugins must be a list of paths or package names, e.g. ["./acme.mjs", "@acme/plesio-facts"]`);
  }
  return (list as string[]).map((spec) => ({ spec, base: dirname(file) }));
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch (error) {
    if (hasErrno(error, 'ENOENT', 'ENOTDIR')) return false;
    throw new UsageError(`cannot read the config file ${path}: ${fileProblem(error)}`, { cause: error });
  }
}
