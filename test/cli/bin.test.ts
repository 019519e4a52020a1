/**
 * The built binary runs by itself, as `npx plesio` and an `npm install -g` link run it: executable,
 * with its `#!/usr/bin/env node` line. `npx` keeps its link to dist/cli/main.js across rebuilds, so
 * the build itself must leave the file executable (tsc writes it 0644).
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { beforeAll, expect, test } from 'vitest';
import { CLI, E2E_TIMEOUT_MS, ensureBuilt } from './helpers.js';

beforeAll(() => ensureBuilt(), E2E_TIMEOUT_MS);

test('dist/cli/main.js runs directly, without node in front of it', async () => {
  const manifest = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  const { stdout } = await promisify(execFile)(CLI, ['--version']);
  expect(stdout.trim()).toBe(manifest.version);
});
