/**
 * `ansible_local` against the installed Ansible's own `local` collector: the same facts.d files (in a
 * temporary directory) read by the `local` fact's script and parser and named by the Ansible view, and
 * by LocalFactCollector with `fact_path` there — written cases (INI inheritance, interpolation,
 * continuation lines, comments, JSON values of every kind, broken and unreadable files, odd names) and
 * generated INI files.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { localFacts } from '../../src/ansible/local.js';
import { localFactsCommand } from '../../src/hosts/local/command.js';
import { parseLocalFacts } from '../../src/hosts/local/parse.js';
import { ansiblePython } from '../support/ansible-env.js';

const run = promisify(execFile);
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plesio-facts-d-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** plesio's `ansible_local` for the facts.d folder `path`: the local fact's script through /bin/sh, its parser, the view. */
async function plesioOf(path: string): Promise<unknown> {
  const { stdout } = await run('/bin/sh', ['-c', localFactsCommand({ exec: false, dirs: [{ path, kind: 'ansible' }] })]);
  const local = parseLocalFacts(stdout, undefined, [{ path, kind: 'ansible' }]);
  // As it would read on a host, where the folder is /etc/ansible/facts.d.
  return JSON.parse(JSON.stringify(localFacts({ local }, path)['local']).replaceAll(path, '/etc/ansible/facts.d'));
}

const plesio = (): Promise<unknown> => plesioOf(dir);

const ORACLE = `
import json, sys
from unittest import mock
from ansible.module_utils.facts.system.local import LocalFactCollector
out = []
for path in sys.argv[1:]:
    m = mock.MagicMock()
    m.params = {'fact_path': path}
    m.run_command.return_value = (0, '{}', '')
    try:
        out.append(json.dumps(LocalFactCollector().collect(m)['local']).replace(path, '/etc/ansible/facts.d'))
    except Exception as e:
        out.append(json.dumps({'raised': type(e).__name__}))
print(json.dumps(out))
`;

/** Ansible's reading of each directory (`{raised: name}` where its collector raises), its error texts naming /etc/ansible/facts.d. */
async function ansibleEach(dirs: string[]): Promise<unknown[]> {
  const { stdout } = await run(ansiblePython(), ['-c', ORACLE, ...dirs], { maxBuffer: 16 * 1024 * 1024 });
  return (JSON.parse(stdout) as string[]).map((text) => JSON.parse(text) as unknown);
}

const ansible = async (): Promise<unknown> => (await ansibleEach([dir]))[0];

async function files(entries: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(entries)) await writeFile(join(dir, name), text);
}

describe('ansible_local', () => {
  test('reads what Ansible reads from the same files, leaving out the scripts it would run', async () => {
    await files({
      'preferences.fact': '[general]\nasdf=1\nbar=2\n',
      'inherit.fact': '[DEFAULT]\nBase = /srv\nport: 80\n[app]\nPath = %(base)s/app\nlong = one\n  two\n\n  three\n; a comment\n# another\n[web]\nport = 8080\npercent = 100%%\n',
      'json-object.fact': '{"backup": true, "volumes": [], "nested": {"a": [1, 2.5, null]}}\n',
      'json-string.fact': '  "2f6e1c2a-0b5e-4c59-9d22-5f4e1b7c9a11"  \n',
      'json-number.fact': '42',
      'unicode.fact': '[ort]\nstadt = Zürich\n',
      'empty.fact': '',
      'no-section.fact': 'key = value\n',
      'no-delimiter.fact': '[s]\njust words\n',
      'twice.fact': '[s]\na = 1\n[s]\nb = 2\n',
      'a.factory.fact': '{"odd": "name"}',
      'script.fact': '#!/bin/sh\necho \'{"ran": true}\'\n',
    });
    await chmod(join(dir, 'script.fact'), 0o755);
    const theirs = (await ansible()) as Record<string, unknown>;
    // Ansible ran the script (answered `{}` here); plesio runs nothing on a host but its own commands.
    expect(theirs).toHaveProperty('script');
    delete theirs['script'];
    expect(await plesio()).toEqual(theirs);
  });

  test('reads generated INI files as configparser does', async () => {
    const key = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.-]{0,6}$/);
    const value = fc.stringMatching(/^[A-Za-z0-9 ./:_-]{0,12}$/);
    const line = fc.oneof(
      fc.tuple(key, fc.constantFrom('=', ' = ', ':', ': '), value).map(([k, d, v]) => `${k}${d}${v}`),
      value.map((v) => `   ${v}`), // a continuation, or a line out of place
      key.map((k) => `[${k}]`),
      fc.constantFrom('', '# comment', '; comment', '[DEFAULT]', 'ref = %(base)s/x', 'base = /srv', 'pct = 5%%'),
    );
    const texts = fc.sample(fc.array(line, { maxLength: 12 }).map((ls) => `[first]\n${ls.join('\n')}\n`), { numRuns: 150, seed: 18 });
    // One directory per file: a file Ansible's collector raises on ends that directory only.
    const dirs = texts.map((_, i) => join(dir, `d${i}`));
    await Promise.all(texts.map(async (text, i) => {
      await mkdir(dirs[i]!);
      await writeFile(join(dirs[i]!, 'generated.fact'), text);
    }));
    const theirs = await ansibleEach(dirs);
    const outcomes = { read: 0, raised: 0 };
    for (const [i, text] of texts.entries()) {
      const expected = theirs[i] as Record<string, unknown>;
      const ours = await plesioOf(dirs[i]!);
      if ('raised' in expected) {
        // A value configparser cannot interpolate ends Ansible 2.14's whole collector (no ansible_local
        // at all); plesio gives that one file Ansible's error text.
        expect(ours, text).toEqual({ generated: 'error loading facts as JSON or ini - please check content: /etc/ansible/facts.d/generated.fact' });
        outcomes.raised += 1;
      } else {
        expect(ours, text).toEqual(expected);
        outcomes.read += 1;
      }
    }
    expect(outcomes.read).toBeGreaterThan(100);
    expect(outcomes.raised).toBeGreaterThan(0);
  });

  test('gives a file whose value cannot be interpolated Ansible\'s error text, where Ansible 2.14 loses all its local facts', async () => {
    // ansible/ansible, test/integration/targets/facts_d/files/bad.fact
    await files({ 'bad.fact': '[bad fact]\nvalue = this is a % bad % fact\n', 'good.fact': '{"a": 1}' });
    expect(await ansible()).toEqual({ raised: 'InterpolationSyntaxError' });
    expect(await plesio()).toEqual({ good: { a: 1 }, bad: 'error loading facts as JSON or ini - please check content: /etc/ansible/facts.d/bad.fact' });
  });

  test('is {} without the folder or its files, and absent without the local fact', async () => {
    await expect(plesio()).resolves.toEqual({});
    await expect(plesioOf(join(dir, 'absent'))).resolves.toEqual({});
    expect(localFacts({})).toEqual({});
  });

  test('names the files plesio could not read as Ansible would have them: error text, empty, or left out', () => {
    const local = {
      ansible: { role: { role: 'db' } },
      errors: {
        '/etc/ansible/facts.d/broken.fact': { code: 'parse', message: 'neither JSON nor INI' },
        '/etc/ansible/facts.d/secret.fact': { code: 'unreadable', message: 'not readable by the scanning user' },
        '/etc/ansible/facts.d/probe.fact': { code: 'not-run', message: 'an executable fact file' },
        '/etc/ansible/facts.d/huge.fact': { code: 'too-large', message: 'more than 64 KiB' },
        '/etc/plesio/facts.d/app.json': { code: 'parse', message: 'not JSON' },
      },
    };
    expect(localFacts({ local })).toEqual({ local: {
      role: { role: 'db' },
      broken: 'error loading facts as JSON or ini - please check content: /etc/ansible/facts.d/broken.fact',
      // Ansible reads a file it cannot read as empty: no sections.
      secret: {},
    } });
  });
});
