/**
 * A plugin project outside the repository, as a user makes one from README alone: a temporary folder
 * with plesio installed (`node_modules/plesio`, a link to this repository, as `npm link plesio` makes),
 * and the files README's "Writing a plugin" and "plesio run" sections show — taken from README itself,
 * so the documented code is the tested code.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT, tempDir } from './helpers.js';

/**
 * The text of `name` in README: every fenced block whose first line is `// name` or `# name` (then
 * `// name (continued)`), joined in order. Throws when README shows no such file.
 */
export function readmeFile(name: string): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const mine = blocks.filter((b) => new RegExp(`^(//|#) ${name.replace(/\./g, '\\.')}( \\(continued\\))?\\n`).test(b));
  if (mine.length === 0) throw new Error(`README shows no file ${name} (a fenced block starting with "// ${name}")`);
  return mine.join('\n');
}

/** A plugin project: its folder, and a way to add files. */
export interface PluginProject {
  readonly dir: string;
  write(name: string, text: string): Promise<string>;
  remove(): Promise<void>;
}

/**
 * Makes a project folder holding README's acme.mjs, openssl.mjs and plesio.config.yaml (the config in
 * the subfolder `configured/`, next to a link to acme.mjs, so it applies only to runs started there).
 */
export async function pluginProject(): Promise<PluginProject> {
  const { dir, remove } = await tempDir('plesio-plugin-project-');
  await mkdir(join(dir, 'node_modules'));
  await symlink(ROOT, join(dir, 'node_modules', 'plesio'));
  const write = async (name: string, text: string): Promise<string> => {
    const path = join(dir, name);
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, text);
    return path;
  };
  await write('acme.mjs', readmeFile('acme.mjs'));
  await write('openssl.mjs', readmeFile('openssl.mjs'));
  await write('configured/plesio.config.yaml', readmeFile('plesio.config.yaml'));
  await symlink(join(dir, 'acme.mjs'), join(dir, 'configured', 'acme.mjs'));
  return { dir, write, remove };
}

/** What a command prints on this machine, trimmed; null when it fails (not installed). */
export function here(command: string, args: readonly string[]): string | null {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch {
    return null;
  }
}
