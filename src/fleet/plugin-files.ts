/**
 * Where a plugin named on a command line or in a config file lives: a path (`./acme.mjs`), or a package
 * name resolved as Node resolves an import from that folder (`node_modules` upwards, the package's
 * `exports` for `import`, else its `main`). Also the content hash a distributed job names it by.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { PlesioError } from '../errors.js';

/** A plugin (or a `plesio run` saga) cannot be found, loaded or accepted. Names the file. */
export class PluginLoadError extends PlesioError {
  /** As the user wrote it: a path or a package name. */
  readonly spec: string;
  /** The file it resolved to, when it did. */
  readonly file: string | undefined;

  /**
   * `plugin ./acme.mjs (/home/me/acme.mjs): <problem>`; with `whole`, the problem is the whole message
   * (it names the files itself, as a conflict between two plugins does).
   */
  constructor(spec: string, file: string | undefined, problem: string, options: { cause?: unknown; what?: 'plugin' | 'saga'; whole?: boolean } = {}) {
    super('bad-plugin', options.whole === true ? problem : `${options.what ?? 'plugin'} ${whereIs(spec, file)}: ${problem}`, { cause: options.cause });
    this.spec = spec;
    this.file = file;
  }
}

/** `./acme.mjs (/home/me/acme.mjs)`, or the path alone when it is what was written. */
export function whereIs(spec: string, file: string | undefined): string {
  return file === undefined || file === spec ? spec : `${spec} (${file})`;
}

/** A resolved plugin module. */
export interface PluginFile {
  readonly spec: string;
  /** The module's real path (symbolic links resolved): the same file named twice is loaded once. */
  readonly file: string;
  /** The package folder, for a plugin named by its package. */
  readonly packageDir: string | undefined;
}

/**
 * Resolves `spec` from `base`: a path when it starts with `.` or `/` or names an existing file there,
 * else a package name (`acme`, `@acme/facts`, `@acme/facts/extra`).
 * @example
 * resolvePluginFile('./acme.mjs', process.cwd()); // => { spec: './acme.mjs', file: '/home/me/acme.mjs', packageDir: undefined }
 */
export function resolvePluginFile(spec: string, base: string, what: 'plugin' | 'saga' = 'plugin'): PluginFile {
  const fail = (file: string | undefined, problem: string): never => { throw new PluginLoadError(spec, file, problem, { what }); };
  const path = resolve(base, spec);
  if (/^\.{1,2}([/\\]|$)/.test(spec) || isAbsolute(spec) || existsSync(path)) {
    if (!existsSync(path)) fail(path, 'no such file');
    if (statSync(path).isDirectory()) fail(path, `is a folder: name the ${what}'s module file, or its package by name`);
    return { spec, file: realpathSync(path), packageDir: undefined };
  }
  const match = /^((?:@[^/\s]+\/)?[^/@\s][^/\s]*)(\/.*)?$/.exec(spec);
  if (match === null) return fail(undefined, 'is neither a path (./plugin.mjs) nor a package name (acme, @acme/facts)');
  const [, name, subpath] = match as unknown as [string, string, string | undefined];
  const dir = findPackage(name, base);
  if (dir === undefined) return fail(undefined, `no such file, and no package ${name} installed in ${base} or a folder above it (npm install ${name}, or write ./${spec} for a file)`);
  const entry = packageEntry(spec, dir, subpath === undefined ? '.' : `.${subpath}`);
  if (!existsSync(entry)) fail(entry, `package ${name} names this file as its entry, but it does not exist`);
  return { spec, file: realpathSync(entry), packageDir: realpathSync(dir) };
}

/** `node_modules/<name>` in `base` or the nearest folder above it that has one. */
function findPackage(name: string, base: string): string | undefined {
  for (let dir = resolve(base); ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

// The conditions of an ESM `import` in Node, in the order a package's `exports` may list them.
const CONDITIONS = new Set(['import', 'node', 'default', 'module-sync']);

/** The file a package exports at `subpath` for an import, per its `exports` or else `main`. */
function packageEntry(spec: string, dir: string, subpath: string): string {
  let manifest: { exports?: unknown; main?: unknown };
  try {
    manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as typeof manifest;
  } catch (error) {
    throw new PluginLoadError(spec, join(dir, 'package.json'), `cannot read the package's package.json: ${(error as Error).message}`);
  }
  if (manifest.exports === undefined) {
    if (subpath !== '.') return join(dir, subpath);
    return join(dir, typeof manifest.main === 'string' ? manifest.main : 'index.js');
  }
  const exportsMap = manifest.exports;
  const bySubpath = typeof exportsMap === 'object' && exportsMap !== null && !Array.isArray(exportsMap) && Object.keys(exportsMap).some((k) => k.startsWith('.'));
  const target = bySubpath ? (exportsMap as Record<string, unknown>)[subpath] : subpath === '.' ? exportsMap : undefined;
  const file = conditional(target);
  if (file === undefined) throw new PluginLoadError(spec, join(dir, 'package.json'), `the package exports nothing at ${subpath} for import`);
  return join(dir, file);
}

function conditional(target: unknown): string | undefined {
  if (typeof target === 'string') return target;
  if (Array.isArray(target)) return target.map(conditional).find((t) => t !== undefined);
  if (typeof target !== 'object' || target === null) return undefined;
  for (const [condition, value] of Object.entries(target)) {
    if (CONDITIONS.has(condition)) {
      const file = conditional(value);
      if (file !== undefined) return file;
    }
  }
  return undefined;
}

// A package is hashed file by file; these bounds keep a mistaken package (a whole project) from
// being read into memory.
const MAX_FILES = 5000;
const MAX_BYTES = 64 * 1024 * 1024;

/**
 * The content hash a job names a plugin by, `sha256:<hex>`: of the module file for a plugin given as a
 * path; of every file of the package (its own `node_modules` left out) for a package, so a changed
 * helper module changes it too.
 * @example
 * contentHash({ spec: './acme.mjs', file: '/home/me/acme.mjs', packageDir: undefined }); // => 'sha256:9f86d0…'
 */
export function contentHash(plugin: PluginFile): string {
  const hash = createHash('sha256');
  if (plugin.packageDir === undefined) return `sha256:${hash.update(readFileSync(plugin.file)).digest('hex')}`;
  const files = packageFiles(plugin, plugin.packageDir);
  let bytes = 0;
  for (const file of files) {
    const content = readFileSync(join(plugin.packageDir, file));
    bytes += content.length;
    if (bytes > MAX_BYTES) throw new PluginLoadError(plugin.spec, plugin.file, `its package ${plugin.packageDir} holds more than ${MAX_BYTES / 1024 / 1024} MiB; is it the right folder?`);
    // Length-prefixed, so no two packages hash alike by moving bytes from one file to the next.
    hash.update(`${file}\0${content.length}\0`).update(content);
  }
  return `sha256:${hash.digest('hex')}`;
}

/** Every file of a package folder, relative and sorted; `node_modules` and dot-folders left out. */
function packageFiles(plugin: PluginFile, root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || (entry.isDirectory() && entry.name.startsWith('.'))) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) out.push(relative(root, path).split(sep).join('/'));
      if (out.length > MAX_FILES) throw new PluginLoadError(plugin.spec, plugin.file, `its package ${root} holds more than ${MAX_FILES} files; is it the right folder?`);
    }
  };
  walk(root);
  return out.sort();
}

/**
 * The folder of the plesio package a module in `dir` would import as `plesio`, if any: the package
 * itself when `dir` is inside it, else `node_modules/plesio` of `dir` or a folder above (real path).
 */
export function plesioImportedFrom(dir: string): string | undefined {
  // Node's self-reference: the nearest package.json's own name, when it is plesio.
  for (let d = resolve(dir); ; d = dirname(d)) {
    const manifest = join(d, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'plesio') return realpathSync(d);
      } catch {
        // Not readable JSON: Node would not resolve through it either.
      }
      break;
    }
    if (dirname(d) === d) break;
  }
  const installed = findPackage('plesio', dir);
  return installed === undefined ? undefined : realpathSync(installed);
}
