/**
 * The package as a newcomer meets it: a fresh `npm ci` runs exactly the install scripts declared in
 * `allowScripts` (npm 11 warns about, and will block, any other), and the README's way of saving this
 * machine's facts to a file — `npx plesio scan --local > facts.json`, or `npm start --silent` — gives
 * valid JSON, with no banner of npm's in it (issue 14, items 3 and 22).
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, test } from 'vitest';
import { E2E_TIMEOUT_MS, ensureBuilt, ROOT, tempDir } from './cli/helpers.js';

interface Manifest {
  allowScripts?: Record<string, boolean>;
  scripts: Record<string, string>;
}
interface Lock {
  packages: Record<string, { hasInstallScript?: boolean }>;
}

beforeAll(() => ensureBuilt(), E2E_TIMEOUT_MS);

describe('package.json', () => {
  test('allowScripts decides on every dependency with an install script, and on no other', async () => {
    const manifest = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as Manifest;
    const lock = JSON.parse(await readFile(join(ROOT, 'package-lock.json'), 'utf8')) as Lock;
    const withScripts = Object.entries(lock.packages)
      .filter(([path, entry]) => path !== '' && entry.hasInstallScript === true)
      .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));
    expect(withScripts.length).toBeGreaterThan(0);
    expect(Object.keys(manifest.allowScripts ?? {}).sort()).toEqual([...new Set(withScripts)].sort());
  });
});

describe('saving this machine\'s facts to a file', { timeout: E2E_TIMEOUT_MS }, () => {
  const run = (command: string, args: string[]) => promisify(execFile)(command, args, { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });

  test('the README\'s quick start saves the local facts as a valid JSON document, with npx plesio', async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    const quickStart = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('\n## ', readme.indexOf('## Quick start') + 1));
    const line = /^npx plesio scan --local > facts\.json\b/m.exec(quickStart);
    expect(line, 'the quick start shows npx plesio scan --local > facts.json').not.toBeNull();
    // A remote scan is shown too, with the same command.
    expect(quickStart).toMatch(/^npx plesio scan \S+@\S+/m);
    const { dir, remove } = await tempDir();
    try {
      const file = join(dir, 'facts.json');
      await promisify(execFile)('sh', ['-c', `npx plesio scan --local --facts os > ${file}`], { cwd: ROOT });
      expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject([{ status: 'ok', facts: { os: expect.any(Object) } }]);
    } finally {
      await remove();
    }
  });

  test('npm start --silent does too', async () => {
    const { stdout } = await run('npm', ['start', '--silent', '--', '--facts', 'os', '--quiet']);
    expect(JSON.parse(stdout)).toMatchObject([{ status: 'ok' }]);
  });
});
