/**
 * README's plugin and saga, in a project outside the repository, with the built CLI against a real
 * loopback sshd: `facts --list`, `scan --plugin` and the config file, `plesio run`, `--record`/`--replay`,
 * `--trace`, `--store` and `plesio diff` — and a bad plugin refused with its file named, for every way
 * one can be wrong.
 */
import { cp, mkdir, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { HostReport } from '../../src/hosts/report.js';
import { startSshd, type TestSshd } from '../support/sshd.js';
import { E2E_TIMEOUT_MS, ensureBuilt, ROOT, runCli, tempDir, withoutTiming } from './helpers.js';
import { here, pluginProject, readmeFile, type PluginProject } from './plugin-project.js';

let sshd: TestSshd;
let home: { dir: string; remove: () => Promise<void> };
let project: PluginProject;
let auth: string[];
let target: string;

beforeAll(async () => {
  [, sshd, home, project] = await Promise.all([ensureBuilt(), startSshd(), tempDir(), pluginProject()]);
  auth = ['-i', sshd.clientKeyPath, '--known-hosts', sshd.knownHostsPath];
  target = `root@127.0.0.1:${sshd.port}`;
}, E2E_TIMEOUT_MS);
afterAll(async () => {
  await sshd?.stop();
  await home?.remove();
  await project?.remove();
});

/** The CLI started in the project folder (or a folder of it), as `npx plesio` there would. */
const plesio = (args: string[], cwd = project.dir) => runCli(args, { home: home.dir, cwd });
const reports = (run: { stdout: string }): HostReport[] => JSON.parse(run.stdout) as HostReport[];
/** This machine's answers, which the loopback host gives too. */
const timezone = here('date', ['+%Z']);
const opensslVersion = here('openssl', ['version'])?.split(/\s+/)[1] ?? null;

describe('a plugin written from README, with the built CLI', { timeout: E2E_TIMEOUT_MS }, () => {
  test('facts --list lists its facts with their plugin, version, file, commands and systems', async () => {
    const run = await plesio(['facts', '--list', '--plugin', './acme.mjs']);
    expect(run.code).toBe(0);
    const file = join(project.dir, 'acme.mjs');
    expect(run.stdout).toContain([
      'timezone                linux, sunos',
      '                        The abbreviation of the local timezone.',
      // plesio has a built-in timezone: README's fact of that name replaces it where it runs.
      `                          linux, sunos, from plugin acme 1.2.0 (${file}), replaces built-in linux, sunos:`,
      '                            $ date +%Z',
    ].join('\n'));
    expect(run.stdout).toMatch(/^nginx {19}linux$/m);
    expect(run.stdout).toContain(`                          linux, from plugin acme 1.2.0 (${file}):\n                            $ nginx -v 2>&1\n                            $ ls /etc/nginx/sites-enabled\n`);
    const json = JSON.parse((await plesio(['facts', '--list', '--plugin', './acme.mjs', '--format', 'json'])).stdout) as { name: string; sources: Record<string, unknown>[] }[];
    expect(json.find((f) => f.name === 'timezone')?.sources).toEqual([expect.objectContaining({ plugin: 'acme', version: '1.2.0', file, os: ['linux', 'sunos'], commands: ['date +%Z'], replaces: ['linux', 'sunos'] })]);
  });

  test('scan --plugin gathers its facts over SSH beside the built-in ones; --facts selects them', async () => {
    const run = await plesio(['scan', target, ...auth, '--plugin', './acme.mjs', '--facts', 'default,timezone,nginx']);
    expect(run.code).toBe(0);
    const [report] = reports(run);
    expect(report!.status).toBe('ok');
    expect(report!.facts).toMatchObject({ timezone, hostname: expect.any(String), os: expect.any(Object) });
    expect(report!.sources).toMatchObject({ timezone: 'date +%Z', hostname: expect.any(String) });
    // Not installed here: the saga's first answer ends it.
    if (here('nginx', ['-v']) === null) expect(report!.facts['nginx']).toBeNull();
    const only = reports(await plesio(['scan', target, ...auth, '--plugin', './acme.mjs', '--facts', 'timezone']))[0]!;
    expect(Object.keys(only.facts)).toEqual(['uname', 'kernel', 'architecture', 'timezone']);
  });

  test('loads the plugins of README\'s config file, and a plugin named twice once', async () => {
    const configured = join(project.dir, 'configured');
    const run = await plesio(['scan', target, ...auth, '--facts', 'timezone', '--plugin', '../acme.mjs'], configured);
    expect(run.code).toBe(0);
    expect(reports(run)[0]!.facts['timezone']).toBe(timezone);
    // Elsewhere the config file does not apply: timezone is the built-in one there, and nginx unknown.
    const elsewhere = await plesio(['scan', target, ...auth, '--facts', 'timezone']);
    expect(elsewhere.code).toBe(0);
    expect(reports(elsewhere)[0]!.facts['timezone']).toMatchObject({ abbreviation: timezone, utc_offset: expect.stringMatching(/^[+-]\d\d:\d\d$/) });
    const unknown = await plesio(['scan', target, ...auth, '--facts', 'nginx']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^plesio: --facts "nginx": unknown fact "nginx"/);
  });

  test('plesio run runs README\'s saga on a host with its --arg, reporting its state and return value', async () => {
    const run = await plesio(['run', './openssl.mjs', target, ...auth, '--arg', 'outdated=3']);
    expect(run.code).toBe(0);
    const [report] = reports(run) as (HostReport & { result: unknown })[];
    if (opensslVersion === null) {
      expect(report!.result).toBeNull();
    } else {
      expect(report!.result).toEqual({ version: opensslVersion, outdated: opensslVersion.startsWith('3') });
      expect(report!.facts).toEqual({ openssl: opensslVersion });
      expect(report!.sources).toEqual({ openssl: 'openssl version' });
    }
    expect(run.stderr).toMatch(/^plesio: ran \.\/openssl\.mjs on 1 host in .*: 1 ok, 0 partial, 0 failed\n$/);
    const table = await plesio(['run', './openssl.mjs', target, ...auth, '--format', 'table', '-q']);
    expect(table.stdout.split('\n')[0]).toMatch(/^HOST +STATUS +RESULT +ERROR$/);
    expect(table.stdout.split('\n')[1]).toMatch(new RegExp(`^${target.replace(/[.[\]]/g, '\\$&')} +ok +${opensslVersion === null ? '-' : '\\{"version"'}`));
  });

  test('--record then --replay give the same reports for plugin facts and for plesio run', async () => {
    const { dir, remove } = await tempDir();
    try {
      const scanArgs = ['--plugin', './acme.mjs', '--facts', 'default,timezone,nginx'];
      const recorded = await plesio(['scan', target, ...auth, ...scanArgs, '--record', join(dir, 'scan')]);
      const replayed = await plesio(['scan', target, ...scanArgs, '--replay', join(dir, 'scan')]);
      expect([recorded.code, replayed.code]).toEqual([0, 0]);
      expect(reports(replayed).map(withoutTiming)).toEqual(reports(recorded).map(withoutTiming));
      const fixture = JSON.parse(await readFile(join(dir, 'scan', (await readdir(join(dir, 'scan')))[0]!), 'utf8')) as { entries: { command: string }[] };
      expect(fixture.entries.map((e) => e.command)).toEqual(expect.arrayContaining(['date +%Z', 'nginx -v 2>&1']));

      const ran = await plesio(['run', './openssl.mjs', target, ...auth, '--record', join(dir, 'run')]);
      const rerun = await plesio(['run', './openssl.mjs', target, '--replay', join(dir, 'run')]);
      expect([ran.code, rerun.code]).toEqual([0, 0]);
      expect(reports(rerun).map(withoutTiming)).toEqual(reports(ran).map(withoutTiming));
    } finally {
      await remove();
    }
  });

  test('--trace shows the plugin facts\' tasks and commands, and the saga\'s', async () => {
    const file = join(home.dir, 'plugins.trace.json');
    expect((await plesio(['scan', target, ...auth, '--plugin', './acme.mjs', '--facts', 'timezone,nginx', '--trace', file])).code).toBe(0);
    const names = async (): Promise<string[]> => (JSON.parse(await readFile(file, 'utf8')) as { traceEvents: { name: string }[] }).traceEvents.map((e) => e.name);
    expect(await names()).toEqual(expect.arrayContaining(['call timezone', 'call nginx', 'exec date +%Z', 'exec nginx -v 2>&1']));
    expect((await plesio(['run', './openssl.mjs', target, ...auth, '--trace', file])).code).toBe(0);
    expect(await names()).toEqual(expect.arrayContaining(['task 1: openssl', 'exec openssl version']));
  });

  test('--store keeps plugin facts and saga results, and plesio diff shows what changed', async () => {
    const { dir, remove } = await tempDir();
    try {
      // Two recordings of the host, the second answering date and openssl otherwise: a host that changed.
      const changed = async (kind: string, args: string[], edit: Record<string, string>): Promise<void> => {
        expect((await plesio([...args, target, ...auth, '--record', join(dir, `${kind}-1`)])).code).toBe(0);
        await mkdir(join(dir, `${kind}-2`));
        const [name] = await readdir(join(dir, `${kind}-1`));
        const fixture = JSON.parse(await readFile(join(dir, `${kind}-1`, name!), 'utf8')) as { entries: { command: string; result: { stdout: string; code: number } }[] };
        for (const entry of fixture.entries) if (entry.command in edit) entry.result = { ...entry.result, stdout: edit[entry.command]!, code: 0 };
        await writeFile(join(dir, `${kind}-2`, name!), JSON.stringify(fixture));
      };
      const scan = ['scan', '--plugin', './acme.mjs', '--facts', 'timezone,hostname'];
      await changed('scan', scan, { 'date +%Z': 'CET\n' });
      const store = join(dir, 'scans.db');
      for (const n of [1, 2]) expect((await plesio([...scan.slice(0, 1), target, ...scan.slice(1), '--replay', join(dir, `scan-${n}`), '--store', store, '-q'])).code).toBe(0);
      const diff = await plesio(['diff', '--store', store]);
      expect(diff.code).toBe(0);
      expect(diff.stdout).toContain(`~ ${target}\n    timezone: ${JSON.stringify(timezone)} → "CET"\n`);

      const run = ['run', './openssl.mjs'];
      await changed('run', run, { 'openssl version': 'OpenSSL 1.0.2u  20 Dec 2019\n' });
      const runs = join(dir, 'runs.db');
      for (const n of [1, 2]) expect((await plesio([...run, target, '--replay', join(dir, `run-${n}`), '--store', runs, '-q'])).code).toBe(0);
      const runDiff = await plesio(['diff', '--store', runs]);
      expect(runDiff.code).toBe(0);
      expect(runDiff.stdout).toContain(opensslVersion === null
        ? `~ ${target}\n    + openssl: "1.0.2u"\n`
        : `~ ${target}\n    openssl: ${JSON.stringify(opensslVersion)} → "1.0.2u"\n    result.version: ${JSON.stringify(opensslVersion)} → "1.0.2u"\n    result.outdated: false → true\n`);
    } finally {
      await remove();
    }
  });
});

describe('a bad plugin is refused before any host, naming its file', { timeout: E2E_TIMEOUT_MS }, () => {
  /** Scans with the plugin `text` (and more arguments); returns stderr, the project folder shown as <dir>. */
  const refused = async (name: string, text: string, ...more: string[]): Promise<string> => {
    await project.write(name, text);
    const run = await plesio(['scan', target, ...auth, '--plugin', `./${name}`, ...more]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    return run.stderr.replaceAll(project.dir, '<dir>');
  };

  test('a module that does not load: a syntax error with its line, an import that cannot be found', async () => {
    expect(await refused('syntax.mjs', 'import { definePlugin } from \'plesio\';\n\nexport default definePlugin({\n  name: \'acme\' version: \'1\',\n});\n'))
      .toBe('plesio: plugin ./syntax.mjs (<dir>/syntax.mjs): does not load: SyntaxError: Unexpected identifier \'version\' (line 4)\n');
    expect(await refused('missing.mjs', 'import { definePlugin } from \'plesio\';\nimport { helper } from \'./helper.mjs\';\nexport default helper;\n'))
      .toMatch(/^plesio: plugin \.\/missing\.mjs \(<dir>\/missing\.mjs\): does not load: Cannot find module '<dir>\/helper\.mjs' imported from <dir>\/missing\.mjs\n$/);
  });

  test('no default export, or a default export that is not a plugin', async () => {
    expect(await refused('named.mjs', readmeFile('acme.mjs').replace('export default definePlugin', 'export const acme = definePlugin')))
      .toBe('plesio: plugin ./named.mjs (<dir>/named.mjs): has no default export; a plugin module ends with export default definePlugin({ name, version, facts }) (it exports the plugin as acme: export it as default)\n');
    expect(await refused('saga.mjs', 'export default function* () {}\n')).toMatch(/^plesio: plugin \.\/saga\.mjs \(<dir>\/saga\.mjs\): exports a function by default, not a plugin/);
  });

  test('a fact without a name, or without a command or a saga', async () => {
    expect(await refused('noname.mjs', 'import { definePlugin } from \'plesio\';\nexport default definePlugin({ name: \'x\', version: \'1\', facts: [{ command: \'date\', parse: (s) => s }] });\n'))
      .toBe('plesio: plugin ./noname.mjs (<dir>/noname.mjs): is not a valid plugin: plugin "x", facts[0]: name must be a letter then letters, digits or _ (at most 64), received undefined\n');
    expect(await refused('nocommand.mjs', 'import { defineFact, definePlugin } from \'plesio\';\nexport default definePlugin({ name: \'x\', version: \'1\', facts: [defineFact({ name: \'tz\' })] });\n'))
      .toBe('plesio: plugin ./nocommand.mjs (<dir>/nocommand.mjs): is not a valid plugin: defineFact: fact "tz": command is missing: give a command with a parse function, or a saga\n');
  });

  test('two plugins defining the same fact, naming both files', async () => {
    expect(await refused('other.mjs', 'import { definePlugin } from \'plesio\';\nexport default definePlugin({ name: \'other\', version: \'2.0.0\', facts: [{ name: \'timezone\', os: \'linux\', command: \'cat /etc/timezone\', parse: (s) => s.trim() }] });\n', '--plugin', './acme.mjs'))
      .toBe('plesio: plugin "other" of ./other.mjs (<dir>/other.mjs) and plugin "acme" of ./acme.mjs (<dir>/acme.mjs) both define the fact "timezone" for linux; load only one of them, or narrow their os lists so they do not overlap\n');
  });

  test('a plugin importing another install of plesio than the command running it', async () => {
    // Another project with a copy of plesio of its own, as `npm install plesio` there would give.
    const copy = join(project.dir, 'other-project', 'node_modules', 'plesio');
    await mkdir(copy, { recursive: true });
    await cp(join(ROOT, 'dist'), join(copy, 'dist'), { recursive: true });
    await cp(join(ROOT, 'package.json'), join(copy, 'package.json'));
    await symlink(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
    const message = await refused('other-project/acme.mjs', readmeFile('acme.mjs'));
    expect(message).toBe(`plesio: plugin ./other-project/acme.mjs (<dir>/other-project/acme.mjs): imports plesio from <dir>/other-project/node_modules/plesio/dist/, not the plesio running it (${ROOT}/dist/): effects of one install do not run in another; run the plesio installed beside the plugin (npx plesio), or install the plugin where this plesio is\n`);
    // A saga there is refused the same way by plesio run, before it is even imported.
    await project.write('other-project/openssl.mjs', readmeFile('openssl.mjs'));
    const run = await plesio(['run', './other-project/openssl.mjs', target, ...auth]);
    expect(run.code).toBe(1);
    expect(run.stderr.replaceAll(project.dir, '<dir>')).toBe(`plesio: saga ./other-project/openssl.mjs (<dir>/other-project/openssl.mjs): would import plesio from <dir>/other-project/node_modules/plesio, not the plesio running it (${ROOT}): effects of one install do not run in another; run the plesio installed beside the saga (npx plesio)\n`);
  });

  test('a parser throwing something else than ParseError fails its fact only, naming the plugin', async () => {
    await project.write('buggy.mjs', 'import { definePlugin } from \'plesio\';\nexport default definePlugin({ name: \'buggy\', version: \'0.1.0\', facts: [{ name: \'broken\', command: \'date +%Z\', parse: (s) => s.missing.trim() }] });\n');
    const run = await plesio(['scan', target, ...auth, '--plugin', './buggy.mjs', '--plugin', './acme.mjs', '--facts', 'broken,timezone,hostname']);
    expect(run.code).toBe(0);
    const [report] = reports(run);
    expect(report!.status).toBe('partial');
    expect(report!.facts).toMatchObject({ timezone, hostname: expect.any(String) });
    expect((report!.facts.errors as Record<string, unknown>)['broken']).toEqual({ code: 'plugin-error', message: expect.stringMatching(/^plugin "buggy", fact "broken": TypeError: Cannot read properties of undefined \(reading 'trim'\)/) });
  });
});
