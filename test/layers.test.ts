/**
 * Pins the layout's one-way dependencies: cli → fleet/distributed/history/ansible → hosts/executors/testing →
 * interpreter → effects. Every import of `src` (static, `export … from`, type-only and dynamic
 * `import()`) is read with TypeScript's own scanner, so comments and strings never count; a folder
 * importing a higher layer fails the test naming the file, the line and the import. Folders of one
 * layer may use each other, but never both ways.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

/** The layers, lowest first; a folder may import its own layer and the ones below. */
const LAYERS: readonly (readonly string[])[] = [['effects'], ['interpreter'], ['hosts', 'executors', 'testing'], ['fleet', 'distributed', 'history', 'ansible'], ['cli']];
const LAYER_OF = new Map(LAYERS.flatMap((folders, level) => folders.map((folder) => [folder, level] as const)));
/** Files at the top of `src`: `errors.ts`, `escape-controls.ts` and `private-files.ts` are below everything, `index.ts` (the public entry) above all but cli. */
const ROOT_FILES: Readonly<Record<string, number>> = { 'errors.ts': -1, 'escape-controls.ts': -1, 'private-files.ts': -1, 'index.ts': LAYERS.length - 1.5 };

interface Import {
  /** The importing file, relative to `src` with `/`. */
  readonly file: string;
  readonly line: number;
  readonly specifier: string;
  /** The imported file, relative to `src` with `/`. */
  readonly target: string;
}

/** Every relative import of one source text. */
function importsOf(file: string, text: string): Import[] {
  const lines = (pos: number): number => text.slice(0, pos).split('\n').length;
  return ts.preProcessFile(text, true, true).importedFiles
    .filter((imported) => imported.fileName.startsWith('.'))
    .map((imported) => ({
      file,
      line: lines(imported.pos),
      specifier: imported.fileName,
      target: relative(SRC, resolve(SRC, dirname(file), imported.fileName)).split(sep).join('/'),
    }));
}

/** The folder of a file relative to `src` (`cli`, `hosts`…), or the file itself at the top of `src`. */
const unitOf = (file: string): string => file.split('/')[0]!;

function levelOf(unit: string): number | undefined {
  return unit in ROOT_FILES ? ROOT_FILES[unit] : LAYER_OF.get(unit);
}

/** Why an import breaks the layering, or undefined when it does not. */
function violation(imported: Import): string | undefined {
  const from = unitOf(imported.file);
  const to = unitOf(imported.target.replace(/\.js$/, '.ts'));
  if (from === to) return undefined;
  const [fromLevel, toLevel] = [levelOf(from), levelOf(to)];
  const where = `src/${imported.file}:${imported.line} imports '${imported.specifier}'`;
  if (fromLevel === undefined) return `${where}, but src/${from} has no layer: add it to LAYERS in test/layers.test.ts (and README's Layout)`;
  if (toLevel === undefined) return `${where}: src/${to} has no layer: add it to LAYERS in test/layers.test.ts (and README's Layout)`;
  if (toLevel > fromLevel) return `${where}: ${from} may not import ${to}, a higher layer (${layerNames()})`;
  return undefined;
}

function layerNames(): string {
  return [...LAYERS].reverse().map((folders) => folders.join('/')).join(' → ');
}

/** Every `.ts` file of `src`, relative to it with `/`. */
function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [relative(SRC, path).split(sep).join('/')] : [];
  });
}

/** Folder pairs of one layer that import each other, directly or through others: `a → b → a`. */
function cycles(imports: readonly Import[]): string[] {
  const edges = new Map<string, Set<string>>();
  for (const { file, target } of imports) {
    const [from, to] = [unitOf(file), unitOf(target.replace(/\.js$/, '.ts'))];
    if (from !== to) edges.set(from, (edges.get(from) ?? new Set()).add(to));
  }
  const found: string[] = [];
  const path: string[] = [];
  const visit = (unit: string): void => {
    if (path.includes(unit)) return void found.push([...path.slice(path.indexOf(unit)), unit].join(' → '));
    path.push(unit);
    for (const next of edges.get(unit) ?? []) visit(next);
    path.pop();
  };
  for (const unit of edges.keys()) visit(unit);
  return [...new Set(found)];
}

const all = sourceFiles().flatMap((file) => importsOf(file, readFileSync(join(SRC, file), 'utf8')));

describe('the layers of src', () => {
  it('has no import from a lower layer to a higher one', () => {
    expect(all.length).toBeGreaterThan(100);
    expect(all.map(violation).filter((v) => v !== undefined)).toEqual([]);
  });

  it('has no two folders that import each other, directly or through others', () => {
    expect(cycles(all)).toEqual([]);
  });

  it('gives every folder of src a layer', () => {
    const folders = readdirSync(SRC, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    expect(folders.filter((folder) => !LAYER_OF.has(folder))).toEqual([]);
  });

  it('names the file, the line and the import that goes up a layer, static, type-only or dynamic', () => {
    const text = '/** import { x } from "../cli/plan.js" is only a comment */\nimport type { HostPlan } from \'../cli/plan.js\';\nconst store = await import(\'../history/store.js\');\n';
    expect(importsOf('hosts/scan.ts', text).map(violation)).toEqual([
      "src/hosts/scan.ts:2 imports '../cli/plan.js': hosts may not import cli, a higher layer (cli → fleet/distributed/history/ansible → hosts/executors/testing → interpreter → effects)",
      "src/hosts/scan.ts:3 imports '../history/store.js': hosts may not import history, a higher layer (cli → fleet/distributed/history/ansible → hosts/executors/testing → interpreter → effects)",
    ]);
    expect(importsOf('interpreter/run.ts', "import { exec } from '../effects/exec.js';\nimport { PlesioError } from '../errors.js';\n").map(violation)).toEqual([undefined, undefined]);
    expect(importsOf('index.ts', "export * from './cli/main.js';\n").map(violation)).toEqual([
      "src/index.ts:1 imports './cli/main.js': index.ts may not import cli, a higher layer (cli → fleet/distributed/history/ansible → hosts/executors/testing → interpreter → effects)",
    ]);
    expect(importsOf('errors.ts', "import { exec } from './effects/exec.js';\n").map(violation)).toEqual([
      "src/errors.ts:1 imports './effects/exec.js': errors.ts may not import effects, a higher layer (cli → fleet/distributed/history/ansible → hosts/executors/testing → interpreter → effects)",
    ]);
    expect(cycles([...importsOf('fleet/a.ts', "import '../history/b.js';"), ...importsOf('history/b.ts', "import '../fleet/a.js';")])).toEqual(['fleet → history → fleet', 'history → fleet → history']);
  });
});
