// Module hooks that let this bench import the fault farm straight from its TypeScript sources in
// test/support/faults (Node 20 cannot run .ts itself): a `.js` import with no `.js` file next to a `.ts`
// file resolves to the `.ts` file, which the project's own TypeScript compiler transpiles (types dropped,
// nothing checked; `npm run typecheck` does that). Registered by matrix.mjs with `module.register`.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export async function resolve(specifier, context, nextResolve) {
  if (specifier.endsWith('.js') && context.parentURL?.endsWith('.ts') && (specifier.startsWith('./') || specifier.startsWith('../'))) {
    const url = new URL(specifier, context.parentURL);
    if (!existsSync(fileURLToPath(url))) {
      const source = new URL(specifier.replace(/\.js$/, '.ts'), context.parentURL);
      if (existsSync(fileURLToPath(source))) return { url: source.href, shortCircuit: true };
    }
  }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (!url.endsWith('.ts')) return nextLoad(url, context);
  const text = await readFile(fileURLToPath(url), 'utf8');
  const { outputText } = ts.transpileModule(text, {
    fileName: fileURLToPath(url),
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false, sourceMap: false },
  });
  return { format: 'module', source: outputText, shortCircuit: true };
}
