/**
 * The config files: which are read and in what order (the user's, then the project's; `--config`
 * alone instead), paths relative to the file naming them, and bad files refused naming the file.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configFiles, readConfig } from '../../src/cli/config.js';

const root = mkdtempSync(join(tmpdir(), 'plesio-config-'));
let counter = 0;
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A home and a project folder holding `files` (paths relative to a case folder). */
function place(files: Record<string, string>): { dir: string; home: string; cwd: string; env: NodeJS.ProcessEnv } {
  const dir = join(root, `case-${++counter}`);
  mkdirSync(join(dir, 'home'), { recursive: true });
  mkdirSync(join(dir, 'project'), { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return { dir, home: join(dir, 'home'), cwd: join(dir, 'project'), env: { HOME: join(dir, 'home') } };
}

describe('config files', () => {
  it('reads the user\'s ~/.config/plesio/config, then the project\'s ./plesio.config, each plugin relative to its file', async () => {
    const p = place({
      'home/.config/plesio/config.yaml': 'plugins:\n  - ./mine.mjs\n  - "@acme/facts"\n',
      'project/plesio.config.json': JSON.stringify({ plugins: ['./lib/acme.mjs'] }),
    });
    const config = await readConfig({ cwd: p.cwd, env: p.env });
    expect(config.files).toEqual([join(p.home, '.config/plesio/config.yaml'), join(p.cwd, 'plesio.config.json')]);
    expect(config.plugins).toEqual([
      { spec: './mine.mjs', base: join(p.home, '.config/plesio') },
      { spec: '@acme/facts', base: join(p.home, '.config/plesio') },
      { spec: './lib/acme.mjs', base: p.cwd },
    ]);
  });

  it('takes the user\'s folder from XDG_CONFIG_HOME when it is set', async () => {
    const p = place({ 'xdg/plesio/config.json': '{"plugins":["./x.mjs"]}', 'home/.config/plesio/config.json': '{"plugins":["./ignored.mjs"]}' });
    expect(await configFiles({ cwd: p.cwd, env: { ...p.env, XDG_CONFIG_HOME: join(p.dir, 'xdg') } })).toEqual([join(p.dir, 'xdg/plesio/config.json')]);
  });

  it('reads only the file of --config, relative to the working folder, when it is given', async () => {
    const p = place({ 'home/.config/plesio/config.json': '{"plugins":["./a.mjs"]}', 'project/plesio.config.json': '{"plugins":["./b.mjs"]}', 'project/ci/plesio.yml': 'plugins: [./c.mjs]\n' });
    const config = await readConfig({ config: 'ci/plesio.yml', cwd: p.cwd, env: p.env });
    expect(config).toEqual({ files: [join(p.cwd, 'ci/plesio.yml')], plugins: [{ spec: './c.mjs', base: join(p.cwd, 'ci') }] });
  });

  it('reads nothing where there is no config file, and nothing from an empty YAML file', async () => {
    expect(await readConfig({ cwd: place({}).cwd, env: place({}).env })).toEqual({ files: [], plugins: [] });
    const p = place({ 'project/plesio.config.yaml': '# nothing yet\n' });
    expect((await readConfig({ cwd: p.cwd, env: p.env })).plugins).toEqual([]);
  });

  it('refuses a bad config file, naming it', async () => {
    const refused = async (files: Record<string, string>, config?: string): Promise<string> => {
      const p = place(files);
      const error = await readConfig({ config, cwd: p.cwd, env: p.env }).then(() => undefined, (e: Error) => e);
      expect(error?.name).toBe('UsageError');
      return error!.message.replaceAll(p.dir, '<dir>');
    };
    expect(await refused({ 'project/plesio.config.json': '{"plugins": [' })).toMatch(/^the config file <dir>\/project\/plesio\.config\.json is not valid JSON: /);
    expect(await refused({ 'project/plesio.config.yaml': 'plugins: [a\n' })).toMatch(/^the config file <dir>\/project\/plesio\.config\.yaml is not valid YAML: /);
    expect(await refused({ 'project/plesio.config.json': '{"plugin": ["./a.mjs"]}' })).toBe('the config file <dir>/project/plesio.config.json has an unknown setting "plugin"; known: plugins');
    expect(await refused({ 'project/plesio.config.json': '{"plugins": "./a.mjs"}' })).toBe('the config file <dir>/project/plesio.config.json: plugins must be a list of paths or package names, e.g. ["./acme.mjs", "@acme/plesio-facts"]');
    expect(await refused({ 'project/plesio.config.json': '[]' })).toBe('the config file <dir>/project/plesio.config.json must hold an object, e.g. { "plugins": ["./acme.mjs"] }');
    expect(await refused({ 'project/plesio.config.json': '{}', 'project/plesio.config.yaml': '{}' })).toBe('<dir>/project/plesio.config.json and <dir>/project/plesio.config.yaml: two config files in one place; keep one');
    expect(await refused({}, 'missing.json')).toBe('cannot read the config file <dir>/project/missing.json: it does not exist');
  });
});
