/**
 * Loading plugins from files and packages: resolution as Node resolves an import from a folder, each
 * file once, the content hash a job names a plugin by, and a clear error naming the file for every way
 * a plugin can be wrong. The plugin files are real modules in a temporary folder; they import plesio's
 * sources by URL, as the loader under test runs from them. (A syntax error is shown with its line by
 * test/cli/e2e-plugins.test.ts: here the test runner, not Node, would parse the module.)
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPlugins, refOf } from '../../src/fleet/plugins.js';
import { contentHash, resolvePluginFile } from '../../src/fleet/plugin-files.js';
import { loadSagaModule } from '../../src/fleet/saga-module.js';

const SRC = pathToFileURL(join(import.meta.dirname, '../../src/index.ts')).href;
const root = mkdtempSync(join(tmpdir(), 'plesio-plugins-'));
let counter = 0;
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A fresh folder holding `files` (path → text). */
function folder(files: Record<string, string>): string {
  const dir = join(root, `case-${++counter}`);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/**
 * A plugin module written with plain definitions, importing nothing: Node itself imports modules in
 * node_modules (the test runner only those outside), and Node cannot import plesio's TypeScript sources.
 */
const plainModule = (name: string, fact: string): string =>
  `export default { name: '${name}', version: '1.0.0', facts: [{ name: '${fact}', command: 'true', parse: () => 1 }] };\n`;

/** A plugin module: `facts` is the source of its fact list. */
const pluginModule = (name: string, facts = `[defineFact({ name: 'timezone', os: 'linux', command: 'date +%Z', parse: (s) => s.trim() })]`): string =>
  `import { defineFact, definePlugin } from '${SRC}';\nexport default definePlugin({ name: '${name}', version: '1.2.0', facts: ${facts} });\n`;

const load = (dir: string, ...specs: string[]) => loadPlugins(specs.map((spec) => ({ spec, base: dir })));
const sha256 = (path: string): string => `sha256:${createHash('sha256').update(readFileSync(path)).digest('hex')}`;

describe('loadPlugins', () => {
  it('loads a plugin file by its path from the folder given, with the registry of its facts and its hash', async () => {
    const dir = folder({ 'acme.mjs': pluginModule('acme') });
    const set = await load(dir, './acme.mjs');
    expect(set.loaded.map((l) => [l.plugin.name, l.file])).toEqual([['acme', join(dir, 'acme.mjs')]]);
    expect(set.registry.plan('linux', ['timezone']).map((p) => [p.plugin, p.fact.name])).toEqual([['acme', 'timezone']]);
    expect(set.refs).toEqual([{ name: 'acme', version: '1.2.0', hash: sha256(join(dir, 'acme.mjs')) }]);
    expect(refOf(set.loaded[0]!)).toEqual(set.refs[0]);
  });

  it('finds a package in node_modules of the folder or one above, through its exports for import, or its main', async () => {
    const dir = folder({
      'node_modules/@acme/facts/package.json': JSON.stringify({ name: '@acme/facts', exports: { '.': { require: './cjs.js', import: './lib/index.mjs' }, './extra': './lib/extra.mjs' } }),
      'node_modules/@acme/facts/lib/index.mjs': plainModule('@acme/facts', 'timezone'),
      'node_modules/@acme/facts/lib/extra.mjs': plainModule('acme-extra', 'extra'),
      'node_modules/old-style/package.json': JSON.stringify({ name: 'old-style', main: 'main.mjs' }),
      'node_modules/old-style/main.mjs': plainModule('old-style', 'old'),
      'project/sub/.keep': '',
    });
    const set = await load(join(dir, 'project', 'sub'), '@acme/facts', '@acme/facts/extra', 'old-style');
    expect(set.loaded.map((l) => [l.plugin.name, l.file])).toEqual([
      ['@acme/facts', join(dir, 'node_modules/@acme/facts/lib/index.mjs')],
      ['acme-extra', join(dir, 'node_modules/@acme/facts/lib/extra.mjs')],
      ['old-style', join(dir, 'node_modules/old-style/main.mjs')],
    ]);
  });

  it('loads a file named twice — by two paths, a link, or its package — once', async () => {
    const dir = folder({
      'acme.mjs': plainModule('acme', 'timezone'),
      'node_modules/acme/package.json': JSON.stringify({ name: 'acme', main: 'index.mjs' }),
    });
    symlinkSync(join(dir, 'acme.mjs'), join(dir, 'node_modules/acme/index.mjs'));
    symlinkSync(join(dir, 'acme.mjs'), join(dir, 'link.mjs'));
    const set = await load(dir, './acme.mjs', join(dir, 'acme.mjs'), './link.mjs', 'acme');
    expect(set.loaded.map((l) => l.file)).toEqual([join(dir, 'acme.mjs')]);
  });

  it('hashes a file plugin by its file and a package by all its files, so a changed helper changes the hash', () => {
    const dir = folder({
      'acme.mjs': 'export default 1;\n',
      'node_modules/pkg/package.json': JSON.stringify({ name: 'pkg', main: 'index.mjs' }),
      'node_modules/pkg/index.mjs': 'export * from "./helper.mjs";\n',
      'node_modules/pkg/helper.mjs': 'export const a = 1;\n',
      'node_modules/pkg/node_modules/dep/index.js': 'ignored\n',
    });
    const file = resolvePluginFile('./acme.mjs', dir);
    expect(contentHash(file)).toBe(sha256(join(dir, 'acme.mjs')));
    const pkg = resolvePluginFile('pkg', dir);
    const before = contentHash(pkg);
    expect(before).toMatch(/^sha256:[0-9a-f]{64}$/);
    writeFileSync(join(dir, 'node_modules/pkg/node_modules/dep/index.js'), 'changed, but not the package\'s own\n');
    expect(contentHash(pkg)).toBe(before);
    writeFileSync(join(dir, 'node_modules/pkg/helper.mjs'), 'export const a = 2;\n');
    expect(contentHash(pkg)).not.toBe(before);
  });
});

describe('a bad plugin is refused with an error naming its file', () => {
  const refused = async (files: Record<string, string>, ...specs: string[]): Promise<string> => {
    const dir = folder(files);
    const error = await load(dir, ...specs).then(() => undefined, (e: unknown) => e as Error & { code: string });
    expect(error).toBeDefined();
    expect(error!.code).toBe('bad-plugin');
    return error!.message.replaceAll(dir, '<dir>');
  };

  it('a module whose import cannot be found', async () => {
    expect(await refused({ 'acme.mjs': 'import "acme-missing-dependency";\nexport default {};\n' }, './acme.mjs'))
      .toMatch(/^plugin \.\/acme\.mjs \(<dir>\/acme\.mjs\): does not load: Cannot find package 'acme-missing-dependency' imported from <dir>\/acme\.mjs$/);
  });

  it('a module with no default export, pointing at the plugin it exports by name', async () => {
    const text = pluginModule('acme').replace('export default definePlugin', 'export const acme = definePlugin');
    expect(await refused({ 'acme.mjs': text }, './acme.mjs')).toBe('plugin ./acme.mjs (<dir>/acme.mjs): has no default export; a plugin module ends with export default definePlugin({ name, version, facts }) (it exports the plugin as acme: export it as default)');
  });

  it('a default export that is not a plugin: a function, a number, an object that is no plugin', async () => {
    expect(await refused({ 'a.mjs': 'export default function* saga() {}\n' }, './a.mjs')).toMatch(/^plugin \.\/a\.mjs \(<dir>\/a\.mjs\): exports a function by default, not a plugin: .*plesio run\)$/);
    expect(await refused({ 'a.mjs': 'export default 42;\n' }, './a.mjs')).toMatch(/^plugin \.\/a\.mjs \(<dir>\/a\.mjs\): exports a number by default, not a plugin/);
    expect(await refused({ 'a.mjs': 'export default { name: "a", facts: [] };\n' }, './a.mjs')).toBe('plugin ./a.mjs (<dir>/a.mjs): is not a valid plugin: plugin "a": version must be a version string such as 1.2.0, received undefined');
  });

  it('a fact without a name, or without a command or a saga, naming the plugin and the field', async () => {
    expect(await refused({ 'a.mjs': 'export default { name: "a", version: "1", facts: [{ command: "date", parse: (s) => s }] };\n' }, './a.mjs'))
      .toBe('plugin ./a.mjs (<dir>/a.mjs): is not a valid plugin: plugin "a", facts[0]: name must be a letter then letters, digits or _ (at most 64), received undefined');
    expect(await refused({ 'a.mjs': pluginModule('a', `[defineFact({ name: 'tz', os: 'linux' })]`) }, './a.mjs'))
      .toBe('plugin ./a.mjs (<dir>/a.mjs): is not a valid plugin: defineFact: fact "tz": command is missing: give a command with a parse function, or a saga');
  });

  it('two plugins defining one fact for one system, naming both files', async () => {
    expect(await refused({ 'a.mjs': pluginModule('a'), 'b.mjs': pluginModule('b') }, './a.mjs', './b.mjs'))
      .toBe('plugin "a" of ./a.mjs (<dir>/a.mjs) and plugin "b" of ./b.mjs (<dir>/b.mjs) both define the fact "timezone" for linux; load only one of them, or narrow their os lists so they do not overlap');
  });

  it('two files defining a plugin of one name, naming both', async () => {
    expect(await refused({ 'a.mjs': pluginModule('acme'), 'b.mjs': pluginModule('acme', `[defineFact({ name: 'other', command: 'true', parse: () => 1 })]`) }, './a.mjs', './b.mjs'))
      .toBe('plugin ./b.mjs (<dir>/b.mjs): defines the plugin "acme", as ./a.mjs (<dir>/a.mjs) does: each plugin needs its own name; load only one of them');
  });

  it('a file that does not exist, a folder, a package that is not installed', async () => {
    expect(await refused({}, './nope.mjs')).toBe('plugin ./nope.mjs (<dir>/nope.mjs): no such file');
    expect(await refused({ 'sub/x': '' }, './sub')).toBe('plugin ./sub (<dir>/sub): is a folder: name the plugin\'s module file, or its package by name');
    expect(await refused({}, '@acme/nope')).toMatch(/^plugin @acme\/nope: no such file, and no package @acme\/nope installed in <dir> or a folder above it/);
  });

  it('a plugin that imports another install of plesio than the one loading it', async () => {
    // The built package is another copy than the sources this test runs.
    const dist = pathToFileURL(join(import.meta.dirname, '../../dist/index.js')).href;
    const message = await refused({ 'a.mjs': pluginModule('a').replace(SRC, dist) }, './a.mjs');
    expect(message).toMatch(/^plugin \.\/a\.mjs \(<dir>\/a\.mjs\): imports plesio from \/.*\/dist\/, not the plesio running it \(\/.*\/src\/\): effects of one install do not run in another/);
  });
});

describe('loadSagaModule', () => {
  it('loads the default export of a module as the saga of plesio run', async () => {
    const dir = folder({ 'saga.mjs': 'export default function* inventory(args) { return args; }\n' });
    const { saga, file } = await loadSagaModule('./saga.mjs', dir);
    expect(file).toBe(join(dir, 'saga.mjs'));
    expect(saga.name).toBe('inventory');
  });

  it('refuses a module that exports a plugin, nothing, or no function, naming the file', async () => {
    const dir = folder({ 'plugin.mjs': pluginModule('acme'), 'none.mjs': 'export const a = 1;\n', 'text.mjs': 'export default "uname";\n' });
    const message = (spec: string) => loadSagaModule(spec, dir).then(() => '', (e: Error) => e.message.replaceAll(dir, '<dir>'));
    expect(await message('./plugin.mjs')).toBe('saga ./plugin.mjs (<dir>/plugin.mjs): exports a plugin, not a saga: gather its facts with plesio scan --plugin');
    expect(await message('./none.mjs')).toMatch(/^saga \.\/none\.mjs \(<dir>\/none\.mjs\): has no default export/);
    expect(await message('./text.mjs')).toMatch(/^saga \.\/text\.mjs \(<dir>\/text\.mjs\): exports a string by default, not a saga/);
  });
});
